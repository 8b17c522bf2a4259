using Observatory.Testing;

namespace Observatory.Database.Tests.Support;

/// <summary>A throwaway database with every embedded migration applied, shared by one test class.</summary>
public sealed class MigratedDatabase : IAsyncLifetime
{
    private PostgresTestDatabase? _database;

    public string ConnectionString => (_database ?? throw new InvalidOperationException("Not initialised.")).ConnectionString;

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("migrated");
        try
        {
            await new PostgresMigrator().MigrateAsync(_database.ConnectionString);
        }
        catch
        {
            // xunit does not dispose a fixture whose initialisation failed; do not leave the database behind.
            await DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
            _database = null;
        }
    }
}
