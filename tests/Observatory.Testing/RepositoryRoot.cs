namespace Observatory.Testing;

/// <summary>Locates the repository from the test assembly, so tests read the real configuration files, not copies.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> _path = new(Find);

    public static string Path => _path.Value;

    /// <summary>A file or folder of the repository, from path segments relative to its root.</summary>
    public static string Combine(params string[] segments) => System.IO.Path.Combine([Path, .. segments]);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Observatory.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} contains Observatory.sln.");
    }
}
