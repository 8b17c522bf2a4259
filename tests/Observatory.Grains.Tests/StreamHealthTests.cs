using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Observatory.Streaming.RabbitMq;
using Observatory.Testing;

namespace Observatory.Grains.Tests;

/// <summary>The stream health check tells whether every receiver holds a channel to the broker.</summary>
public sealed class StreamHealthTests
{
    [Fact]
    public async Task ReceiversThatCannotReachTheBroker_ReportDegraded_NamingTheirQueues()
    {
        var options = new RabbitMqStreamOptions { ConnectionUri = new Uri($"amqp://guest:guest@127.0.0.1:{FreePort.Next()}/"), QueueCount = 2, QueueNamePrefix = "health" };
        await using var factory = new RabbitMqQueueAdapterFactory("tasks", options, NullLoggerFactory.Instance, TimeProvider.System);
        var health = new RabbitMqStreamHealthCheck();
        health.Register("tasks", factory);
        var adapter = await factory.CreateAdapter();
        foreach (var queue in factory.GetStreamQueueMapper().GetAllQueues())
        {
            await adapter.CreateReceiver(queue).Initialize(TimeSpan.FromSeconds(2));
        }

        var result = await health.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("tasks/health-0", result.Description, StringComparison.Ordinal);
        Assert.Contains("tasks/health-1", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReceiversConnectedToTheBroker_ReportHealthy()
    {
        await using var virtualHost = await RabbitMqTestVirtualHost.CreateAsync("health");
        var options = new RabbitMqStreamOptions { ConnectionUri = virtualHost.AmqpUri, QueueCount = 2, QueueType = RabbitMqQueueType.Classic };
        await using var factory = new RabbitMqQueueAdapterFactory("tasks", options, NullLoggerFactory.Instance, TimeProvider.System);
        var health = new RabbitMqStreamHealthCheck();
        health.Register("tasks", factory);
        var adapter = await factory.CreateAdapter();
        var receivers = factory.GetStreamQueueMapper().GetAllQueues().Select(adapter.CreateReceiver).ToList();
        foreach (var receiver in receivers)
        {
            await receiver.Initialize(TimeSpan.FromSeconds(10));
        }

        var result = await health.CheckHealthAsync(new HealthCheckContext());
        foreach (var receiver in receivers)
        {
            await receiver.Shutdown(TimeSpan.FromSeconds(5));
        }

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal(2, result.Data["receivers"]);
    }
}
