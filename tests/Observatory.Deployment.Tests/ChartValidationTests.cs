namespace Observatory.Deployment.Tests;

/// <summary>The chart lints cleanly, renders objects the Kubernetes API accepts, and refuses unsafe values.</summary>
public sealed class ChartValidationTests
{
    [Theory]
    [MemberData(nameof(ChartVariants.All), MemberType = typeof(ChartVariants))]
    public async Task Chart_PassesStrictLint(string variant)
    {
        var helm = await HelmTool.RequireAsync();
        var lint = await helm.RunAsync(["lint", "--strict", RepositoryPaths.Chart, .. ChartVariants.LintArguments(variant)]);
        Assert.True(lint.ExitCode == 0, lint.Describe());
    }

    [Theory]
    [MemberData(nameof(ChartVariants.All), MemberType = typeof(ChartVariants))]
    public async Task EveryRenderedObject_MatchesTheKubernetesSchema(string variant)
    {
        var manifest = await ChartVariants.RenderAsync(variant);
        var validation = await HelmTool.ValidateAsync(manifest.Yaml);
        Assert.True(validation.ExitCode == 0, validation.Describe());
        Assert.Contains($"{manifest.Objects.Count} objects checked, 0 failed", validation.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SchemaValidation_CatchesAMalformedObject()
    {
        var manifest = await ChartVariants.RenderAsync(ChartVariants.Default);
        var broken = manifest.Yaml.Replace("containerPort: 11111", "containerPort: eleven", StringComparison.Ordinal);
        var validation = await HelmTool.ValidateAsync(broken);
        Assert.Equal(1, validation.ExitCode);
        Assert.Contains("containerPort must be integer", validation.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("containerSecurityContext.readOnlyRootFilesystem=false", "value must be true")]
    [InlineData("containerSecurityContext.runAsNonRoot=false", "value must be true")]
    [InlineData("silo.resources.limits=null", "missing property 'limits'")]
    [InlineData("silo.terminationGracePeriodSeconds=120", "must be longer than silo.shutdownTimeoutSeconds")]
    [InlineData("postgresql.enabled=false", "externalPostgresql")]
    [InlineData("rabbitmq.enabled=false", "externalRabbitmq")]
    [InlineData("serviceId=not valid", "/serviceId")]
    [InlineData("redis.enabled=false", "externalRedis")]
    [InlineData("archive.backend=mongo", "externalMongodb")]
    [InlineData("archive.retention=30 days", "/archive/retention")]
    [InlineData("dashboard.links[0].name=x", "/dashboard/links/0")]
    [InlineData("monitoring.prometheusRule.enabled=true", "does not serve monitoring.coreos.com/v1/PrometheusRule")]
    [InlineData("monitoring.alertmanagerConfig.enabled=true", "does not serve monitoring.coreos.com/v1alpha1/AlertmanagerConfig")]
    public async Task UnsafeOrIncompleteValues_AreRefused(string setting, string reason)
    {
        var helm = await HelmTool.RequireAsync();
        var result = await helm.TemplateAsync(["--set", setting]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
    }
}
