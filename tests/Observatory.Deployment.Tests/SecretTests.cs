using System.Text;
using System.Text.RegularExpressions;

namespace Observatory.Deployment.Tests;

/// <summary>No credential is a default: each is random per install, or the operator's own Secret.</summary>
public sealed partial class SecretTests
{
    private static readonly string[] _knownDefaults =
        ["guest", "observatory", "password", "password123", "admin", "postgres", "root", "changeme", "secret", "redis", "mongo", "rabbitmq"];

    [Theory]
    [MemberData(nameof(ChartVariants.All), MemberType = typeof(ChartVariants))]
    public async Task GeneratedSecrets_HoldLongRandomPasswords(string variant)
    {
        var manifest = await ChartVariants.RenderAsync(variant);
        foreach (var secret in manifest.OfKind("Secret"))
        {
            Assert.Null(secret["stringData"]);
            foreach (var (key, value) in secret["data"]!.AsObject())
            {
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(value!.GetValue<string>()));
                Assert.True(text.Length >= 24, $"{Manifest.Name(secret)}/{key} is only {text.Length} characters");
                Assert.DoesNotContain(text.ToLowerInvariant(), _knownDefaults);
            }
        }
    }

    [Fact]
    public async Task EachInstall_GeneratesDifferentPasswords()
    {
        var helm = await HelmTool.RequireAsync();
        var first = await helm.RenderAsync(ChartVariants.Arguments(ChartVariants.AllServices));
        var second = await helm.RenderAsync(ChartVariants.Arguments(ChartVariants.AllServices));
        var passwords = first.OfKind("Secret").Concat(second.OfKind("Secret")).SelectMany(s => s["data"]!.AsObject().Select(d => d.Value!.GetValue<string>())).ToList();

        // PostgreSQL, RabbitMQ, Redis, MongoDB, the dashboard's user and the webhook token, twice.
        Assert.Equal(12, passwords.Count);
        Assert.Equal(passwords.Count, passwords.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(ChartVariants.All), MemberType = typeof(ChartVariants))]
    public async Task NoManifest_SpellsOutACredential(string variant)
    {
        var manifest = await ChartVariants.RenderAsync(variant);
        foreach (var pod in manifest.PodTemplates)
        {
            foreach (var container in pod.Containers)
            {
                foreach (var (name, value, _) in pod.Environment(container["name"]!.GetValue<string>()))
                {
                    if (value is null)
                    {
                        continue;
                    }

                    // Passwords are only ever $(VARIABLE) references to a Secret-backed variable.
                    foreach (Match literal in PasswordInConnectionString().Matches(value).Concat(PasswordInUri().Matches(value)))
                    {
                        Assert.StartsWith("$(", literal.Groups[1].Value, StringComparison.Ordinal);
                    }

                    // A literal password setting may only name the file of a mounted Secret.
                    if (name.Contains("PASS", StringComparison.OrdinalIgnoreCase))
                    {
                        Assert.True(name.EndsWith("PasswordFile", StringComparison.Ordinal), $"{pod.Name}: {name} is a literal value");
                        AppWiringTests.SecretFile(pod, value);
                    }
                }
            }
        }
    }

    [Fact]
    public async Task ExistingSecrets_ReplaceTheGeneratedOnes()
    {
        var helm = await HelmTool.RequireAsync();
        var manifest = await helm.RenderAsync(
        [
            "--set", "postgresql.existingSecret=pg-credentials", "--set", "rabbitmq.existingSecret=mq-credentials", "--set", "redis.existingSecret=redis-credentials",
            "--set", "dashboard.existingSecret=dashboard-user", "--set", "alerts.existingSecret=alertmanager-token",
        ]);
        Assert.Empty(manifest.OfKind("Secret"));
        var environment = manifest.Workload("silo").Environment("silo");
        Assert.Equal("pg-credentials", SecretOf(environment, "OBSERVATORY_POSTGRES_PASSWORD"));
        Assert.Equal("mq-credentials", SecretOf(environment, "OBSERVATORY_RABBITMQ_PASSWORD"));
        Assert.Equal("redis-credentials", SecretOf(environment, "OBSERVATORY_REDIS_PASSWORD"));
        Assert.Equal("pg-credentials", SecretOf(manifest.Workload("postgresql").Environment("postgresql"), "POSTGRES_PASSWORD"));
        Assert.Equal("alertmanager-token", SecretOf(manifest.Workload("gateway").Environment("gateway"), "Observatory__Alerts__WebhookToken"));
        var dashboard = manifest.Workload("dashboard");
        var passwordFile = dashboard.Environment("dashboard").Single(e => e.Name == "Observatory__Dashboard__User__PasswordFile").Value!;
        Assert.Equal(("dashboard-user", "password"), AppWiringTests.SecretFile(dashboard, passwordFile));
    }

    private static string SecretOf(IReadOnlyList<(string Name, string? Value, System.Text.Json.Nodes.JsonObject? ValueFrom)> environment, string variable) =>
        environment.Single(e => e.Name == variable).ValueFrom!["secretKeyRef"]!["name"]!.GetValue<string>();

    // Npgsql (Password=...;) and StackExchange.Redis (password=...,) syntax.
    [GeneratedRegex(@"Password=([^;,]*)", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordInConnectionString();

    [GeneratedRegex(@"://[^:/@]+:([^@]*)@")]
    private static partial Regex PasswordInUri();
}
