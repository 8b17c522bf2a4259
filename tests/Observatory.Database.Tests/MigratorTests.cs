using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Observatory.Testing;

namespace Observatory.Database.Tests;

/// <summary>How <see cref="PostgresMigrator"/> applies the embedded scripts. Each test gets a fresh database.</summary>
public sealed class MigratorTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public void EmbeddedMigrations_AreNumberedFromOneWithoutGaps()
    {
        var versions = new PostgresMigrator().Migrations.Select(m => m.Version).ToList();

        Assert.NotEmpty(versions);
        Assert.Equal(Enumerable.Range(1, versions.Count), versions);
    }

    [Fact]
    public async Task Migrate_FreshDatabase_AppliesEveryMigrationInOrderAndRecordsIt()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("migrate-fresh");
        var migrator = new PostgresMigrator();

        var result = await migrator.MigrateAsync(database.ConnectionString, Cancel);

        Assert.Equal(migrator.Migrations.Select(m => m.Id), result.Applied.Select(m => m.Id));
        Assert.Equal(migrator.Migrations[^1].Version, result.SchemaVersion);
        var recorded = await ReadHistoryAsync(database.ConnectionString);
        Assert.Equal(migrator.Migrations.Select(m => (m.Version, m.Name, m.Checksum)), recorded);
    }

    [Fact]
    public async Task Migrate_RunTwice_AppliesNothingTheSecondTime()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("migrate-twice");
        var migrator = new PostgresMigrator();
        var first = await migrator.MigrateAsync(database.ConnectionString, Cancel);

        var second = await migrator.MigrateAsync(database.ConnectionString, Cancel);

        Assert.NotEmpty(first.Applied);
        Assert.Empty(second.Applied);
        Assert.Equal(first.SchemaVersion, second.SchemaVersion);
        Assert.Equal(migrator.Migrations.Count, (await ReadHistoryAsync(database.ConnectionString)).Count);
    }

    [Fact]
    public async Task Migrate_FourMigratorsAtOnceOnAFreshDatabase_ApplyEachMigrationExactlyOnce()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("migrate-concurrent");
        var migrators = Enumerable.Range(0, 4).Select(_ => new PostgresMigrator()).ToList();

        var results = await Task.WhenAll(migrators.Select(m => Task.Run(() => m.MigrateAsync(database.ConnectionString, Cancel), Cancel)));

        var appliedIds = results.SelectMany(r => r.Applied).Select(m => m.Id).ToList();
        Assert.Equal(migrators[0].Migrations.Select(m => m.Id).Order(), appliedIds.Order());
        Assert.All(results, r => Assert.Equal(migrators[0].Migrations[^1].Version, r.SchemaVersion));
        Assert.Equal(migrators[0].Migrations.Count, (await ReadHistoryAsync(database.ConnectionString)).Count);
    }

    [Fact]
    public async Task Migrate_AppliedMigrationWasEdited_FailsWithAChecksumMismatchNamingIt()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("migrate-checksum");
        var migrator = new PostgresMigrator();
        await migrator.MigrateAsync(database.ConnectionString, Cancel);
        // Same effect as editing 0002 after it was applied: the recorded and the embedded checksum differ.
        await ExecuteAsync(database.ConnectionString, "UPDATE schema_migrations SET checksum = 'deadbeef' WHERE version = 2");

        var exception = await Assert.ThrowsAsync<MigrationChecksumMismatchException>(
            () => migrator.MigrateAsync(database.ConnectionString, Cancel));

        Assert.Equal(2, exception.Version);
        Assert.Equal("deadbeef", exception.AppliedChecksum);
        Assert.Equal(migrator.Migrations[1].Checksum, exception.EmbeddedChecksum);
        Assert.Contains(migrator.Migrations[1].Id, exception.Message, StringComparison.Ordinal);
        Assert.Contains("must never be edited", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_ChecksumMismatch_AppliesNothingNew()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("migrate-mismatch-stop");
        var first = new PostgresMigrator([Script(1, "one", "CREATE TABLE one (id int)")], NullLogger.Instance);
        await first.MigrateAsync(database.ConnectionString, Cancel);
        var edited = new PostgresMigrator(
            [Script(1, "one", "CREATE TABLE one (id bigint)"), Script(2, "two", "CREATE TABLE two (id int)")], NullLogger.Instance);

        await Assert.ThrowsAsync<MigrationChecksumMismatchException>(() => edited.MigrateAsync(database.ConnectionString, Cancel));

        Assert.False(await TableExistsAsync(database.ConnectionString, "two"));
    }

    [Fact]
    public async Task Migrate_AScriptFails_RollsBackOnlyThatMigrationAndSaysWhich()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("migrate-failing");
        var migrator = new PostgresMigrator(
            [
                Script(1, "good", "CREATE TABLE good (id int)"),
                Script(2, "bad", "CREATE TABLE half_done (id int); SELECT * FROM no_such_table;"),
            ],
            NullLogger.Instance);

        var exception = await Assert.ThrowsAsync<DatabaseMigrationException>(() => migrator.MigrateAsync(database.ConnectionString, Cancel));

        Assert.Contains("0002_bad", exception.Message, StringComparison.Ordinal);
        Assert.Contains("no_such_table", exception.Message, StringComparison.Ordinal);
        Assert.Equal([(1, "good")], (await ReadHistoryAsync(database.ConnectionString)).Select(h => (h.Version, h.Name)));
        Assert.True(await TableExistsAsync(database.ConnectionString, "good"));
        Assert.False(await TableExistsAsync(database.ConnectionString, "half_done"));
    }

    [Fact]
    public async Task MigrationScripts_RunAgainByHand_AreHarmlessAndRestoreTheQueryTexts()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("migrate-rerun");
        var migrator = new PostgresMigrator();
        await migrator.MigrateAsync(database.ConnectionString, Cancel);
        await ExecuteAsync(database.ConnectionString, "UPDATE OrleansQuery SET QueryText = 'broken' WHERE QueryKey = 'WriteToStorageKey'");

        foreach (var migration in migrator.Migrations)
        {
            await ExecuteAsync(database.ConnectionString, migration.Sql);
        }

        var queries = await Support.OrleansQueries.LoadAsync(database.ConnectionString);
        Assert.Contains("INSERT INTO orleans_storage", queries["WriteToStorageKey"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_DatabaseHasAMigrationThisBuildDoesNotKnow_KeepsWorking()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("migrate-newer");
        var newer = new PostgresMigrator(
            [Script(1, "one", "CREATE TABLE one (id int)"), Script(2, "two", "CREATE TABLE two (id int)")], NullLogger.Instance);
        await newer.MigrateAsync(database.ConnectionString, Cancel);
        var older = new PostgresMigrator([Script(1, "one", "CREATE TABLE one (id int)")], NullLogger.Instance);

        var result = await older.MigrateAsync(database.ConnectionString, Cancel);

        Assert.Empty(result.Applied);
        Assert.Equal(2, result.SchemaVersion);
    }

    [Fact]
    public void Checksum_IgnoresLineEndings()
    {
        Assert.Equal(Script(1, "a", "SELECT 1;\r\nSELECT 2;\r\n").Checksum, Script(1, "a", "SELECT 1;\nSELECT 2;\n").Checksum);
        Assert.NotEqual(Script(1, "a", "SELECT 1;").Checksum, Script(1, "a", "SELECT 2;").Checksum);
    }

    [Fact]
    public void Migrator_TwoScriptsWithOneVersion_IsRejected()
    {
        var exception = Assert.Throws<InvalidOperationException>(
            () => new PostgresMigrator([Script(1, "a", "SELECT 1"), Script(1, "b", "SELECT 2")], NullLogger.Instance));

        Assert.Contains("0001_a and 0001_b", exception.Message, StringComparison.Ordinal);
    }

    private static DatabaseMigration Script(int version, string name, string sql) => new(version, name, sql);

    private static async Task<List<(int Version, string Name, string Checksum)>> ReadHistoryAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT version, name, checksum FROM schema_migrations ORDER BY version", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(int, string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt32(0), reader.GetString(1), reader.GetString(2)));
        }

        return rows;
    }

    private static async Task<bool> TableExistsAsync(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection);
        command.Parameters.AddWithValue("table", table);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
