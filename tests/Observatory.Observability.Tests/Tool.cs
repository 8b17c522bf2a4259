using System.Diagnostics;

namespace Observatory.Observability.Tests;

/// <summary>Runs a command-line tool (promtool, amtool) and captures what it printed.</summary>
internal static class Tool
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string executable, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(executable, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }
}
