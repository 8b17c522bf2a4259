namespace Observatory.Contracts.Tests;

/// <summary>A throwaway git repository under the temp folder, deleted on dispose.</summary>
internal sealed class TemporaryGitRepository : IDisposable
{
    public TemporaryGitRepository(bool initialize = true)
    {
        Root = Path.Combine(Path.GetTempPath(), "observatory-schema-history-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        if (initialize)
        {
            Git("init", "--quiet", "--initial-branch=main");
        }
    }

    public string Root { get; }

    public void Write(string relativePath, string text)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public void Delete(string relativePath) => File.Delete(Path.Combine(Root, relativePath));

    /// <summary>Stages everything and commits; returns the new commit hash.</summary>
    public string Commit(string message)
    {
        Git("add", "--all");
        // Identity and signing set per command, so the machine's git config cannot break or sign the test commits.
        Git("-c", "user.name=Schema History Test", "-c", "user.email=test@observatory.invalid", "-c", "commit.gpgsign=false",
            "-c", "core.hooksPath=/dev/null", "commit", "--quiet", "--message", message);
        return Git("rev-parse", "HEAD").Trim();
    }

    public string Git(params string[] arguments) => GitCommand.RunOrThrow(Root, arguments);

    public void Dispose()
    {
        if (!Directory.Exists(Root))
        {
            return;
        }

        // git writes read-only object files.
        foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }

        Directory.Delete(Root, recursive: true);
    }
}
