using Npgsql;

namespace Observatory.Database.Tests.Support;

/// <summary>Reads the query texts the Orleans providers would load, to run them directly in tests.</summary>
public static class OrleansQueries
{
    public static async Task<IReadOnlyDictionary<string, string>> LoadAsync(string connectionString)
    {
        var queries = new Dictionary<string, string>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // The very statement the providers use.
        await using var command = new NpgsqlCommand("SELECT QueryKey, QueryText FROM OrleansQuery", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            queries.Add(reader.GetString(0), reader.GetString(1));
        }

        return queries;
    }
}
