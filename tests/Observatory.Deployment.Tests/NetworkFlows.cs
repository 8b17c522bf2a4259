using System.Text.Json.Nodes;
using Npgsql;

namespace Observatory.Deployment.Tests;

/// <summary>A TCP connection one component opens to another component's port.</summary>
public sealed record Flow(string From, string To, int Port)
{
    public override string ToString() => $"{From} -> {To}:{Port}";
}

/// <summary>
/// The flows the rendered system uses (read from the apps' configuration) and the flows its
/// NetworkPolicies allow (evaluated as Kubernetes does: a pod selected by no policy of a type is
/// open for that type; otherwise a connection needs the destination's ingress and the source's
/// egress to allow it).
/// </summary>
internal static class NetworkFlows
{
    private const string Namespace = "observatory";

    public static IReadOnlySet<Flow> Used(Manifest manifest)
    {
        var silo = AppEnvironment.Of(manifest.Workload("silo"), "silo");
        var gatewayPort = int.Parse(silo.Variables["Observatory__Silo__GatewayPort"], System.Globalization.CultureInfo.InvariantCulture);
        var flows = new HashSet<Flow>
        {
            // Orleans: silos talk to each other on the silo port; clients (gateway, dashboard) to the gateway port.
            new("silo", "silo", int.Parse(silo.Variables["Observatory__Silo__SiloPort"], System.Globalization.CultureInfo.InvariantCulture)),
            new("gateway", "silo", gatewayPort),
            new("dashboard", "silo", gatewayPort),
        };
        foreach (var component in new[] { "silo", "gateway", "dashboard" })
        {
            foreach (var (name, value) in AppEnvironment.Of(manifest.Workload(component), component).Variables)
            {
                foreach (var (host, port) in Endpoints(name, value))
                {
                    var service = manifest.OfKind("Service").SingleOrDefault(s => Manifest.Name(s) == host);
                    if (service is not null)
                    {
                        flows.Add(new Flow(component, Assert.Single(manifest.Selected(service["spec"]!["selector"]!.AsObject())).Component, port));
                    }
                }
            }
        }

        return flows;
    }

    public static IReadOnlySet<Flow> Allowed(Manifest manifest)
    {
        var policies = manifest.OfKind("NetworkPolicy").ToList();
        var flows = new HashSet<Flow>();
        foreach (var source in manifest.PodTemplates)
        {
            foreach (var destination in manifest.PodTemplates)
            {
                foreach (var (_, port) in destination.Ports)
                {
                    if (Allows(policies, destination, "Ingress", "from", source, port) && Allows(policies, source, "Egress", "to", destination, port))
                    {
                        flows.Add(new Flow(source.Component, destination.Component, port));
                    }
                }
            }
        }

        return flows;
    }

    /// <summary>Does a peer list entry (podSelector / namespaceSelector / ipBlock) take in a pod of this release?</summary>
    public static bool PeerMatches(JsonObject peer, PodTemplate pod)
    {
        if (peer["ipBlock"] is not null)
        {
            return false;
        }

        var namespaceSelector = peer["namespaceSelector"]?["matchLabels"]?.AsObject();
        if (peer["namespaceSelector"] is not null && (namespaceSelector ?? []).Any(l => !(l.Key == "kubernetes.io/metadata.name" && l.Value!.GetValue<string>() == Namespace)))
        {
            return false;
        }

        return peer["podSelector"] is null || pod.Matches(peer["podSelector"]!["matchLabels"]?.AsObject());
    }

    private static bool Allows(List<JsonObject> policies, PodTemplate subject, string type, string peersKey, PodTemplate other, int port)
    {
        var applying = policies
            .Where(p => subject.Matches(p["spec"]!["podSelector"]!["matchLabels"]?.AsObject()))
            .Where(p => p["spec"]!["policyTypes"]!.AsArray().Any(t => t!.GetValue<string>() == type))
            .ToList();
        if (applying.Count == 0)
        {
            return true;
        }

        return applying
            .SelectMany(p => p["spec"]![type.ToLowerInvariant()]?.AsArray() ?? [])
            .Any(rule =>
                (rule![peersKey] is null || rule[peersKey]!.AsArray().Any(peer => PeerMatches(peer!.AsObject(), other)))
                && (rule["ports"] is null || rule["ports"]!.AsArray().Any(p => p!["port"]!.GetValue<int>() == port)));
    }

    /// <summary>host:port pairs named by a connection string or URI.</summary>
    private static IEnumerable<(string Host, int Port)> Endpoints(string name, string value)
    {
        if (name.EndsWith("__Redis__ConnectionString", StringComparison.Ordinal))
        {
            // StackExchange.Redis syntax: host:port,option=value,...
            foreach (var endpoint in StackExchange.Redis.ConfigurationOptions.Parse(value).EndPoints.OfType<System.Net.DnsEndPoint>())
            {
                yield return (endpoint.Host, endpoint.Port);
            }
        }
        else if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host) && uri.Port > 0)
        {
            yield return (uri.Host, uri.Port);
        }
        else if (value.Contains("Host=", StringComparison.OrdinalIgnoreCase))
        {
            var builder = new NpgsqlConnectionStringBuilder(value);
            yield return (builder.Host!, builder.Port);
        }
    }
}
