using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;

namespace Observatory.IntegrationTests.Infrastructure;

/// <summary>
/// A silo or gateway running as a real child process (the built application, as scripts/up.sh
/// starts it), configured through <c>Observatory__…</c> environment variables. Its output is kept
/// for failure messages; disposing kills it if the test did not stop it.
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
        var assembly = typeof(ObservatoryProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == assemblyKey).Value!;
        var path = Path.GetFullPath(assembly);
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
}
