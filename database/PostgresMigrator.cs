using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Observatory.Database;

/// <summary>
/// Brings a PostgreSQL database up to the schema embedded in this assembly: applies, in version
/// order, every migration not yet recorded in <c>schema_migrations</c>, each in its own transaction.
/// Safe to run from several processes at once: they queue on a session-level advisory lock.
/// </summary>
public sealed partial class PostgresMigrator
{
    /// <summary>
    /// The advisory-lock key every Observatory process uses for migrations ("obsmigr" in ASCII).
    /// Advisory locks are per database, so only processes migrating the same database wait for each other.
    /// </summary>
    public const long AdvisoryLockKey = 0x6F_62_73_6D_69_67_72;

    private const string CreateHistoryTableSql = """
        CREATE TABLE IF NOT EXISTS schema_migrations
        (
            version    integer     NOT NULL,
            name       text        NOT NULL,
            checksum   text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT schema_migrations_pkey PRIMARY KEY (version)
        )
        """;

    private readonly IReadOnlyList<DatabaseMigration> _migrations;
    private readonly ILogger _logger;

    public PostgresMigrator()
        : this(NullLogger<PostgresMigrator>.Instance)
    {
    }

    public PostgresMigrator(ILogger<PostgresMigrator> logger)
        : this(EmbeddedMigrations.All, logger)
    {
    }

    /// <summary>For tests: migrate with a script set other than the embedded one.</summary>
    internal PostgresMigrator(IEnumerable<DatabaseMigration> migrations, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        ArgumentNullException.ThrowIfNull(logger);
        _migrations = EmbeddedMigrations.Validate(migrations);
        _logger = logger;
    }

    /// <summary>The migrations this migrator knows, in the order it applies them.</summary>
    public IReadOnlyList<DatabaseMigration> Migrations => _migrations;

    /// <summary>
    /// Applies the pending migrations to the database <paramref name="connectionString"/> points at.
    /// </summary>
    /// <exception cref="MigrationChecksumMismatchException">An applied migration differs from this build's script.</exception>
    /// <exception cref="DatabaseMigrationException">A migration script failed; its transaction was rolled back.</exception>
    /// <exception cref="NpgsqlException">PostgreSQL could not be reached or the connection broke (see <see cref="NpgsqlException.IsTransient"/>).</exception>
    public async Task<MigrationResult> MigrateAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        // The advisory lock belongs to the server session. Without pooling, disposing the connection
        // ends the session and so releases the lock on every path, including a broken connection;
        // with pooling a lock could stay behind on a connection parked in the pool.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await AcquireLockAsync(connection, cancellationToken);

        await ExecuteAsync(connection, null, CreateHistoryTableSql, cancellationToken);
        var applied = await ReadAppliedAsync(connection, cancellationToken);
        VerifyApplied(applied);

        var newlyApplied = new List<DatabaseMigration>();
        foreach (var migration in _migrations.Where(m => !applied.ContainsKey(m.Version)))
        {
            await ApplyAsync(connection, migration, cancellationToken);
            newlyApplied.Add(migration);
        }

        var schemaVersion = applied.Keys.Concat(newlyApplied.Select(m => m.Version)).DefaultIfEmpty(0).Max();
        if (newlyApplied.Count == 0)
        {
            LogUpToDate(schemaVersion);
        }

        return new MigrationResult(newlyApplied, schemaVersion);
    }

    private async Task AcquireLockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using (var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection))
        {
            tryLock.Parameters.AddWithValue("key", AdvisoryLockKey);
            if ((bool)(await tryLock.ExecuteScalarAsync(cancellationToken))!)
            {
                return;
            }
        }

        // Another process is migrating; wait for it however long its scripts take (hence no command
        // timeout), then find its migrations already recorded.
        LogWaitingForLock();
        await using var waitLock = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection) { CommandTimeout = 0 };
        waitLock.Parameters.AddWithValue("key", AdvisoryLockKey);
        await waitLock.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<Dictionary<int, (string Name, string Checksum)>> ReadAppliedAsync(
        NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, (string, string)>();
        await using var command = new NpgsqlCommand("SELECT version, name, checksum FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied.Add(reader.GetInt32(0), (reader.GetString(1), reader.GetString(2)));
        }

        return applied;
    }

    private void VerifyApplied(Dictionary<int, (string Name, string Checksum)> applied)
    {
        // Check everything before applying anything, so a mismatch never leaves a half-upgraded schema.
        foreach (var migration in _migrations)
        {
            if (applied.TryGetValue(migration.Version, out var record)
                && (record.Checksum != migration.Checksum || record.Name != migration.Name))
            {
                throw new MigrationChecksumMismatchException(migration, record.Name, record.Checksum);
            }
        }

        foreach (var (version, record) in applied.Where(a => _migrations.All(m => m.Version != a.Key)))
        {
            // A newer build migrated this database (e.g. during a rolling upgrade); its migrations are
            // meant to be backward compatible, so an older build may keep running.
            LogUnknownMigration(version, record.Name);
        }
    }

    private async Task ApplyAsync(NpgsqlConnection connection, DatabaseMigration migration, CancellationToken cancellationToken)
    {
        LogApplying(migration.Id);
        var stopwatch = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
        }
        catch (PostgresException exception) when (!exception.IsTransient)
        {
            // The transaction rolls back when disposed; earlier migrations stay applied.
            throw new DatabaseMigrationException(
                $"Migration {migration.Id} failed and was rolled back: {exception.SqlState} {exception.MessageText}"
                + (exception.Position > 0 ? $" (at character {exception.Position} of the script)" : ""),
                exception);
        }

        await using (var record = new NpgsqlCommand(
            "INSERT INTO schema_migrations (version, name, checksum) VALUES (@version, @name, @checksum)", connection, transaction))
        {
            record.Parameters.AddWithValue("version", migration.Version);
            record.Parameters.AddWithValue("name", migration.Name);
            record.Parameters.AddWithValue("checksum", migration.Checksum);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        LogApplied(migration.Id, stopwatch.ElapsedMilliseconds);
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        // Schema changes may legitimately run long; cancellation comes through the token instead.
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Another process is migrating this database; waiting for it to finish")]
    private partial void LogWaitingForLock();

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying database migration {Migration}")]
    private partial void LogApplying(string migration);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied database migration {Migration} in {ElapsedMilliseconds} ms")]
    private partial void LogApplied(string migration, long elapsedMilliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema is up to date at version {SchemaVersion}")]
    private partial void LogUpToDate(int schemaVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database has migration {Version} ({Name}) that this build does not know; it was probably applied by a newer build")]
    private partial void LogUnknownMigration(int version, string name);
}
