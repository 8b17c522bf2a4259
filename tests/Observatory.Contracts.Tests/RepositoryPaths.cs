namespace Observatory.Contracts.Tests;

/// <summary>Locates the repository from the test assembly, so tests read the real schemas and fixtures, not copies.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> _root = new(FindRoot);

    public static string Root => _root.Value;

    public static string Contracts => Path.Combine(Root, "contracts");

    public static string Schemas => Path.Combine(Contracts, "schemas");

    public static string Fixtures => Path.Combine(Contracts, "fixtures");

    public static string CompatFixtures => Path.Combine(Contracts, "compat-fixtures");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Observatory.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} contains Observatory.sln.");
    }
}
