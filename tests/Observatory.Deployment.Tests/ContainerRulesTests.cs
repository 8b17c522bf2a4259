using System.Text.Json.Nodes;

namespace Observatory.Deployment.Tests;

/// <summary>What a platform team checks on every pod: probes, resources and a locked-down security context.</summary>
public sealed class ContainerRulesTests
{
    [Theory]
    [MemberData(nameof(ChartVariants.All), MemberType = typeof(ChartVariants))]
    public async Task EveryContainer_HasStartupReadinessAndLivenessProbes(string variant)
    {
        var manifest = await ChartVariants.RenderAsync(variant);
        Assert.NotEmpty(manifest.PodTemplates);
        foreach (var (pod, container) in Containers(manifest))
        {
            foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" })
            {
                Assert.True(container[probe] is JsonObject, $"{pod.Name}/{container["name"]} has no {probe}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ChartVariants.All), MemberType = typeof(ChartVariants))]
    public async Task EveryContainer_HasCpuAndMemoryRequestsAndLimits(string variant)
    {
        var manifest = await ChartVariants.RenderAsync(variant);
        foreach (var (pod, container) in Containers(manifest))
        {
            foreach (var kind in new[] { "requests", "limits" })
            {
                foreach (var resource in new[] { "cpu", "memory" })
                {
                    Assert.True(container["resources"]?[kind]?[resource] is not null, $"{pod.Name}/{container["name"]} has no {resource} {kind}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(ChartVariants.All), MemberType = typeof(ChartVariants))]
    public async Task EveryContainer_RunsAsNonRootOnAReadOnlyRootWithoutPrivileges(string variant)
    {
        var manifest = await ChartVariants.RenderAsync(variant);
        foreach (var (pod, container) in Containers(manifest))
        {
            var name = $"{pod.Name}/{container["name"]}";
            var security = container["securityContext"]!;
            var podSecurity = pod.Spec["securityContext"]!;
            Assert.True(Flag(security, "runAsNonRoot") ?? Flag(podSecurity, "runAsNonRoot"), $"{name} may run as root");
            var user = security["runAsUser"] ?? podSecurity["runAsUser"];
            Assert.True(user is not null && user.GetValue<int>() > 0, $"{name} has no non-zero runAsUser (runAsNonRoot cannot verify a named image user)");
            Assert.True(Flag(security, "readOnlyRootFilesystem"), $"{name} has a writable root filesystem");
            Assert.False(Flag(security, "allowPrivilegeEscalation") ?? true, $"{name} allows privilege escalation");
            Assert.Contains("ALL", security["capabilities"]?["drop"]?.AsArray().Select(c => c!.GetValue<string>()) ?? []);
            Assert.Null(security["capabilities"]?["add"]);
            Assert.Equal("RuntimeDefault", podSecurity["seccompProfile"]?["type"]?.GetValue<string>());
            Assert.False(pod.Spec["automountServiceAccountToken"]?.GetValue<bool>() ?? true, $"{pod.Name} mounts a service account token it does not use");
        }
    }

    [Theory]
    [MemberData(nameof(ChartVariants.All), MemberType = typeof(ChartVariants))]
    public async Task AppProbes_CallOnlyTheHealthEndpoints_NeverAGrain(string variant)
    {
        var manifest = await ChartVariants.RenderAsync(variant);
        foreach (var component in new[] { "silo", "gateway", "dashboard" })
        {
            var container = manifest.Workload(component).Containers.Single();
            Assert.Equal("/healthz", container["startupProbe"]!["httpGet"]!["path"]!.GetValue<string>());
            Assert.Equal("/readyz", container["readinessProbe"]!["httpGet"]!["path"]!.GetValue<string>());

            // A liveness probe that depends on PostgreSQL or RabbitMQ would restart every pod during an outage.
            Assert.Equal("/healthz", container["livenessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
        }
    }

    [Theory]
    [MemberData(nameof(ChartVariants.All), MemberType = typeof(ChartVariants))]
    public async Task AppContainers_WriteOnlyToAnInMemoryTmp_AndReadOnlySecrets(string variant)
    {
        var manifest = await ChartVariants.RenderAsync(variant);
        foreach (var component in new[] { "silo", "gateway", "dashboard" })
        {
            var pod = manifest.Workload(component);
            var mounts = pod.Containers.Single()["volumeMounts"]!.AsArray().Select(m => m!.AsObject()).ToList();
            var writable = Assert.Single(mounts, m => m["readOnly"]?.GetValue<bool>() != true);
            Assert.Equal("/tmp", writable["mountPath"]!.GetValue<string>());
            Assert.NotNull(Volume(pod, writable)["emptyDir"]?["sizeLimit"]);
            foreach (var mount in mounts.Where(m => m != writable))
            {
                Assert.True(Volume(pod, mount)["secret"] is not null, $"{pod.Name} mounts {mount["mountPath"]}, which is neither /tmp nor a Secret");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ChartVariants.All), MemberType = typeof(ChartVariants))]
    public async Task EveryObject_CarriesTheRecommendedLabels(string variant)
    {
        var manifest = await ChartVariants.RenderAsync(variant);
        foreach (var o in manifest.Objects)
        {
            var labels = o["metadata"]!["labels"]?.AsObject() ?? [];
            foreach (var label in new[] { "name", "instance", "component", "version", "part-of", "managed-by" })
            {
                Assert.True(labels.ContainsKey($"app.kubernetes.io/{label}"), $"{Manifest.Kind(o)}/{Manifest.Name(o)} lacks app.kubernetes.io/{label}");
            }
        }
    }

    private static bool? Flag(JsonNode node, string name) => node[name]?.GetValue<bool>();

    private static JsonObject Volume(PodTemplate pod, JsonObject mount) =>
        pod.Spec["volumes"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == mount["name"]!.GetValue<string>())!.AsObject();

    private static IEnumerable<(PodTemplate Pod, JsonObject Container)> Containers(Manifest manifest) =>
        manifest.PodTemplates.SelectMany(p => p.Containers.Concat(p.Spec["initContainers"]?.AsArray().Select(c => c!.AsObject()) ?? []).Select(c => (p, c)));
}
