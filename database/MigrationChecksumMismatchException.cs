namespace Observatory.Database;

/// <summary>
/// A migration recorded as applied no longer matches the script of the same version in this build:
/// someone edited an applied script (or the database belongs to a different branch). Never retried.
/// </summary>
public sealed class MigrationChecksumMismatchException : DatabaseMigrationException
{
    public MigrationChecksumMismatchException()
    {
    }

    public MigrationChecksumMismatchException(string message)
        : base(message)
    {
    }

    public MigrationChecksumMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal MigrationChecksumMismatchException(DatabaseMigration embedded, string appliedName, string appliedChecksum)
        : base($"Migration {embedded.Version:D4} was applied to this database as '{appliedName}' with checksum {appliedChecksum}, "
            + $"but this build's script {embedded.Id}.sql has checksum {embedded.Checksum}. "
            + "Applied migrations must never be edited: restore the original script and put the change into a new migration.")
    {
        Version = embedded.Version;
        AppliedChecksum = appliedChecksum;
        EmbeddedChecksum = embedded.Checksum;
    }

    /// <summary>The version of the migration that differs.</summary>
    public int Version { get; }

    /// <summary>The checksum stored in <c>schema_migrations</c> when the migration was applied.</summary>
    public string? AppliedChecksum { get; }

    /// <summary>The checksum of the script in this build.</summary>
    public string? EmbeddedChecksum { get; }
}
