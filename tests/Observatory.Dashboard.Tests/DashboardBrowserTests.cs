using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Observatory.Dashboard.Tests;

/// <summary>The dashboard in a real browser against a real silo: what an operator does, end to end.</summary>
public sealed partial class DashboardBrowserTests(DashboardFixture fixture)
{
    private static readonly LocatorAssertionsToHaveTextOptions Live = new() { Timeout = 20_000 };
    private static readonly LocatorAssertionsToContainTextOptions LiveContains = new() { Timeout = 20_000 };

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

    [GeneratedRegex("Submitted task ([0-9a-f-]{36})")]
    private static partial Regex TaskIdText();
}
