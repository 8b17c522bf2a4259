using Observatory.Database;
using Observatory.Testing;

namespace Observatory.EventArchive.Tests;

/// <summary>A test database of its own with the Observatory schema (migrations 0001–0006) applied.</summary>
public sealed class PostgresArchiveDatabase : IAsyncLifetime
{
    private PostgresTestDatabase? _database;

    public PostgresTestDatabase Database => _database ?? throw new InvalidOperationException("Not initialised.");

    public string ConnectionString => Database.ConnectionString;

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("archive");
        await new PostgresMigrator().MigrateAsync(_database.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
