using System.Diagnostics;
using System.Text;

namespace Observatory.Contracts;

/// <summary>Runs read-only git commands in a repository and captures their output.</summary>
internal static class GitCommand
{
    private static readonly TimeSpan _timeout = TimeSpan.FromMinutes(1);

    public static GitResult Run(string repositoryRoot, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        // -C instead of WorkingDirectory, so a wrong root fails with git's message rather than a Win32 one.
        startInfo.ArgumentList.Add("-C");
        startInfo.ArgumentList.Add(repositoryRoot);
        // Paths come back verbatim (no "\303\251" quoting of non-ASCII names).
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add("core.quotepath=off");
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["GIT_TERMINAL_PROMPT"] = "0";
        // Reading history must never take the index lock that a concurrent commit needs.
        startInfo.Environment["GIT_OPTIONAL_LOCKS"] = "0";

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new InvalidOperationException("git did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("git is not installed or not on PATH; the schema history check needs it.", e);
        }

        using (process)
        {
            var standardError = process.StandardError.ReadToEndAsync();
            var standardOutput = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(_timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"git {string.Join(' ', arguments)} did not finish within {_timeout}.");
            }

            return new GitResult(process.ExitCode, standardOutput.GetAwaiter().GetResult(), standardError.GetAwaiter().GetResult());
        }
    }

    /// <summary>Runs git and returns standard output, throwing with git's message on a non-zero exit.</summary>
    public static string RunOrThrow(string repositoryRoot, params string[] arguments)
    {
        var result = Run(repositoryRoot, arguments);
        return result.ExitCode == 0
            ? result.StandardOutput
            : throw new InvalidOperationException(
                $"git {string.Join(' ', arguments)} failed in {repositoryRoot} (exit {result.ExitCode}): {result.StandardError.Trim()}");
    }
}

/// <summary>Exit code and captured output of one git command.</summary>
internal sealed record GitResult(int ExitCode, string StandardOutput, string StandardError);
