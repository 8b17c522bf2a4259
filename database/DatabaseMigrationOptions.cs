namespace Observatory.Database;

/// <summary>Settings of <see cref="DatabaseMigrationHostedService"/>.</summary>
public sealed class DatabaseMigrationOptions
{
    /// <summary>The database to migrate (Npgsql connection string). Required.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// How long to keep retrying while PostgreSQL cannot be reached (refused or dropped connections,
    /// "the database system is starting up", ...), so a silo started just before its database still
    /// comes up. Zero means a single attempt. Errors that retrying cannot fix fail at once.
    /// </summary>
    public TimeSpan ConnectRetryTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest pause between two attempts; pauses start at a quarter second and double.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);
}
