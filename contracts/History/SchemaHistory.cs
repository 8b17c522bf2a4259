using System.Text.Json;

namespace Observatory.Contracts;

/// <summary>
/// Enforces the bump policy on real history: every committed version of every schema file, oldest first
/// along the first-parent (mainline) chain, then the working-tree copy if it differs from HEAD, and
/// <see cref="SchemaCompatibility.CheckBump"/> on each consecutive pair. The seed system's checker only
/// listed changed files; this one diffs them.
/// </summary>
public sealed class SchemaHistory
{
    /// <summary>Where the contracts live, relative to the repository root.</summary>
    public const string DefaultSchemaDirectory = "contracts/schemas";

    /// <summary>The revision name of the uncommitted copy.</summary>
    public const string WorkingTree = "working-tree";

    private readonly string _repositoryRoot;
    private readonly string _schemaDirectory;

    /// <param name="repositoryRoot">The git work tree root.</param>
    /// <param name="schemaDirectory">Schema folder relative to the root, with forward slashes.</param>
    public SchemaHistory(string repositoryRoot, string schemaDirectory = DefaultSchemaDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(repositoryRoot);
        ArgumentException.ThrowIfNullOrWhiteSpace(schemaDirectory);
        _repositoryRoot = Path.GetFullPath(repositoryRoot);
        _schemaDirectory = schemaDirectory.Replace('\\', '/').Trim('/');
    }

    /// <summary>Repository-relative paths of every <c>*.json</c> directly in the schema folder, now or in any commit.</summary>
    public IReadOnlyList<string> ListSchemaFiles()
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        var directory = Path.Combine(_repositoryRoot, _schemaDirectory);
        if (Directory.Exists(directory))
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*.json"))
            {
                files.Add(_schemaDirectory + "/" + Path.GetFileName(file));
            }
        }

        if (HasCommits())
        {
            var output = GitCommand.RunOrThrow(_repositoryRoot, "log", "--first-parent", "--format=", "--name-only", "--", _schemaDirectory);
            foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (line.EndsWith(".json", StringComparison.Ordinal)
                    && string.Equals(Path.GetDirectoryName(line)?.Replace('\\', '/'), _schemaDirectory, StringComparison.Ordinal))
                {
                    files.Add(line);
                }
            }
        }

        return [.. files];
    }

    /// <summary>
    /// Every version of one file, oldest first: each first-parent commit that touched it (and still has it),
    /// then the working-tree copy when it differs from HEAD's. A file with no commits yet has only the working-tree copy.
    /// </summary>
    public IReadOnlyList<SchemaRevision> GetRevisions(string relativePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(relativePath);
        var revisions = new List<SchemaRevision>();
        string? headText = null;

        if (HasCommits())
        {
            var commits = GitCommand.RunOrThrow(_repositoryRoot, "log", "--first-parent", "--reverse", "--format=%H", "--", relativePath)
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var commit in commits)
            {
                // A commit that deleted the file touched it too; it has no version to compare.
                if (TryShow(commit, relativePath) is { } text)
                {
                    revisions.Add(new SchemaRevision(commit, text));
                }
            }

            headText = TryShow("HEAD", relativePath);
        }

        var workingPath = Path.Combine(_repositoryRoot, relativePath);
        if (File.Exists(workingPath))
        {
            var workingText = File.ReadAllText(workingPath);
            if (!string.Equals(workingText, headText, StringComparison.Ordinal))
            {
                revisions.Add(new SchemaRevision(WorkingTree, workingText));
            }
        }

        return revisions;
    }

    /// <summary>Checks every consecutive pair of revisions of every schema file.</summary>
    public SchemaHistoryReport Check()
    {
        var files = ListSchemaFiles();
        var steps = new List<SchemaHistoryStep>();
        var violations = new List<SchemaHistoryViolation>();

        foreach (var file in files)
        {
            var revisions = GetRevisions(file);
            for (var i = 1; i < revisions.Count; i++)
            {
                var (from, to) = (revisions[i - 1], revisions[i]);
                BumpCheckResult result;
                try
                {
                    result = SchemaCompatibility.CheckBump(from.Parse(), to.Parse());
                }
                catch (JsonException e)
                {
                    violations.Add(new SchemaHistoryViolation(file, from.Revision, to.Revision, "not valid JSON: " + e.Message));
                    continue;
                }

                steps.Add(new SchemaHistoryStep(file, from.Revision, to.Revision, result));
                violations.AddRange(result.Violations.Select(v => new SchemaHistoryViolation(file, from.Revision, to.Revision, v)));
            }

            if (revisions.Count > 0 && !File.Exists(Path.Combine(_repositoryRoot, file)))
            {
                violations.Add(new SchemaHistoryViolation(file, revisions[^1].Revision, WorkingTree,
                    "a published contract was deleted; consumers may still depend on it (mark it deprecated instead)"));
            }
        }

        return new SchemaHistoryReport(files, steps, violations);
    }

    /// <summary>False for a repository without commits; throws when the root is not a git work tree at all,
    /// so a wrong root cannot pass the check by having "no history".</summary>
    private bool HasCommits()
    {
        var inside = GitCommand.Run(_repositoryRoot, "rev-parse", "--is-inside-work-tree");
        if (inside.ExitCode != 0 || inside.StandardOutput.Trim() != "true")
        {
            throw new InvalidOperationException($"{_repositoryRoot} is not a git work tree: {inside.StandardError.Trim()}");
        }

        return GitCommand.Run(_repositoryRoot, "rev-parse", "--verify", "--quiet", "HEAD^{commit}").ExitCode == 0;
    }

    private string? TryShow(string revision, string relativePath)
    {
        var spec = revision + ":" + relativePath;
        return GitCommand.Run(_repositoryRoot, "cat-file", "-e", spec).ExitCode == 0
            ? GitCommand.RunOrThrow(_repositoryRoot, "show", spec).TrimStart('\uFEFF') // File.ReadAllText drops a BOM too
            : null;
    }
}
