namespace Observatory.Testing.Deployment;

/// <summary>What every process of one test cluster shares: its database, broker and identity.</summary>
public sealed record ClusterSettings(string PostgresConnectionString, Uri RabbitMqUri, int QueueCount = 8)
{
    /// <summary>Unique per test cluster so processes of other tests never join it.</summary>
    public string ClusterId { get; } = "test-" + Guid.NewGuid().ToString("N")[..12];

    public string ServiceId { get; } = "observatory-test";

    /// <summary>The statistics' Redis; a test points it at a closed port to play an outage.</summary>
    public string RedisConnectionString { get; init; } = TestEnvironment.RedisConnectionString;

    /// <summary>Unique per test cluster; the deployment deletes these keys when disposed.</summary>
    public string StatsKeyPrefix { get; } = RedisTestKeys.ForPurpose("cluster");

    /// <summary>A key with every scope, configured on the gateway by its hash as an operator would.</summary>
    public string ApiKey { get; } = "obs_test_" + Guid.NewGuid().ToString("N");

    /// <summary>The bearer token the cluster's gateways expect on the Alertmanager webhook.</summary>
    public string AlertWebhookToken { get; } = "test-token-" + Guid.NewGuid().ToString("N");

    /// <summary>Further settings every process of the cluster gets (environment variable names, e.g. <c>Observatory__Archive__Backend</c>).</summary>
    public IReadOnlyDictionary<string, string> Overrides { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// One process's environment: the cluster's settings, then <see cref="Overrides"/>, then the process's own
    /// <paramref name="extra"/> settings, the most specific winning (e.g. one dashboard with another Redis).
    /// </summary>
    public IDictionary<string, string> Environment(IDictionary<string, string> extra)
    {
        ArgumentNullException.ThrowIfNull(extra);
        var environment = new Dictionary<string, string>
        {
            ["Observatory__ClusterId"] = ClusterId,
            ["Observatory__ServiceId"] = ServiceId,
            // A bounded pool per process keeps several test processes well inside max_connections.
            ["Observatory__Postgres__ConnectionString"] = PostgresConnectionString + ";Maximum Pool Size=20",
            ["Observatory__RabbitMq__Uri"] = RabbitMqUri.ToString(),
            ["Observatory__RabbitMq__QueueCount"] = QueueCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Observatory__Redis__ConnectionString"] = RedisConnectionString,
            ["Observatory__Stats__KeyPrefix"] = StatsKeyPrefix,
            ["Observatory__Api__Keys__0__Name"] = "tests",
            ["Observatory__Api__Keys__0__Scopes__0"] = "read",
            ["Observatory__Api__Keys__0__Scopes__1"] = "write",
            ["Observatory__Api__Keys__0__Sha256"] = ApiKeyHash.Of(ApiKey),
            ["Observatory__Alerts__WebhookToken"] = AlertWebhookToken,
        };
        foreach (var (name, value) in Overrides.Concat(extra))
        {
            environment[name] = value;
        }

        return environment;
    }
}
