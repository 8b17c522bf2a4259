using System.Diagnostics;
using System.Net.Sockets;
using Observatory.Testing;
using RabbitMQ.Client;

namespace Observatory.IntegrationTests.Infrastructure;

/// <summary>
/// A RabbitMQ node of the test's own (own node name, ports and data directory), so a test can stop
/// and restart the broker without disturbing the shared one or a running system. Its durable queues
/// survive a restart because the data directory stays until the broker is disposed.
/// </summary>
public sealed class PrivateRabbitMqBroker : IAsyncDisposable
{
    private const string RabbitMqBin = "/usr/lib/rabbitmq/bin";
    private readonly string _directory;
    private readonly string _nodeName;
    private readonly int _distributionPort;
    private Process? _process;

    private PrivateRabbitMqBroker()
    {
        _directory = Path.Combine(Path.GetTempPath(), "obs-rabbit-" + Guid.NewGuid().ToString("N")[..10]);
        _nodeName = "obs" + Guid.NewGuid().ToString("N")[..10] + "@localhost";
        AmqpPort = FreePort.Next();
        _distributionPort = FreePort.Next();
    }

    public int AmqpPort { get; }

    public Uri AmqpUri => new($"amqp://guest:guest@127.0.0.1:{AmqpPort}/");

    public static async Task<PrivateRabbitMqBroker> LaunchAsync(TimeSpan timeout)
    {
        var broker = await CreateStoppedAsync();
        await broker.StartAsync(timeout);
        return broker;
    }

    /// <summary>Prepares the node (ports, configuration, data directory) without starting it.</summary>
    public static async Task<PrivateRabbitMqBroker> CreateStoppedAsync()
    {
        var broker = new PrivateRabbitMqBroker();
        Directory.CreateDirectory(broker._directory);
        await File.WriteAllTextAsync(Path.Combine(broker._directory, "rabbitmq.conf"),
            $"listeners.tcp.default = 127.0.0.1:{broker.AmqpPort}\nloopback_users.guest = true\n");
        await File.WriteAllTextAsync(Path.Combine(broker._directory, "enabled_plugins"), "[rabbitmq_consistent_hash_exchange].\n");
        await RunAsync("chown", "-R", "rabbitmq:rabbitmq", broker._directory);
        return broker;
    }

    public async Task StartAsync(TimeSpan timeout)
    {
        // setpriv replaces itself with the server script, so SIGTERM to this process stops the node gracefully.
        var start = new ProcessStartInfo("setpriv", ["--reuid=rabbitmq", "--regid=rabbitmq", "--init-groups", Path.Combine(RabbitMqBin, "rabbitmq-server")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["HOME"] = _directory;
        start.Environment["RABBITMQ_NODENAME"] = _nodeName;
        start.Environment["RABBITMQ_CONFIG_FILE"] = Path.Combine(_directory, "rabbitmq.conf");
        start.Environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_directory, "enabled_plugins");
        start.Environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(_directory, "mnesia");
        start.Environment["RABBITMQ_LOG_BASE"] = Path.Combine(_directory, "log");
        start.Environment["RABBITMQ_DIST_PORT"] = _distributionPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["ERL_EPMD_ADDRESS"] = "127.0.0.1";
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start rabbitmq-server.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilAcceptingAsync(timeout);
    }

    /// <summary>Stops the node gracefully and waits until its AMQP port is closed.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process is null)
        {
            return;
        }

        await RunAsync("kill", "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        _process = null;
        await Eventually.ReturnsAsync(() => Task.FromResult(IsListening()), listening => !listening, timeout, "the broker's port to close");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(30));
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a dying process; the temp directory is cleaned by the OS later.
        }
    }

    private async Task WaitUntilAcceptingAsync(TimeSpan timeout)
    {
        var factory = new ConnectionFactory { Uri = AmqpUri, AutomaticRecoveryEnabled = false };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"rabbitmq-server exited with code {_process.ExitCode}; see {_directory}/log");
            }

            if (IsListening())
            {
                try
                {
                    await using var connection = await factory.CreateConnectionAsync();
                    return;
                }
                catch (RabbitMQ.Client.Exceptions.BrokerUnreachableException)
                {
                    // The listener opens a moment before the node accepts logins.
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The private RabbitMQ node did not accept connections within {timeout}; see {_directory}/log");
    }

    private bool IsListening()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", AmqpPort);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task RunAsync(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}.");
        }
    }
}
