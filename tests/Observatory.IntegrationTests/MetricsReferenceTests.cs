using System.Text.RegularExpressions;
using Observatory.IntegrationTests.Infrastructure;
using Observatory.Testing;

namespace Observatory.IntegrationTests;

/// <summary>docs/metrics.md against what a running silo and gateway export at <c>/metrics</c>.</summary>
public sealed partial class MetricsReferenceTests(SingleSiloFixture fixture) : IClassFixture<SingleSiloFixture>
{
    [Fact]
    public async Task Metrics_ExportedBySiloAndGateway_MatchTheReferenceTable()
    {
        // A little of everything first: a success, a permanent failure and a rejected submission.
        var succeeded = await fixture.Client.SubmitAsync("noop");
        var failed = await fixture.Client.SubmitAsync("fail", """{"permanent":true}""");
        using (var rejected = await fixture.Client.PostJsonAsync("/api/v1/tasks", """{"type":"no-such-type"}"""))
        {
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, rejected.StatusCode);
        }

        await Eventually.ReturnsAsync(() => fixture.Client.GetStatusAsync(succeeded), s => s == "succeeded", TimeSpan.FromSeconds(30), "the noop task to succeed");
        await Eventually.ReturnsAsync(() => fixture.Client.GetStatusAsync(failed), s => s == "failed", TimeSpan.FromSeconds(30), "the fail task to fail");

        var exported = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var process in new[] { fixture.Silo, fixture.Gateway })
        {
            using var http = new HttpClient { BaseAddress = process.BaseAddress };
            foreach (Match family in TypeLine().Matches(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative))))
            {
                exported[family.Groups["name"].Value] = family.Groups["type"].Value;
            }
        }

        var reference = MetricReference.Load();
        Assert.Empty(exported.Keys.Where(name => !reference.Lists(name)).Order());
        Assert.Empty(reference.Exact.Keys.Where(name => !exported.ContainsKey(name)).Order());
        Assert.Empty(reference.Exact.Where(row => exported[row.Key] != row.Value).Select(row => $"{row.Key}: documented {row.Value}, exported {exported[row.Key]}"));
    }

    [GeneratedRegex(@"^# TYPE (?<name>\S+) (?<type>\S+)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();
}
