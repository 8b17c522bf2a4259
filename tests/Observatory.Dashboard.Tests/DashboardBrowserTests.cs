using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Observatory.Testing;
using StackExchange.Redis;

namespace Observatory.Dashboard.Tests;

/// <summary>The dashboard in a real browser against a real silo: what an operator does, end to end.</summary>
public sealed partial class DashboardBrowserTests(DashboardFixture fixture)
{
    private static readonly LocatorAssertionsToHaveTextOptions Live = new() { Timeout = 20_000 };
    private static readonly LocatorAssertionsToContainTextOptions LiveContains = new() { Timeout = 20_000 };
    private static readonly LocatorAssertionsToHaveAttributeOptions LiveAttribute = new() { Timeout = 20_000 };

    [Fact]
    public async Task NewTaskForm_SubmittedTask_ReachesSucceededWithoutReload()
    {
        var page = await fixture.SignedInPageAsync();
        await page.EvaluateAsync("() => window.notReloaded = true");

        await page.Keyboard.PressAsync("n");
        await page.SelectOptionAsync("#new-type", "sleep");
        await page.FillAsync("#new-payload", """{"durationMs": 300}""");
        await page.FillAsync("#new-tags", "browser-submit");
        await page.ClickAsync("#new-form button[type=submit]");
        await Assertions.Expect(page.Locator("#new-result")).ToHaveTextAsync(TaskIdText(), Live);
        var taskId = TaskIdText().Match(await page.Locator("#new-result").InnerTextAsync()).Groups[1].Value;
        await page.Keyboard.PressAsync("Escape");

        var status = page.Locator($"tr[data-id='{taskId}'] .status");
        await Assertions.Expect(status).ToHaveTextAsync("succeeded", Live);
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"), "The page reloaded; the update must arrive live.");
        await Assertions.Expect(page.Locator("[data-stat=succeeded] .value")).Not.ToHaveTextAsync("0", Live);
        await DashboardFixture.ScreenshotAsync(page, "tasks");
    }

