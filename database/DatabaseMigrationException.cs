namespace Observatory.Database;

/// <summary>The database schema could not be brought up to date; the message says why and what to do.</summary>
public class DatabaseMigrationException : Exception
{
    public DatabaseMigrationException()
    {
    }

    public DatabaseMigrationException(string message)
        : base(message)
    {
    }

    public DatabaseMigrationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
