namespace Observatory.Deployment.Tests;

/// <summary>The NetworkPolicies open exactly the connections the system makes, and nothing more.</summary>
public sealed class NetworkPolicyTests
{
    [Theory]
    [MemberData(nameof(ChartVariants.All), MemberType = typeof(ChartVariants))]
    public async Task InsideTheRelease_PoliciesAllowExactlyTheFlowsTheAppsUse(string variant)
    {
        var manifest = await ChartVariants.RenderAsync(variant);
        var used = NetworkFlows.Used(manifest);
        var allowed = NetworkFlows.Allowed(manifest);
        Assert.True(used.SetEquals(allowed), $"used but blocked: [{string.Join(", ", used.Except(allowed))}]; allowed but unused: [{string.Join(", ", allowed.Except(used))}]");
    }

    [Theory]
    [InlineData(ChartVariants.Default)]
    [InlineData(ChartVariants.AllServices)]
    public async Task WithTheInChartServices_TheAppsUseExactlyTheseFlows(string variant)
    {
        // Guards the test above: with no Service references found it would compare two empty sets.
        var expected = new HashSet<Flow>
        {
            new("silo", "silo", 11111),
            new("gateway", "silo", 30000),
            new("dashboard", "silo", 30000),
        };
        foreach (var app in new[] { "silo", "gateway", "dashboard" })
        {
            expected.Add(new Flow(app, "postgresql", 5432));
            expected.Add(new Flow(app, "rabbitmq", 5672));
            expected.Add(new Flow(app, "redis", 6379));
        }

        if (variant == ChartVariants.AllServices)
        {
            // The event archive on MongoDB: the silos write it, the gateways read it.
            expected.Add(new Flow("silo", "mongodb", 27017));
            expected.Add(new Flow("gateway", "mongodb", 27017));
        }

        var used = NetworkFlows.Used(await ChartVariants.RenderAsync(variant));
        Assert.True(expected.SetEquals(used), $"expected but not used: [{string.Join(", ", expected.Except(used))}]; used but not expected: [{string.Join(", ", used.Except(expected))}]");
    }

    [Theory]
    [MemberData(nameof(ChartVariants.All), MemberType = typeof(ChartVariants))]
    public async Task EveryPod_IsIsolatedForIngressAndEgress(string variant)
    {
        var manifest = await ChartVariants.RenderAsync(variant);
        foreach (var pod in manifest.PodTemplates)
        {
            var types = manifest.OfKind("NetworkPolicy")
                .Where(p => pod.Matches(p["spec"]!["podSelector"]!["matchLabels"]?.AsObject()))
                .SelectMany(p => p["spec"]!["policyTypes"]!.AsArray().Select(t => t!.GetValue<string>()))
                .ToHashSet();
            Assert.True(types.SetEquals(["Ingress", "Egress"]), $"{pod.Name} is not isolated for both directions");
        }
    }

    [Theory]
    [MemberData(nameof(ChartVariants.All), MemberType = typeof(ChartVariants))]
    public async Task FromOutsideTheRelease_OnlyTheApiAndMetricsPortsAreOpen(string variant)
    {
        var manifest = await ChartVariants.RenderAsync(variant);
        var open = new HashSet<(string, int)>();
        foreach (var policy in manifest.OfKind("NetworkPolicy"))
        {
            var pod = Assert.Single(manifest.Selected(policy["spec"]!["podSelector"]!["matchLabels"]!.AsObject()));
            foreach (var rule in policy["spec"]!["ingress"]?.AsArray() ?? [])
            {
                // No "from" admits everyone; no "ports" opens every port (-1 here).
                var peers = rule!["from"]?.AsArray();
                if (peers is not null && peers.All(p => p!["podSelector"] is not null && p["namespaceSelector"] is null))
                {
                    continue;
                }

                foreach (var port in rule["ports"]?.AsArray() ?? [new System.Text.Json.Nodes.JsonObject { ["port"] = -1 }])
                {
                    open.Add((pod.Component, port!["port"]!.GetValue<int>()));
                }
            }
        }

        var allowed = new HashSet<(string, int)> { ("gateway", 8080), ("dashboard", 8080), ("silo", 8080), ("rabbitmq", 15692) };
        Assert.True(open.IsSubsetOf(allowed), $"open from outside: {string.Join(", ", open)}");
        Assert.Contains(("gateway", 8080), open);
        Assert.Contains(("dashboard", 8080), open);
    }
}
