namespace Observatory.Database;

/// <summary>What one <see cref="PostgresMigrator.MigrateAsync"/> call did.</summary>
public sealed class MigrationResult
{
    internal MigrationResult(IReadOnlyList<DatabaseMigration> applied, int schemaVersion)
    {
        Applied = applied;
        SchemaVersion = schemaVersion;
    }

    /// <summary>The migrations this call applied, in order; empty when the database was already current.</summary>
    public IReadOnlyList<DatabaseMigration> Applied { get; }

    /// <summary>The highest migration version recorded in the database afterwards (0 for none).</summary>
    public int SchemaVersion { get; }
}