    [Fact]
    public async Task TaskSubmittedThroughTheGateway_AppearsAndSucceedsLiveInTheTable()
    {
        var page = await fixture.SignedInPageAsync();
        using var gateway = new HttpClient { BaseAddress = fixture.Gateway.BaseAddress };
        gateway.DefaultRequestHeaders.Add("X-Api-Key", fixture.Deployment.Settings.ApiKey);

        using var response = await gateway.PostAsJsonAsync("/api/v1/tasks", new { type = "sleep", payload = new { durationMs = 200 }, tags = new[] { "via-gateway" } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var taskId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("taskId").GetString();

        await Assertions.Expect(page.Locator($"tr[data-id='{taskId}'] .status")).ToHaveTextAsync("succeeded", Live);
    }

    [Fact]
    public async Task NewTaskForm_PayloadBreakingTheSchema_IsRefusedBeforeSubmit()
    {
        var page = await fixture.SignedInPageAsync();
        await page.ClickAsync("#open-new");
        await page.SelectOptionAsync("#new-type", "sleep");
        await page.FillAsync("#new-payload", """{"durationMs": -5}""");
        await page.ClickAsync("#new-form button[type=submit]");

        await Assertions.Expect(page.Locator("#new-errors")).ToContainTextAsync("/payload/durationMs");
        await Assertions.Expect(page.Locator("#new-result")).ToHaveTextAsync("");
        await DashboardFixture.ScreenshotAsync(page, "new-task-invalid");
    }

    [Fact]
    public async Task TasksTable_FilteredByTag_PagesForwardAndBack()
    {
        var page = await fixture.SignedInPageAsync();
        var tag = "paging-" + Guid.NewGuid().ToString("N")[..6];
        await page.ClickAsync("#open-new");
        await page.SelectOptionAsync("#new-type", "noop");
        await page.FillAsync("#new-tags", tag);
        await page.FillAsync("#new-count", "25");
        await page.ClickAsync("#new-form button[type=submit]");
        await Assertions.Expect(page.Locator("#new-result")).ToHaveTextAsync("Submitted 25 tasks; 0 rejected.", Live);
        await page.Keyboard.PressAsync("Escape");

        await page.FillAsync("#filter-tag", tag);
        await page.ClickAsync("#filters button[type=submit]");
        var rows = page.Locator("#tasks-table tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(20);
        var firstPage = await rows.First.GetAttributeAsync("data-id");

        await page.ClickAsync("#next-page");
        await Assertions.Expect(rows).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("#next-page")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("#page-number")).ToHaveTextAsync("Page 2");

        await page.ClickAsync("#prev-page");
        await Assertions.Expect(rows).ToHaveCountAsync(20);
        Assert.Equal(firstPage, await rows.First.GetAttributeAsync("data-id"));
    }

    [Fact]
    public async Task FailedView_FailedTask_RetriedFromItsDetail()
    {
        var page = await fixture.SignedInPageAsync();
        await page.ClickAsync("#open-new");
        await page.SelectOptionAsync("#new-type", "fail");
        await page.FillAsync("#new-payload", """{"message": "broken on purpose", "permanent": true}""");
        await page.ClickAsync("#new-form button[type=submit]");
        await Assertions.Expect(page.Locator("#new-result")).ToHaveTextAsync(TaskIdText(), Live);
        var taskId = TaskIdText().Match(await page.Locator("#new-result").InnerTextAsync()).Groups[1].Value;
        await page.Keyboard.PressAsync("Escape");

        await page.ClickAsync("[data-view=failed]");
        var row = page.Locator($"tr[data-id='{taskId}']");
        await Assertions.Expect(row.Locator(".status")).ToHaveTextAsync("failed", Live);
        await row.ClickAsync();
        var detail = page.Locator("#detail");
        await Assertions.Expect(detail).ToContainTextAsync("broken on purpose");
        await DashboardFixture.ScreenshotAsync(page, "failed-task-detail");

        await detail.Locator("[data-action=retry]").ClickAsync();
        await Assertions.Expect(detail).ToContainTextAsync("attempt 2 of", LiveContains);
        await Assertions.Expect(detail.Locator(".timeline").First).ToContainTextAsync("task.submitted");
    }

    [Fact]
    public async Task MainViews_AtDesktopAndPhoneWidth_HaveNoSeriousAccessibilityViolations()
    {
        foreach (var (width, height, name) in new[] { (1280, 800, "desktop"), (390, 844, "phone") })
        {
            var page = await fixture.SignedInPageAsync(width, height);
            var results = await page.RunAxe();
            var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}").ToList();
            Assert.True(serious.Count == 0, $"{name}: {string.Join("; ", serious)}");
            await DashboardFixture.ScreenshotAsync(page, "main-" + name);

            await page.ClickAsync("[data-view=cluster]");
            await Assertions.Expect(page.Locator("#cluster")).ToContainTextAsync("1 active silos", LiveContains);
            await DashboardFixture.ScreenshotAsync(page, "cluster-" + name);
        }
    }

    [Fact]
    public async Task AlertPostedByAlertmanager_AppearsInTheAlertsPanelWithoutReload_AndLeavesWhenResolved()
    {
        var page = await fixture.SignedInPageAsync();
        await page.EvaluateAsync("() => window.notReloaded = true");
        var fingerprint = "browser-" + Guid.NewGuid().ToString("N")[..8];
        const string name = "DashboardBrowserAlert";
        var startsAt = DateTimeOffset.UtcNow.AddMinutes(-3).ToString("O", CultureInfo.InvariantCulture);

        await fixture.PostAlertAsync(AlertmanagerPayloads.Firing(fingerprint, name, startsAt));
        var alert = page.Locator($"#alerts-list [data-fingerprint='{fingerprint}']");
        await Assertions.Expect(alert).ToContainTextAsync(name, LiveContains);
        await Assertions.Expect(alert.Locator(".severity")).ToHaveTextAsync("warning");
        await Assertions.Expect(alert).ToContainTextAsync($"{name} fires");
        await Assertions.Expect(alert.Locator("time")).ToHaveAttributeAsync("datetime", new Regex("^" + startsAt[..16]));
        await Assertions.Expect(alert.GetByRole(AriaRole.Link, new() { Name = "Runbook" })).ToHaveAttributeAsync("href", $"https://observatory.dev/docs/runbooks/{name}.md");
        await Assertions.Expect(page.Locator("#alerts-empty")).ToBeHiddenAsync();
        await DashboardFixture.ScreenshotAsync(page, "alerts");

        await fixture.PostAlertAsync(AlertmanagerPayloads.Resolved(fingerprint, name, startsAt, DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)));
        await Assertions.Expect(alert).ToHaveCountAsync(0, new() { Timeout = 20_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"), "The page reloaded; the alert must leave live.");
    }

    [Fact]
    public async Task AfterTasksRun_ThroughputCardShowsARate_AndBothChartsDrawPoints()
    {
        var page = await fixture.SignedInPageAsync();

        // The 15 minutes of history arrive at once, one point a second, before many live points could.
        await Assertions.Expect(page.Locator("#throughput-chart path.line")).ToHaveAttributeAsync("data-points", new Regex("^[0-9]{3}$"), LiveAttribute);
        await Assertions.Expect(page.Locator("#throughput-note")).ToHaveTextAsync("");

        using var gateway = new HttpClient { BaseAddress = fixture.Gateway.BaseAddress };
        gateway.DefaultRequestHeaders.Add("X-Api-Key", fixture.Deployment.Settings.ApiKey);
        using var response = await gateway.PostAsJsonAsync("/api/v1/tasks/batch", new { tasks = Enumerable.Range(0, 40).Select(_ => new { type = "noop", tags = new[] { "charts" } }) });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await Assertions.Expect(page.Locator("[data-stat=throughput] .value")).ToHaveTextAsync(new Regex("[1-9]"), Live);
        await Assertions.Expect(page.Locator("[data-stat=p95] .value")).ToHaveTextAsync(new Regex(@"^[0-9.]+ m?s$"), Live);
        await Assertions.Expect(page.Locator("#throughput-chart")).ToHaveAttributeAsync("aria-label", new Regex(@"peak [0-9.,]*[1-9]"), LiveAttribute);
        await Assertions.Expect(page.Locator("#throughput-chart path.line")).ToHaveAttributeAsync("d", new Regex(@"^M[0-9.]+,[0-9.]+L"));
        // Each second's own p95: a batch that ends within one second may be a lone point, drawn as the dot.
        await Assertions.Expect(page.Locator("#latency-chart circle.last")).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("#latency-chart")).ToHaveAttributeAsync("aria-label", new Regex(@"now [0-9.]+ m?s"));
        await DashboardFixture.ScreenshotAsync(page, "charts");
    }

    [Fact]
    public async Task LatencyChart_RightAfterLoad_DrawsItsHistoryFromRedis()
    {
        // Ten minutes ago, a minute of per-second percentiles as the stats grain writes them: no live point is that old.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestEnvironment.RedisConnectionString);
        var minute = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds();
        minute -= minute % 60;
        var key = fixture.Deployment.Settings.StatsKeyPrefix + "series:1s:" + minute.ToString(CultureInfo.InvariantCulture);
        await redis.GetDatabase().HashSetAsync(key, [.. Enumerable.Range(0, 60).SelectMany(second => new HashEntry[]
        {
            new($"succeeded:{second}", 3), new($"p50:{second}", 800_000), new($"p95:{second}", 1_234_000),
        })]);

        var page = await fixture.SignedInPageAsync();

        // At least the seeded 60 points, long before 60 live points (one a second) could arrive.
        await Assertions.Expect(page.Locator("#latency-chart path.line")).ToHaveAttributeAsync("data-points", new Regex("^([6-9][0-9]|[1-9][0-9]{2,})$"), LiveAttribute);
        await Assertions.Expect(page.Locator("#latency-chart path.line")).ToHaveAttributeAsync("d", new Regex(@"^M[0-9.]+,[0-9.]+L"));
        await Assertions.Expect(page.Locator("#latency-note")).ToHaveTextAsync("");
        await Assertions.Expect(page.Locator("[data-stat=p95] .label")).ToHaveTextAsync("p95 latency (1 min)");
    }

    [Fact]
    public async Task RedisDown_HistoryIs503Problem_AndTheChartSaysHistoryUnavailableButDrawsLivePoints()
    {
        // A second dashboard of the same cluster whose Redis is a port nothing listens on.
        var dashboard = await fixture.Deployment.StartDashboardAsync(DashboardFixture.UserName, fixture.Password, new Dictionary<string, string>
        {
            ["Observatory__Redis__ConnectionString"] = $"127.0.0.1:{FreePort.Next()},connectTimeout=1000",
        });
        try
        {
            using (var session = await DashboardSession.SignedInAsync(dashboard.BaseAddress, DashboardFixture.UserName, fixture.Password))
            {
                using var history = await session.Http.GetAsync(new Uri("/api/v1/stats/history?window=15m", UriKind.Relative));
                var problem = JsonDocument.Parse(await history.Content.ReadAsStringAsync()).RootElement;
                Assert.Equal(HttpStatusCode.ServiceUnavailable, history.StatusCode);
                Assert.Equal("https://observatory.dev/problems/stats-history-unavailable", problem.GetProperty("type").GetString());
                DashboardSession.AssertContract(Observatory.Contracts.ContractName.ProblemDetails, problem);
            }

            var page = await fixture.SignedInPageAsync(dashboard: dashboard);
            await Assertions.Expect(page.Locator("#throughput-note")).ToContainTextAsync("History unavailable", LiveContains);
            await Assertions.Expect(page.Locator("#throughput-chart path.line")).ToHaveAttributeAsync("d", new Regex(@"^M[0-9.]+,[0-9.]+L"), LiveAttribute);
            await DashboardFixture.ScreenshotAsync(page, "history-unavailable");
        }
        finally
        {
            await fixture.Deployment.StopAsync(dashboard);
        }
    }

    [GeneratedRegex("Submitted task ([0-9a-f-]{36})")]
    private static partial Regex TaskIdText();
}
