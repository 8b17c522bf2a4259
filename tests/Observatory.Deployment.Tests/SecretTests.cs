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
        var passwords = first.OfKind("Secret").Concat(second.OfKind("Secret")).Select(s => s["data"]!["password"]!.GetValue<string>()).ToList();
        Assert.Equal(8, passwords.Count);
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

                    Assert.False(name.Contains("PASS", StringComparison.OrdinalIgnoreCase), $"{pod.Name}: {name} is a literal value");
                }
            }
        }
    }

    [Fact]
    public async Task ExistingSecrets_ReplaceTheGeneratedOnes()
    {
        var helm = await HelmTool.RequireAsync();
        var manifest = await helm.RenderAsync(["--set", "postgresql.existingSecret=pg-credentials", "--set", "rabbitmq.existingSecret=mq-credentials"]);
        Assert.Empty(manifest.OfKind("Secret"));
        var environment = manifest.Workload("silo").Environment("silo");
        Assert.Equal("pg-credentials", environment.Single(e => e.Name == "OBSERVATORY_POSTGRES_PASSWORD").ValueFrom!["secretKeyRef"]!["name"]!.GetValue<string>());
        Assert.Equal("mq-credentials", environment.Single(e => e.Name == "OBSERVATORY_RABBITMQ_PASSWORD").ValueFrom!["secretKeyRef"]!["name"]!.GetValue<string>());
        Assert.Equal("pg-credentials", manifest.Workload("postgresql").Environment("postgresql").Single(e => e.Name == "POSTGRES_PASSWORD").ValueFrom!["secretKeyRef"]!["name"]!.GetValue<string>());
    }

    [GeneratedRegex(@"Password=([^;]*)", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordInConnectionString();

    [GeneratedRegex(@"://[^:/@]+:([^@]*)@")]
    private static partial Regex PasswordInUri();
}
