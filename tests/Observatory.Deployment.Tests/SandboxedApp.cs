using Observatory.Testing.Deployment;
using System.Diagnostics;
using System.Globalization;

namespace Observatory.Deployment.Tests;

/// <summary>
/// A published app started as its image starts it (the Dockerfile's ENTRYPOINT, ENV and USER),
/// under read-only-root.sh: read-only root filesystem, a tmpfs /tmp, a non-root user.
/// </summary>
internal sealed class SandboxedApp : IDisposable
{
    // Enough for every line a run at Warning level writes: the test searches all of it for symptoms.
    private const int OutputLines = 10_000;

    private readonly Process _process;
    private readonly ProcessOutput _output;

    private SandboxedApp(string name, Process process, Uri baseAddress)
    {
        Name = name;
        _process = process;
        BaseAddress = baseAddress;
        _output = ProcessOutput.Capture(process, OutputLines);
    }

    public string Name { get; }

    public Uri BaseAddress { get; }

    public string Output => _output.Recent;

    public int ProcessId => _process.Id;

    public static SandboxedApp Start(string name, Dockerfile image, string publishedApp, int httpPort, IDictionary<string, string> environment)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "read-only-root.sh");
        var start = new ProcessStartInfo("unshare", ["-m", "--propagation", "private", "sh", script, publishedApp, image.User, .. image.Entrypoint])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // No home directory in the image's sense: nothing may depend on one being writable.
        start.Environment["HOME"] = "/nonexistent";
        foreach (var (key, value) in image.Environment.Concat(environment))
        {
            start.Environment[key] = value;
        }

        start.Environment["ASPNETCORE_HTTP_PORTS"] = httpPort.ToString(CultureInfo.InvariantCulture);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start unshare.");
        return new SandboxedApp(name, process, new Uri($"http://127.0.0.1:{httpPort}/"));
    }

    public Task WaitUntilReadyAsync(TimeSpan timeout) => _output.WaitForHttpAsync(_process, Name, BaseAddress, "readyz", timeout);

    /// <summary>SIGTERM, as the kubelet stops a container; returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var cancellation = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancellation.Token);
        return _process.ExitCode;
    }

    /// <summary>A file of the running process's /proc directory; an app that died says how, with its output.</summary>
    private string ProcFile(string name)
    {
        AssertRunning();
        return $"/proc/{_process.Id}/{name}";
    }

    private void AssertRunning() =>
        Assert.False(_process.HasExited, $"{Name} exited with code {(_process.HasExited ? _process.ExitCode : 0)}:{System.Environment.NewLine}{Output}");

    /// <summary>A line of /proc/PID/status, e.g. "Uid".</summary>
    public string Status(string field) =>
        File.ReadAllLines(ProcFile("status")).Single(l => l.StartsWith(field + ":", StringComparison.Ordinal))[(field.Length + 1)..].Trim();

    /// <summary>The options of the mount the process reaches at a mount point (its root, or the top of a stack).</summary>
    public string MountOptions(string mountPoint)
    {
        // mountinfo fields: mount id, parent id, device, root, mount point, options, ...
        var mounts = File.ReadAllLines(ProcFile("mountinfo")).Select(l => l.Split(' ')).ToList();
        var ids = mounts.Select(m => m[0]).ToHashSet(StringComparer.Ordinal);
        var stacked = mounts.Where(f => f[4] == mountPoint).ToList();
        return (mountPoint == "/"
            ? stacked.Single(m => !ids.Contains(m[1]))
            : stacked.Single(m => !stacked.Any(other => other[1] == m[0])))[5];
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
