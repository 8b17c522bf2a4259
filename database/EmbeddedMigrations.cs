using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Observatory.Database;

/// <summary>Reads the migration scripts compiled into this assembly (resources <c>migrations/NNNN_name.sql</c>).</summary>
internal static partial class EmbeddedMigrations
{
    private const string ResourcePrefix = "migrations/";

    private static readonly Lazy<IReadOnlyList<DatabaseMigration>> _all = new(() => Load(typeof(EmbeddedMigrations).Assembly));

    public static IReadOnlyList<DatabaseMigration> All => _all.Value;

    public static IReadOnlyList<DatabaseMigration> Load(Assembly assembly)
    {
        var migrations = new List<DatabaseMigration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var fileName = resource[ResourcePrefix.Length..];
            var match = FileNamePattern().Match(fileName);
            if (!match.Success)
            {
                throw new InvalidOperationException(
                    $"Migration file '{fileName}' is not named NNNN_lower_case_name.sql (e.g. 0004_task_table.sql).");
            }

            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"Embedded resource '{resource}' could not be opened.");
            using var reader = new StreamReader(stream);
            var version = int.Parse(match.Groups["version"].Value, NumberStyles.None, CultureInfo.InvariantCulture);
            migrations.Add(new DatabaseMigration(version, match.Groups["name"].Value, reader.ReadToEnd()));
        }

        return Validate(migrations);
    }

    /// <summary>Orders migrations by version and rejects two scripts claiming the same version.</summary>
    public static IReadOnlyList<DatabaseMigration> Validate(IEnumerable<DatabaseMigration> migrations)
    {
        var ordered = migrations.OrderBy(m => m.Version).ToList();
        var duplicate = ordered.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException(
                $"Migrations {string.Join(" and ", duplicate.Select(m => m.Id))} share version {duplicate.Key}; every migration needs its own number.");
        }

        return ordered;
    }

    [GeneratedRegex(@"^(?<version>[0-9]{4})_(?<name>[a-z0-9]+(?:_[a-z0-9]+)*)\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex FileNamePattern();
}
