using System.Collections.Concurrent;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Observatory.Streaming.RabbitMq;

/// <summary>
/// Reports whether every receiver of every RabbitMQ stream provider in this process holds an open
/// channel: <c>Degraded</c> (still serving, the rest keep reconnecting) when some do not, with the
/// disconnected queues named.
/// </summary>
public sealed class RabbitMqStreamHealthCheck : IHealthCheck
{
    private readonly ConcurrentDictionary<string, RabbitMqQueueAdapterFactory> _factories = new(StringComparer.Ordinal);

    internal void Register(string providerName, RabbitMqQueueAdapterFactory factory) => _factories[providerName] = factory;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var disconnected = _factories
            .SelectMany(p => p.Value.ReceiverStates().Where(r => !r.Connected).Select(r => $"{p.Key}/{r.Queue}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        var receivers = _factories.Values.Sum(f => f.ReceiverStates().Count);
        var data = new Dictionary<string, object> { ["receivers"] = receivers, ["disconnected"] = disconnected };
        return Task.FromResult(disconnected.Count == 0
            ? HealthCheckResult.Healthy($"{receivers} stream receivers connected.", data)
            : HealthCheckResult.Degraded($"{disconnected.Count} of {receivers} stream receivers are reconnecting: {string.Join(", ", disconnected)}.", data: data));
    }
}
