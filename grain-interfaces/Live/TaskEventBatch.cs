namespace Observatory.Live;

/// <summary>The task events one silo saw during one forwarding interval.</summary>
/// <param name="Silo">The silo that emitted them.</param>
/// <param name="Events">Oldest first, at most the forwarder's batch size.</param>
/// <param name="Dropped">Events the silo lost since its previous batch because forwarding fell behind.</param>
/// <param name="Sequence">
/// Counts the silo's batches from 1. Orleans does not promise that one-way messages arrive in the order
/// sent, so a consumer that cares orders a silo's batches by it.
/// </param>
[GenerateSerializer]
[Alias("observatory.task-event-batch")]
public sealed record TaskEventBatch(
    [property: Id(0)] string Silo,
    [property: Id(1)] IReadOnlyList<TaskLiveEvent> Events,
    [property: Id(2)] long Dropped,
    [property: Id(3)] long Sequence);
