using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;

namespace Observatory.Testing.Deployment;

/// <summary>
/// A silo, gateway or dashboard running as a real child process (the built application, as scripts/up.sh
/// starts it), configured through <c>Observatory__…</c> environment variables. Its output is kept
/// for failure messages; disposing kills it if the test did not stop it. The test assembly names the
/// built applications with <c>AssemblyMetadata</c> items (<c>SiloAssembly</c>, <c>GatewayAssembly</c>,
/// <c>DashboardAssembly</c>).
/// </summary>
public sealed class ObservatoryProcess : IAsyncDisposable
{
    // Every process still running when the test host exits is killed, even when a fixture failed
    // half-way through its start and was never disposed.
    private static readonly ConcurrentDictionary<int, Process> Running = new();
    private readonly Process _process;
    private readonly ProcessOutput _output;
    private bool _disposed;

    static ObservatoryProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var process in Running.Values)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // Already exited.
                }
            }
        };
    }

    private ObservatoryProcess(string name, Process process, Uri baseAddress)
    {
        Running[process.Id] = process;
        Name = name;
        _process = process;
        BaseAddress = baseAddress;
        _output = ProcessOutput.Capture(process, 200);
    }

    public string Name { get; }

    public Uri BaseAddress { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the process wrote, for diagnostics.</summary>
    public string RecentOutput => _output.Recent;

    public static ObservatoryProcess StartSilo(ClusterSettings cluster, string siloName, int httpPort, int siloPort, int gatewayPort) =>
        Start(siloName, "SiloAssembly", httpPort, cluster.Environment(new Dictionary<string, string>
        {
            ["Observatory__Silo__Name"] = siloName,
            ["Observatory__Silo__SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Observatory__Silo__GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));

    public static ObservatoryProcess StartGateway(ClusterSettings cluster, int httpPort, IDictionary<string, string>? environment = null) =>
        Start("gateway", "GatewayAssembly", httpPort, cluster.Environment(environment ?? new Dictionary<string, string>()));

    public static ObservatoryProcess StartDashboard(ClusterSettings cluster, int httpPort, IDictionary<string, string> environment) =>
        Start("dashboard", "DashboardAssembly", httpPort, cluster.Environment(environment));

    /// <summary>Runs the dashboard's <c>hash-password</c> command, as scripts/up.sh does, and returns the hash it prints.</summary>
    public static async Task<string> HashDashboardPasswordAsync(string password)
    {
        var path = AssemblyPath("DashboardAssembly");
        var start = new ProcessStartInfo("dotnet", [path, "hash-password"]) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {path}.");
        await process.StandardInput.WriteLineAsync(password);
        process.StandardInput.Close();
        var hash = (await process.StandardOutput.ReadToEndAsync()).Trim();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? hash : throw new InvalidOperationException($"hash-password exited with {process.ExitCode}.");
    }

    /// <summary>Waits until <c>/readyz</c> answers 200; fails early, with the output, if the process dies.</summary>
    public Task WaitUntilReadyAsync(TimeSpan timeout) => WaitForAsync("/readyz", timeout);

    /// <summary>Waits until <c>/healthz</c> answers 200: the process serves, whatever its dependencies do.</summary>
    public Task WaitUntilAliveAsync(TimeSpan timeout) => WaitForAsync("/healthz", timeout);

    private Task WaitForAsync(string path, TimeSpan timeout) => _output.WaitForHttpAsync(_process, Name, BaseAddress, path, timeout);

    /// <summary>SIGTERM, as Kubernetes or scripts/down.sh stop it, then waits for the exit.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"{Name} did not stop within {timeout} after SIGTERM:{Environment.NewLine}{RecentOutput}");
        }
    }

    /// <summary>SIGKILL: the process dies without any chance to clean up.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return ValueTask.CompletedTask;
        }

        _disposed = true;
        Kill();
        Running.TryRemove(_process.Id, out _);
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static ObservatoryProcess Start(string name, string assemblyKey, int httpPort, IDictionary<string, string> environment)
    {
        var path = AssemblyPath(assemblyKey);
        var start = new ProcessStartInfo("dotnet", [path])
        {
            WorkingDirectory = Path.GetDirectoryName(path)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var url = new Uri($"http://127.0.0.1:{httpPort}");
        start.Environment["ASPNETCORE_URLS"] = url.ToString();
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {path}.");
        return new ObservatoryProcess(name, process, url);
    }

    private static string AssemblyPath(string assemblyKey)
    {
        var assembly = AppDomain.CurrentDomain.GetAssemblies()
            .SelectMany(a => a.GetCustomAttributes<AssemblyMetadataAttribute>())
            .First(a => a.Key == assemblyKey).Value!;
        return Path.GetFullPath(assembly);
    }
}
