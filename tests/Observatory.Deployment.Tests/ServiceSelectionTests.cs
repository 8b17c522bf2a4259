namespace Observatory.Deployment.Tests;

/// <summary>Every name one object uses to reach another resolves: no Service or Ingress points at nothing.</summary>
public sealed class ServiceSelectionTests
{
    [Theory]
    [MemberData(nameof(ChartVariants.All), MemberType = typeof(ChartVariants))]
    public async Task EveryService_SelectsExactlyOnePodTemplateThatServesItsPorts(string variant)
    {
        var manifest = await ChartVariants.RenderAsync(variant);
        foreach (var service in manifest.OfKind("Service"))
        {
            var pod = Assert.Single(manifest.Selected(service["spec"]!["selector"]!.AsObject()));
            foreach (var port in service["spec"]!["ports"]!.AsArray())
            {
                var target = port!["targetPort"]!.ToString();
                Assert.True(pod.Ports.Any(p => p.Name == target || p.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) == target), $"Service {Manifest.Name(service)} targets port {target}, which {pod.Name} does not expose");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ChartVariants.All), MemberType = typeof(ChartVariants))]
    public async Task IngressAutoscalerBudgetsAndStatefulSets_ReferToObjectsThatExist(string variant)
    {
        var manifest = await ChartVariants.RenderAsync(variant);
        var services = manifest.OfKind("Service").ToDictionary(Manifest.Name);
        var ingresses = manifest.OfKind("Ingress").ToList();
        if (variant != ChartVariants.Default)
        {
            // The API and the dashboard each on their host, so this check has something to check.
            Assert.Equal(["dashboard", "gateway"], ingresses.SelectMany(i => i["spec"]!["rules"]!.AsArray()).SelectMany(r => r!["http"]!["paths"]!.AsArray())
                .Select(p => Assert.Single(manifest.Selected(services[p!["backend"]!["service"]!["name"]!.GetValue<string>()]["spec"]!["selector"]!.AsObject())).Component)
                .Distinct().Order(StringComparer.Ordinal));
        }

        foreach (var ingress in ingresses)
        {
            foreach (var path in ingress["spec"]!["rules"]!.AsArray().SelectMany(r => r!["http"]!["paths"]!.AsArray()))
            {
                var backend = path!["backend"]!["service"]!;
                var service = services[backend["name"]!.GetValue<string>()];
                Assert.Contains(backend["port"]!["name"]!.GetValue<string>(), service["spec"]!["ports"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
            }
        }

        var autoscalers = manifest.OfKind("HorizontalPodAutoscaler").ToList();
        Assert.Equal(2, autoscalers.Count);
        foreach (var autoscaler in autoscalers)
        {
            var target = autoscaler["spec"]!["scaleTargetRef"]!;
            Assert.Contains(manifest.Objects, o => Manifest.Kind(o) == target["kind"]!.GetValue<string>() && Manifest.Name(o) == target["name"]!.GetValue<string>());
        }

        foreach (var budget in manifest.OfKind("PodDisruptionBudget"))
        {
            Assert.Single(manifest.Selected(budget["spec"]!["selector"]!["matchLabels"]!.AsObject()));
        }

        foreach (var set in manifest.OfKind("StatefulSet"))
        {
            Assert.Contains(set["spec"]!["serviceName"]!.GetValue<string>(), services.Keys);
        }
    }

    [Fact]
    public async Task BackingServices_CanEachBeSwitchedOff()
    {
        var manifest = await ChartVariants.RenderAsync(ChartVariants.Production);
        Assert.Equal(["dashboard", "gateway", "silo"], manifest.PodTemplates.Select(p => p.Component).Order(StringComparer.Ordinal));
        var everything = await ChartVariants.RenderAsync(ChartVariants.AllServices);
        Assert.Equal(["mongodb", "postgresql", "rabbitmq", "redis"], everything.OfKind("StatefulSet").Select(s => Manifest.Name(s).Split('-')[^1]).Order(StringComparer.Ordinal));
        Assert.All(everything.OfKind("StatefulSet"), s => Assert.NotEmpty(s["spec"]!["volumeClaimTemplates"]!.AsArray()));
    }
}
