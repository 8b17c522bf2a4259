namespace Observatory.Deployment.Tests;

/// <summary>Locates the repository from the test assembly, so tests read the real chart and Dockerfiles.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> _root = new(FindRoot);

    public static string Root => _root.Value;

    public static string Chart => Path.Combine(Root, "charts", "observatory");

    public static string Dockerfile(string app) => Path.Combine(Root, "deploy", "docker", $"{app}.Dockerfile");

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
