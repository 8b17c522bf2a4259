namespace Observatory.Gateway.Cluster;

/// <summary>The body of <c>GET /api/v1/cluster</c> (contract <c>cluster.json</c>).</summary>
/// <param name="Silos">Every silo in the membership table, active or not, newest first.</param>
/// <param name="QueueCount">The task stream's queues.</param>
/// <param name="UnownedQueues">Queues no active silo reads right now (normal only while ownership moves).</param>
public sealed record ClusterResource(IReadOnlyList<SiloResource> Silos, int QueueCount, IReadOnlyList<string> UnownedQueues);

/// <summary>One silo: who it is, its membership status, and, while active, its activations and queues.</summary>
public sealed record SiloResource(
    string Address,
    string Name,
    string HostName,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset LastHeartbeatAt,
    int? Activations,
    IReadOnlyList<string> Queues);
