namespace Observatory.Testing;

/// <summary>Alertmanager webhook bodies (payload version 4), as Alertmanager posts them to the gateway.</summary>
public static class AlertmanagerPayloads
{
    public static string Firing(string fingerprint, string name, string startsAt) =>
        $$"""{"status":"firing","labels":{"alertname":"{{name}}","severity":"warning"},"annotations":{"summary":"{{name}} fires","runbook_url":"https://observatory.dev/docs/runbooks/{{name}}.md"},"startsAt":"{{startsAt}}","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://127.0.0.1:9090/graph","fingerprint":"{{fingerprint}}"}""";

    public static string Resolved(string fingerprint, string name, string startsAt, string endsAt) =>
        $$"""{"status":"resolved","labels":{"alertname":"{{name}}","severity":"warning"},"annotations":{},"startsAt":"{{startsAt}}","endsAt":"{{endsAt}}","fingerprint":"{{fingerprint}}"}""";

    public static string Payload(string alert) =>
        $$"""{"receiver":"gateway","status":"firing","alerts":[{{alert}}],"groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://127.0.0.1:9093","version":"4","groupKey":"{}","truncatedAlerts":0}""";
}
