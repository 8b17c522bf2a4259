using System.ComponentModel.DataAnnotations;
using Npgsql;
using Observatory.ServiceDefaults;
using Observatory.Silo;

namespace Observatory.Deployment.Tests;

/// <summary>The silo and gateway get every setting they need, under the names their options read.</summary>
public sealed class AppWiringTests
{
    [Theory]
    [MemberData(nameof(ChartVariants.All), MemberType = typeof(ChartVariants))]
    public async Task Silo_AdvertisesItsPodAddressAndIsNamedAfterItsPod(string variant)
    {
        var silo = (await ChartVariants.RenderAsync(variant)).Workload("silo");
        var environment = AppEnvironment.Of(silo, "silo");
        Assert.Empty(environment.Unresolved);

        var endpoints = environment.Bind<SiloEndpointOptions>(SiloEndpointOptions.SectionName);
        Assert.Equal(AppEnvironment.SamplePodIp, endpoints.AdvertisedIp);
        Assert.Equal(AppEnvironment.SamplePodName, endpoints.Name);
        Assert.True(endpoints.ListenOnAnyHostAddress, "a silo listening only on its advertised address is fine, but in a pod it must accept on every interface");
        Assert.Equal(silo.Ports.Single(p => p.Name == "silo").Port, endpoints.SiloPort);
        Assert.Equal(silo.Ports.Single(p => p.Name == "orleans-gw").Port, endpoints.GatewayPort);
        Validator.ValidateObject(endpoints, new ValidationContext(endpoints), validateAllProperties: true);
    }

    [Theory]
    [MemberData(nameof(ChartVariants.All), MemberType = typeof(ChartVariants))]
    public async Task AppEnvironment_IsCompleteAndValidForTheOptionsTheProcessesRead(string variant)
    {
        var manifest = await ChartVariants.RenderAsync(variant);
        foreach (var component in new[] { "silo", "gateway" })
        {
            var environment = AppEnvironment.Of(manifest.Workload(component), component);
            Assert.Empty(environment.Unresolved);
            Assert.Empty(environment.UnboundObservatoryKeys());

            foreach (var required in new[] { "Observatory__Postgres__ConnectionString", "Observatory__RabbitMq__Uri", "Observatory__ServiceId", "Observatory__ClusterId", "ASPNETCORE_HTTP_PORTS", "DOTNET_SHUTDOWNTIMEOUTSECONDS" })
            {
                Assert.True(environment.Variables.ContainsKey(required), $"{component} lacks {required}");
            }

            var options = environment.Bind<ObservatoryOptions>(ObservatoryOptions.SectionName);
            var validation = new ObservatoryOptionsValidator().Validate(null, options);
            Assert.True(validation.Succeeded, $"{component}: {validation.FailureMessage}");
            Assert.Equal(manifest.Workload(component).Ports.Single(p => p.Name == "http").Port.ToString(System.Globalization.CultureInfo.InvariantCulture), environment.Variables["ASPNETCORE_HTTP_PORTS"]);
        }
    }

    [Fact]
    public async Task InChartServices_AreReachedThroughTheirServicesWithThePasswordFromTheirSecret()
    {
        var manifest = await ChartVariants.RenderAsync(ChartVariants.Default);
        var environment = AppEnvironment.Of(manifest.Workload("silo"), "silo");
        var services = manifest.OfKind("Service").Select(Manifest.Name).ToHashSet();

        var postgres = new NpgsqlConnectionStringBuilder(environment.Variables["Observatory__Postgres__ConnectionString"]);
        Assert.Contains(postgres.Host!, services);
        Assert.Equal("Sample0Password0From0A0Secret", postgres.Password);

        var rabbit = new Uri(environment.Variables["Observatory__RabbitMq__Uri"]);
        Assert.Contains(rabbit.Host, services);
        Assert.Equal("Sample0Password0From0A0Secret", rabbit.UserInfo.Split(':')[1]);
    }

    [Theory]
    [MemberData(nameof(ChartVariants.All), MemberType = typeof(ChartVariants))]
    public async Task Silos_ShutDownGracefullyAndRollOutWithoutShrinkingTheCluster(string variant)
    {
        var manifest = await ChartVariants.RenderAsync(variant);
        var deployment = manifest.OfKind("Deployment").Single(d => Manifest.Name(d).EndsWith("-silo", StringComparison.Ordinal));
        var silo = manifest.Workload("silo");
        var shutdown = int.Parse(AppEnvironment.Of(silo, "silo").Variables["DOTNET_SHUTDOWNTIMEOUTSECONDS"], System.Globalization.CultureInfo.InvariantCulture);
        var grace = silo.Spec["terminationGracePeriodSeconds"]!.GetValue<int>();
        Assert.True(grace > shutdown, $"the kubelet kills a silo after {grace} s, before its {shutdown} s shutdown ends");

        var replicas = deployment["spec"]!["replicas"]!.GetValue<int>();
        Assert.True(replicas >= 3, "fewer than 3 silos cannot lose one and stay a cluster with headroom");
        Assert.Equal(0, deployment["spec"]!["strategy"]!["rollingUpdate"]!["maxUnavailable"]!.GetValue<int>());

        var budget = manifest.OfKind("PodDisruptionBudget").Single(p => silo.Matches(p["spec"]!["selector"]!["matchLabels"]!.AsObject()));
        var minAvailable = budget["spec"]!["minAvailable"]!.GetValue<int>();
        Assert.InRange(minAvailable, 1, replicas - 1);
    }

    [Theory]
    [MemberData(nameof(ChartVariants.All), MemberType = typeof(ChartVariants))]
    public async Task Gateways_LeaveTheEndpointsThenDrainWithinTheirGracePeriod(string variant)
    {
        var gateway = (await ChartVariants.RenderAsync(variant)).Workload("gateway");
        var container = gateway.Containers.Single();
        var preStop = container["lifecycle"]!["preStop"]!["sleep"]!["seconds"]!.GetValue<int>();
        var shutdown = int.Parse(AppEnvironment.Of(gateway, "gateway").Variables["DOTNET_SHUTDOWNTIMEOUTSECONDS"], System.Globalization.CultureInfo.InvariantCulture);
        var grace = gateway.Spec["terminationGracePeriodSeconds"]!.GetValue<int>();
        Assert.InRange(preStop, 1, 30);
        Assert.True(grace > preStop + shutdown, $"the kubelet kills a gateway after {grace} s, before its {preStop} s pause and {shutdown} s drain end");
    }
}
