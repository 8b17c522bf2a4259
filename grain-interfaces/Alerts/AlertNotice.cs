namespace Observatory.Alerts;

/// <summary>One alert of an Alertmanager notification.</summary>
/// <param name="Fingerprint">Alertmanager's identity of the alert.</param>
/// <param name="Resolved">True for a resolved alert, false for a firing one.</param>
/// <param name="Labels">The alert's labels; <c>alertname</c> names its rule.</param>
/// <param name="Annotations">Summary, description, runbook and the like.</param>
/// <param name="StartsAt">When the alert started firing.</param>
/// <param name="EndsAt">When a resolved alert ended.</param>
/// <param name="GeneratorUrl">The Prometheus query that produced it.</param>
[GenerateSerializer]
[Alias("observatory.alert-notice.v1")]
public sealed record AlertNotice(
    [property: Id(0)] string Fingerprint,
    [property: Id(1)] bool Resolved,
    [property: Id(2)] IReadOnlyDictionary<string, string> Labels,
    [property: Id(3)] IReadOnlyDictionary<string, string> Annotations,
    [property: Id(4)] DateTimeOffset StartsAt,
    [property: Id(5)] DateTimeOffset? EndsAt,
    [property: Id(6)] string? GeneratorUrl);
