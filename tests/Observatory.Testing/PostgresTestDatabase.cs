using Npgsql;

namespace Observatory.Testing;

/// <summary>
/// A database of its own for one test class, created on the shared PostgreSQL server and dropped
/// (with its connections) when disposed, so tests never touch a running system's data.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    private PostgresTestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<PostgresTestDatabase> CreateAsync(string purpose)
    {
        // PostgreSQL truncates identifiers at 63 bytes; keep the whole random part.
        var name = $"obs_test_{purpose[..Math.Min(purpose.Length, 20)]}_{Guid.NewGuid():N}".ToLowerInvariant();
        await using (var admin = new NpgsqlConnection(TestEnvironment.PostgresAdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresAdminConnectionString) { Database = name };
        return new PostgresTestDatabase(name, builder.ConnectionString);
    }

    /// <summary>Opens a connection to this database.</summary>
    public async Task<NpgsqlConnection> OpenConnectionAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(TestEnvironment.PostgresAdminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", admin);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 50)
            {
                // An autovacuum worker is in the database (busy after a heavy test); only a superuser
                // may terminate it, and it finishes within moments.
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
    }
}
