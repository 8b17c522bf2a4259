namespace Observatory.Alerts;

/// <summary>An alert the deployment knows: the last notice about it and when that arrived.</summary>
[GenerateSerializer]
[Alias("observatory.alert.v1")]
public sealed record Alert(
    [property: Id(0)] AlertNotice Notice,
    [property: Id(1)] DateTimeOffset ReceivedAt);

/// <summary>What <see cref="IAlertsGrain.GetAsync"/> answers.</summary>
[GenerateSerializer]
[Alias("observatory.alert-board.v1")]
public sealed record AlertBoard(
    [property: Id(0)] IReadOnlyList<Alert> Active,
    [property: Id(1)] IReadOnlyList<Alert> RecentlyResolved);
