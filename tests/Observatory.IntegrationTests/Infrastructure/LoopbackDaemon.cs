using System.Diagnostics;

namespace Observatory.IntegrationTests.Infrastructure;

/// <summary>
/// A Prometheus-family daemon (Prometheus, Alertmanager) started by a test on a loopback port with
/// its own data folder; disposing it kills the process and removes the folder.
/// </summary>
public sealed class LoopbackDaemon : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ProcessOutput _output;

    private LoopbackDaemon(string name, Process process, string directory, Uri baseAddress)
    {
        Name = name;
        _process = process;
        Directory = directory;
        BaseAddress = baseAddress;
        _output = ProcessOutput.Capture(process, 100);
    }

    public string Name { get; }

    /// <summary>The daemon's own folder: its configuration and data.</summary>
    public string Directory { get; }

    public Uri BaseAddress { get; }

    public string RecentOutput => _output.Recent;

    /// <summary>
    /// Starts <paramref name="executable"/> with the arguments <paramref name="arguments"/> builds from
    /// the daemon's folder and port, and waits until it answers <c>/-/ready</c>.
    /// </summary>
    public static async Task<LoopbackDaemon> StartAsync(string name, string executable, string directory, int port, Func<string, string, IEnumerable<string>> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var listen = $"127.0.0.1:{port}";
        var start = new ProcessStartInfo(executable, arguments(directory, listen))
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var daemon = new LoopbackDaemon(name, process, directory, new Uri($"http://{listen}"));
        try
        {
            await daemon._output.WaitForHttpAsync(process, name, daemon.BaseAddress, "/-/ready", TimeSpan.FromSeconds(30));
            return daemon;
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean /tmp; never worth failing a test over.
        }
    }
}
