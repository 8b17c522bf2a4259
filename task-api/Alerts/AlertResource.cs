using System.Text.Json.Serialization;
using Observatory.Alerts;

namespace Observatory.Gateway.Alerts;

/// <summary>The <c>alert-list.json</c> contract: active alerts, newest first, and the recently resolved ones.</summary>
public sealed record AlertListResource(IReadOnlyList<AlertResource> Alerts, IReadOnlyList<AlertResource> RecentlyResolved)
{
    public static AlertListResource From(AlertBoard board)
    {
        ArgumentNullException.ThrowIfNull(board);
        return new([.. board.Active.Select(AlertResource.From)], [.. board.RecentlyResolved.Select(AlertResource.From)]);
    }
}

/// <summary>One alert of <c>alert-list.json</c>: its labels and annotations, with the ones the UIs show lifted out.</summary>
public sealed record AlertResource(
    string Fingerprint,
    string Name,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Severity,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Summary,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RunbookUrl,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    DateTimeOffset StartsAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? EndsAt,
    DateTimeOffset ReceivedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? GeneratorUrl)
{
    public static AlertResource From(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var notice = alert.Notice;
        return new(
            notice.Fingerprint,
            notice.Labels.GetValueOrDefault("alertname", string.Empty),
            notice.Resolved ? "resolved" : "firing",
            notice.Labels.GetValueOrDefault("severity"),
            notice.Annotations.GetValueOrDefault("summary"),
            notice.Annotations.GetValueOrDefault("runbook_url"),
            notice.Labels,
            notice.Annotations,
            notice.StartsAt,
            notice.EndsAt,
            alert.ReceivedAt,
            notice.GeneratorUrl);
    }
}
