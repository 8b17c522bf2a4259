using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Observatory.Gateway.Security;
using Observatory.Streaming.RabbitMq;
using Observatory.Tasks;

namespace Observatory.Gateway.Cluster;

/// <summary><c>GET /api/v1/cluster</c>: the silos, their membership status, activation counts and the stream queues each reads.</summary>
public static class ClusterApi
{
    public static RouteGroupBuilder MapClusterApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/cluster").WithTags("Cluster");
        group.MapGet("/", GetAsync).WithName("GetCluster").RequireScope(ApiScopes.Read);
        return group;
    }

    public static async Task<Ok<ClusterResource>> GetAsync(IClusterClient client, IOptionsMonitor<RabbitMqStreamOptions> streamOptions)
    {
        var queues = RabbitMqStreamQueues.QueueNames(streamOptions.Get(TaskStreams.ProviderName));
        var management = client.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetDetailedHosts(onlyActive: false);
        var active = hosts.Where(h => h.Status == SiloStatus.Active).Select(h => h.SiloAddress).ToArray();
        var statistics = active.Length == 0 ? [] : await management.GetRuntimeStatistics(active);
        var activations = active.Zip(statistics, (silo, stats) => (silo, stats.ActivationCount)).ToDictionary(p => p.silo, p => p.ActivationCount);
        var ownership = active.Length == 0 ? [] : await RabbitMqStreamQueues.GetOwnershipAsync(management, TaskStreams.ProviderName);
        var queuesBySilo = ownership.ToDictionary(o => o.Silo, o => o.Queues, StringComparer.Ordinal);

        var silos = hosts
            .OrderByDescending(h => h.StartTime)
            .Select(h => new SiloResource(
                h.SiloAddress.ToParsableString(),
                h.SiloName,
                h.HostName,
                h.Status.ToString().ToLowerInvariant(),
                new DateTimeOffset(h.StartTime, TimeSpan.Zero),
                new DateTimeOffset(h.IAmAliveTime, TimeSpan.Zero),
                activations.TryGetValue(h.SiloAddress, out var count) ? count : null,
                queuesBySilo.GetValueOrDefault(h.SiloAddress.ToParsableString(), [])))
            .ToList();
        var owned = ownership.SelectMany(o => o.Queues).ToHashSet(StringComparer.Ordinal);
        return TypedResults.Ok(new ClusterResource(silos, queues.Count, [.. queues.Where(q => !owned.Contains(q))]));
    }
}
