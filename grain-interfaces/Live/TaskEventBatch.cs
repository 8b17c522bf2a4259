namespace Observatory.Live;

/// <summary>The task events one silo saw during one forwarding interval.</summary>
/// <param name="Silo">The silo that emitted them.</param>
/// <param name="Events">Oldest first, at most the forwarder's batch size.</param>
/// <param name="Dropped">Events the silo lost since its previous batch because forwarding fell behind.</param>
[GenerateSerializer]
[Alias("observatory.task-event-batch")]
public sealed record TaskEventBatch(
    [property: Id(0)] string Silo,
    [property: Id(1)] IReadOnlyList<TaskLiveEvent> Events,
    [property: Id(2)] long Dropped);
