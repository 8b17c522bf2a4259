namespace Observatory.Testing.Deployment;

/// <summary>What every process of one test cluster shares: its database, broker and identity.</summary>
public sealed record ClusterSettings(string PostgresConnectionString, Uri RabbitMqUri, int QueueCount = 8)
{
    /// <summary>Unique per test cluster so processes of other tests never join it.</summary>
    public string ClusterId { get; } = "test-" + Guid.NewGuid().ToString("N")[..12];

    public string ServiceId { get; } = "observatory-test";

    /// <summary>A key with every scope, configured on the gateway by its hash as an operator would.</summary>
    public string ApiKey { get; } = "obs_test_" + Guid.NewGuid().ToString("N");

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
            ["Observatory__Api__Keys__0__Name"] = "tests",
            ["Observatory__Api__Keys__0__Scopes__0"] = "read",
            ["Observatory__Api__Keys__0__Scopes__1"] = "write",
            ["Observatory__Api__Keys__0__Sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(ApiKey))),
        };
        return environment;
    }
}
