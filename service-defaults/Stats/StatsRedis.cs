using StackExchange.Redis;

namespace Observatory.ServiceDefaults.Stats;

/// <summary>
/// The statistics' Redis connection, opened in the background: nothing waits for it at start-up,
/// and while Redis is down every command fails at once (the client keeps reconnecting), so an
/// outage never holds up a caller.
/// </summary>
public sealed class StatsRedis : IAsyncDisposable
{
    private readonly Task<ConnectionMultiplexer> _connection;

    public StatsRedis(string connectionString)
    {
        var configuration = ConfigurationOptions.Parse(connectionString);
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ClientName ??= "observatory-stats";
        _connection = ConnectionMultiplexer.ConnectAsync(configuration);
    }

    /// <summary>The database, once the first connection attempt ended (connected or not).</summary>
    public async Task<IDatabase> DatabaseAsync() => (await _connection).GetDatabase();

    public async ValueTask DisposeAsync() => await (await _connection).DisposeAsync();
}
