using StackExchange.Redis;

namespace Observatory.Testing;

/// <summary>A Redis key prefix of one test's own on the shared server, whose keys are deleted when disposed.</summary>
public sealed class RedisTestKeys : IAsyncDisposable
{
    private RedisTestKeys(ConnectionMultiplexer redis, string prefix)
    {
        Redis = redis;
        Prefix = prefix;
    }

    public ConnectionMultiplexer Redis { get; }

    /// <summary>Unique per instance, e.g. <c>observatory-test:stats-1a2b3c4d:</c>.</summary>
    public string Prefix { get; }

    public static async Task<RedisTestKeys> CreateAsync(string purpose) =>
        new(await ConnectionMultiplexer.ConnectAsync(TestEnvironment.RedisConnectionString), ForPurpose(purpose));

    /// <summary>A fresh prefix for <paramref name="purpose"/>.</summary>
    public static string ForPurpose(string purpose) => $"observatory-test:{purpose}-{Guid.NewGuid().ToString("N")[..12]}:";

    /// <summary>Deletes every key under <paramref name="prefix"/> (SCAN, never KEYS or FLUSH: the server is shared).</summary>
    public static async Task DeleteAsync(IConnectionMultiplexer redis, string prefix)
    {
        ArgumentNullException.ThrowIfNull(redis);
        foreach (var endpoint in redis.GetEndPoints())
        {
            var keys = new List<RedisKey>();
            await foreach (var key in redis.GetServer(endpoint).KeysAsync(pattern: prefix + "*", pageSize: 500))
            {
                keys.Add(key);
            }

            if (keys.Count > 0)
            {
                await redis.GetDatabase().KeyDeleteAsync([.. keys]);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DeleteAsync(Redis, Prefix);
        await Redis.DisposeAsync();
    }
}
