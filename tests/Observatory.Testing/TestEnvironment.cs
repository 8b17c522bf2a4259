namespace Observatory.Testing;

/// <summary>
/// Where the tests find the services that scripts/services.sh starts. Each value can be overridden
/// with an environment variable so the suite runs against services elsewhere.
/// </summary>
public static class TestEnvironment
{
    /// <summary>A connection string for a role that may create and drop databases.</summary>
    public static string PostgresAdminConnectionString { get; } =
        Environment.GetEnvironmentVariable("OBSERVATORY_TEST_POSTGRES")
        ?? "Host=127.0.0.1;Port=5432;Database=observatory;Username=observatory;Password=observatory";

    /// <summary>The AMQP URI of the broker; tests add their own virtual host to it.</summary>
    public static Uri RabbitMqUri { get; } =
        new(Environment.GetEnvironmentVariable("OBSERVATORY_TEST_RABBITMQ") ?? "amqp://guest:guest@127.0.0.1:5672/");

    /// <summary>The broker's management API, used to create and delete virtual hosts.</summary>
    public static Uri RabbitMqManagementUri { get; } =
        new(Environment.GetEnvironmentVariable("OBSERVATORY_TEST_RABBITMQ_MANAGEMENT") ?? "http://guest:guest@127.0.0.1:15672/");

    /// <summary>The Redis server; tests write only under a key prefix of their own and delete it.</summary>
    public static string RedisConnectionString { get; } =
        Environment.GetEnvironmentVariable("OBSERVATORY_TEST_REDIS") ?? "127.0.0.1:6379";
}
