using Npgsql;

namespace Observatory.IntegrationTests.Infrastructure;

/// <summary>Reads task grain state straight from PostgreSQL: the durable truth, not a grain's memory.</summary>
public static class TaskStateTable
{
    /// <summary>How many task grains have persisted each status (the grain's state is JSON in the storage row).</summary>
    public static async Task<IReadOnlyDictionary<string, long>> CountByStatusAsync(string connectionString, string serviceId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT convert_from(payload, 'UTF8')::jsonb ->> 'status' AS status, count(*)
            FROM orleans_storage
            WHERE service_id = @serviceId AND grain_type = 'task' AND payload IS NOT NULL
            GROUP BY 1
            """,
            connection);
        command.Parameters.AddWithValue("serviceId", serviceId);
        var counts = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            counts[reader.IsDBNull(0) ? "?" : reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }
}
