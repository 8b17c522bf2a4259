namespace Observatory.IntegrationTests.Infrastructure;

/// <summary>What every process of one test cluster shares: its database, broker and identity.</summary>
public sealed record ClusterSettings(string PostgresConnectionString, Uri RabbitMqUri, int QueueCount = 8)
{
    /// <summary>Unique per test cluster so processes of other tests never join it.</summary>
    public string ClusterId { get; } = "test-" + Guid.NewGuid().ToString("N")[..12];

    public string ServiceId { get; } = "observatory-test";

    /// <summary>Further settings every process of the cluster gets (environment variable names, e.g. <c>Observatory__Archive__Backend</c>).</summary>
    public IReadOnlyDictionary<string, string> Overrides { get; init; } = new Dictionary<string, string>();

    public IDictionary<string, string> Environment(IDictionary<string, string> extra)
    {
        ArgumentNullException.ThrowIfNull(extra);
        var environment = new Dictionary<string, string>(extra)
        {
            ["Observatory__ClusterId"] = ClusterId,
            ["Observatory__ServiceId"] = ServiceId,
            // A bounded pool per process keeps several test processes well inside max_connections.
            ["Observatory__Postgres__ConnectionString"] = PostgresConnectionString + ";Maximum Pool Size=20",
            ["Observatory__RabbitMq__Uri"] = RabbitMqUri.ToString(),
            ["Observatory__RabbitMq__QueueCount"] = QueueCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (name, value) in Overrides)
        {
            environment[name] = value;
        }

        return environment;
    }
}
