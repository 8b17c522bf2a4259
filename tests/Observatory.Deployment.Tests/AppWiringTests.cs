using System.ComponentModel.DataAnnotations;
using Npgsql;
using Observatory.Dashboard.Api;
using Observatory.Dashboard.Auth;
using Observatory.EventArchive;
using Observatory.Gateway.Alerts;
using Observatory.ServiceDefaults;
using Observatory.Silo;

namespace Observatory.Deployment.Tests;

/// <summary>The silo, gateway and dashboard get every setting they need, under the names their options read.</summary>
public sealed class AppWiringTests
{
    private static readonly string[] Apps = ["silo", "gateway", "dashboard"];

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
        foreach (var component in Apps)
        {
            var environment = AppEnvironment.Of(manifest.Workload(component), component);
            Assert.Empty(environment.Unresolved);
            Assert.Empty(environment.UnboundObservatoryKeys());

            foreach (var required in new[] { "Observatory__Postgres__ConnectionString", "Observatory__RabbitMq__Uri", "Observatory__Redis__ConnectionString", "Observatory__ServiceId", "Observatory__ClusterId", "ASPNETCORE_HTTP_PORTS", "DOTNET_SHUTDOWNTIMEOUTSECONDS" })
            {
                Assert.True(environment.Variables.ContainsKey(required), $"{component} lacks {required}");
            }

            var options = environment.Bind<ObservatoryOptions>(ObservatoryOptions.SectionName);
            var validation = new ObservatoryOptionsValidator().Validate(null, options);
            Assert.True(validation.Succeeded, $"{component}: {validation.FailureMessage}");
            Assert.Equal(manifest.Workload(component).Ports.Single(p => p.Name == "http").Port.ToString(System.Globalization.CultureInfo.InvariantCulture), environment.Variables["ASPNETCORE_HTTP_PORTS"]);
        }
    }

    [Theory]
    [InlineData(ChartVariants.Default, EventArchiveBackend.Postgres, null)]
    [InlineData(ChartVariants.Production, EventArchiveBackend.Postgres, "90.00:00:00")]
    [InlineData(ChartVariants.AllServices, EventArchiveBackend.Mongo, null)]
    public async Task SiloAndGateway_ShareTheEventArchive_MongoWhenTheChartRunsMongo(string variant, EventArchiveBackend backend, string? retention)
    {
        var manifest = await ChartVariants.RenderAsync(variant);
        var services = manifest.OfKind("Service").Select(Manifest.Name).ToHashSet();
        foreach (var component in new[] { "silo", "gateway" })
        {
            var environment = AppEnvironment.Of(manifest.Workload(component), component);
            var archive = environment.Bind<EventArchiveOptions>(EventArchiveOptions.SectionName);
            Assert.True(environment.Variables.ContainsKey("Observatory__Archive__Backend"), $"{component} does not say which archive it uses");
            Assert.Equal(backend, archive.Backend);
            Assert.Equal(retention, archive.Retention?.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
            var validation = new EventArchiveOptionsValidator().Validate(null, archive);
            Assert.True(validation.Succeeded, $"{component}: {validation.FailureMessage}");
            if (backend == EventArchiveBackend.Mongo)
            {
                var mongo = new MongoDB.Driver.MongoUrl(archive.Mongo.ConnectionString);
                Assert.Contains(mongo.Server.Host, services);
                Assert.Equal("Sample0Password0From0A0Secret", mongo.Password);
            }
        }

        // The dashboard neither writes nor reads the archive.
        Assert.DoesNotContain(AppEnvironment.Of(manifest.Workload("dashboard"), "dashboard").Variables.Keys, k => k.StartsWith("Observatory__Archive__", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ChartVariants.All), MemberType = typeof(ChartVariants))]
    public async Task Dashboard_SignsInItsUserWithThePasswordFileOfAMountedSecret(string variant)
    {
        var manifest = await ChartVariants.RenderAsync(variant);
        var dashboard = manifest.Workload("dashboard");
        var user = AppEnvironment.Of(dashboard, "dashboard").Bind<DashboardUserOptions>(DashboardUserOptions.SectionName);
        Assert.Equal("admin", user.Name);
        Assert.Empty(user.PasswordHash);
        Assert.NotNull(user.PasswordFile);

        var (secret, key) = SecretFile(dashboard, user.PasswordFile);
        var generated = manifest.OfKind("Secret").SingleOrDefault(s => Manifest.Name(s) == secret);
        Assert.True(generated is not null, $"the dashboard's password Secret {secret} is not made by the chart");
        Assert.NotNull(generated["data"]![key]);
    }

    [Fact]
    public async Task Dashboard_ListsTheLinksTheValuesGive()
    {
        var dashboard = (await ChartVariants.RenderAsync(ChartVariants.Production)).Workload("dashboard");
        var launcher = AppEnvironment.Of(dashboard, "dashboard").Bind<LauncherOptions>(LauncherOptions.SectionName);
        Assert.Equal(["Grafana", "API reference"], launcher.Links.Select(l => l.Name));
        foreach (var link in launcher.Links)
        {
            Validator.ValidateObject(link, new ValidationContext(link), validateAllProperties: true);
        }
    }

    [Theory]
    [MemberData(nameof(ChartVariants.All), MemberType = typeof(ChartVariants))]
    public async Task Gateway_TakesTheAlertmanagerWebhookTokenFromASecret(string variant)
    {
        var manifest = await ChartVariants.RenderAsync(variant);
        var gateway = manifest.Workload("gateway");
        var token = Assert.Single(gateway.Environment("gateway"), e => e.Name == "Observatory__Alerts__WebhookToken");
        var reference = token.ValueFrom?["secretKeyRef"];
        Assert.True(reference is not null, "the webhook token is not read from a Secret");
        var secret = manifest.OfKind("Secret").Single(s => Manifest.Name(s) == reference["name"]!.GetValue<string>());
        Assert.NotNull(secret["data"]![reference["key"]!.GetValue<string>()]);

        var options = AppEnvironment.Of(gateway, "gateway").Bind<AlertWebhookOptions>(AlertWebhookOptions.SectionName);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
    }

    [Theory]
    [InlineData("silo")]
    [InlineData("gateway")]
    [InlineData("dashboard")]
    public async Task InChartServices_AreReachedThroughTheirServicesWithThePasswordFromTheirSecret(string component)
    {
        var manifest = await ChartVariants.RenderAsync(ChartVariants.Default);
        var environment = AppEnvironment.Of(manifest.Workload(component), component);
        var services = manifest.OfKind("Service").Select(Manifest.Name).ToHashSet();

        var redis = StackExchange.Redis.ConfigurationOptions.Parse(environment.Variables["Observatory__Redis__ConnectionString"]);
        Assert.Contains(Assert.IsType<System.Net.DnsEndPoint>(Assert.Single(redis.EndPoints)).Host, services);
        Assert.Equal("Sample0Password0From0A0Secret", redis.Password);

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
    /// <summary>The Secret and key behind a file path, through the container's read-only mount of a Secret volume.</summary>
    internal static (string Secret, string Key) SecretFile(PodTemplate pod, string path)
    {
        var container = pod.Containers.Single();
        var mount = container["volumeMounts"]!.AsArray().SingleOrDefault(m => path.StartsWith(m!["mountPath"]!.GetValue<string>() + "/", StringComparison.Ordinal));
        Assert.True(mount is not null, $"{path} is on no volume of {pod.Name}");
        Assert.True(mount["readOnly"]?.GetValue<bool>(), $"{pod.Name} may write the volume holding {path}");
        var volume = pod.Spec["volumes"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == mount["name"]!.GetValue<string>())!["secret"];
        Assert.True(volume is not null, $"{path} is not on a Secret volume");
        var file = path[(mount["mountPath"]!.GetValue<string>().Length + 1)..];
        var item = volume["items"]!.AsArray().Single(i => i!["path"]!.GetValue<string>() == file)!;
        return (volume["secretName"]!.GetValue<string>(), item["key"]!.GetValue<string>());
    }
}
