namespace Observatory.Database;

/// <summary>One versioned SQL script from <c>database/migrations</c>, e.g. <c>0002_grain_storage.sql</c>.</summary>
public sealed class DatabaseMigration
{
    internal DatabaseMigration(int version, string name, string sql)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(version);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(sql);
        Version = version;
        Name = name;
        Sql = sql;
        Checksum = MigrationChecksum.Compute(sql);
    }

    /// <summary>The number in front of the file name; migrations run in ascending order of it.</summary>
    public int Version { get; }

    /// <summary>The rest of the file name, without extension (e.g. <c>grain_storage</c>).</summary>
    public string Name { get; }

    /// <summary>The script text.</summary>
    public string Sql { get; }

    /// <summary>Lower-case hex SHA-256 of the script (line endings normalised), recorded when applied.</summary>
    public string Checksum { get; }

    /// <summary>The file name without extension, e.g. <c>0002_grain_storage</c>.</summary>
    public string Id => $"{Version:D4}_{Name}";

    public override string ToString() => Id;
}
