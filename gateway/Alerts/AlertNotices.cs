using System.Globalization;
using System.Text.Json;
using Observatory.Alerts;

namespace Observatory.Gateway.Alerts;

/// <summary>Reads the alerts of an Alertmanager webhook payload that passed its contract.</summary>
internal static class AlertNotices
{
    public static AlertNotice[] Read(JsonElement payload) =>
        [.. payload.GetProperty("alerts").EnumerateArray().Select(ReadAlert)];

    private static AlertNotice ReadAlert(JsonElement alert)
    {
        var resolved = alert.GetProperty("status").GetString() == "resolved";
        return new AlertNotice(
            alert.GetProperty("fingerprint").GetString()!,
            resolved,
            Strings(alert.GetProperty("labels")),
            alert.TryGetProperty("annotations", out var annotations) ? Strings(annotations) : new Dictionary<string, string>(),
            Time(alert.GetProperty("startsAt")),

            // A firing alert's endsAt is Alertmanager's "not yet": the zero time or a moving expiry.
            resolved && alert.TryGetProperty("endsAt", out var endsAt) ? Time(endsAt) : null,
            alert.TryGetProperty("generatorURL", out var generator) && generator.ValueKind == JsonValueKind.String ? generator.GetString() : null);
    }

    private static Dictionary<string, string> Strings(JsonElement map) =>
        map.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);

    private static DateTimeOffset Time(JsonElement value) =>
        DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
