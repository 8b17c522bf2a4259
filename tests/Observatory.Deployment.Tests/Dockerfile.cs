using System.Text.Json;
using System.Text.RegularExpressions;

namespace Observatory.Deployment.Tests;

/// <summary>The instructions of one of the repository's Dockerfiles that the image tests check and replay.</summary>
internal sealed partial class Dockerfile
{
    private readonly List<(string Instruction, string Arguments)> _lines;

    private Dockerfile(List<(string, string)> lines)
    {
        _lines = lines;
    }

    public static Dockerfile Of(string app)
    {
        // Join continuation lines, drop comments and blank lines.
        var text = ContinuedLine().Replace(File.ReadAllText(RepositoryPaths.Dockerfile(app)), " ");
        var lines = text.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', 2, StringSplitOptions.TrimEntries))
            .Select(p => (p[0].ToUpperInvariant(), p.Length > 1 ? p[1] : ""))
            .ToList();
        return new Dockerfile(lines);
    }

    public IReadOnlyList<string> BaseImages => Arguments("FROM").Select(a => a.Split(' ')[0]).ToList();

    /// <summary>The build stage's <c>dotnet publish</c> command, arguments after <c>dotnet</c>.</summary>
    public IReadOnlyList<string> PublishArguments =>
        Arguments("RUN").Select(a => a.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Single(a => a is ["dotnet", "publish", ..])[1..];

    /// <summary>Sources copied from the build context (not from another stage).</summary>
    public IReadOnlyList<string> CopiedSources =>
        Arguments("COPY").Where(a => !a.StartsWith("--from", StringComparison.Ordinal)).SelectMany(a => a.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipLast(1)).ToList();

    /// <summary>The project the restore step restores.</summary>
    public string RestoredProject =>
        Arguments("RUN").Select(a => a.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Single(a => a is ["dotnet", "restore", ..])[2];

    public IReadOnlyList<string> Entrypoint => JsonSerializer.Deserialize<string[]>(Arguments("ENTRYPOINT").Single())!;

    public string User => Arguments("USER").Last();

    public IReadOnlyList<int> ExposedPorts => Arguments("EXPOSE").SelectMany(a => a.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(int.Parse).ToList();

    /// <summary>The final stage's ENV settings.</summary>
    public IReadOnlyDictionary<string, string> Environment =>
        Arguments("ENV").SelectMany(a => a.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    private IEnumerable<string> Arguments(string instruction) => _lines.Where(l => l.Instruction == instruction).Select(l => l.Arguments);

    [GeneratedRegex(@"\\\r?\n")]
    private static partial Regex ContinuedLine();
}
