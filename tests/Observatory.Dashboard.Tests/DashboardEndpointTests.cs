using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Observatory.Contracts;
using Observatory.Testing;

namespace Observatory.Dashboard.Tests;

/// <summary>Sign-in, antiforgery and the dashboard's own endpoints over HTTP.</summary>
public sealed class DashboardEndpointTests(DashboardFixture fixture)
{
    private Uri BaseAddress => fixture.Dashboard.BaseAddress;

    [Fact]
    public async Task TaskApi_WithoutSignIn_Is401()
    {
        using var session = await DashboardSession.AnonymousAsync(BaseAddress);
        using var response = await session.Http.GetAsync(new Uri("/api/v1/tasks", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task LiveEvents_WithoutSignIn_Is401()
    {
        using var session = await DashboardSession.AnonymousAsync(BaseAddress);
        using var response = await session.Http.GetAsync(new Uri("/live/events", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SignIn_OnOneDashboardReplica_IsHonouredByAnother_ForReadsAndAntiforgeryCheckedPosts()
    {
        // Its own home directory, as its own pod has: the two must share keys through the database,
        // not through the file-system key store both processes would otherwise find in ~/.aspnet.
        var home = Directory.CreateTempSubdirectory("observatory-replica-home-");
        var replica = await fixture.Deployment.StartDashboardAsync(DashboardFixture.UserName, fixture.Password, new Dictionary<string, string> { ["HOME"] = home.FullName });
        try
        {
            // Signed in on the first replica; the same cookie jar and antiforgery token go to the second.
            using var session = await DashboardSession.SignedInAsync(BaseAddress, DashboardFixture.UserName, fixture.Password);
            using var read = await session.Http.GetAsync(new Uri(replica.BaseAddress, "/api/v1/tasks?limit=1"));
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);

            // A tag nothing carries: the request must pass sign-in and antiforgery, and retries nothing.
            using var post = await session.Http.PostAsJsonAsync(
                new Uri(replica.BaseAddress, "/api/v1/tasks/retry-matching"), new { status = "failed", tag = "none-" + Guid.NewGuid().ToString("N")[..8] });
            Assert.True(post.StatusCode == HttpStatusCode.OK, $"retry-matching on the replica: {(int)post.StatusCode} {await post.Content.ReadAsStringAsync()}");
        }
        finally
        {
            await fixture.Deployment.StopAsync(replica);
            home.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task SignIn_WithWrongPassword_Is401()
    {
        using var session = await DashboardSession.AnonymousAsync(BaseAddress);
        await session.PostJsonAsync("/auth/sign-in", new { name = DashboardFixture.UserName, password = "wrong" }, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task OrleansDashboard_OnlyAfterSignIn()
    {
        using var anonymous = await DashboardSession.AnonymousAsync(BaseAddress);
        using (var refused = await anonymous.Http.GetAsync(new Uri("/orleans/", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.StartsWith("/?returnUrl=", refused.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        using var session = await DashboardSession.SignedInAsync(BaseAddress, DashboardFixture.UserName, fixture.Password);
        using var page = await session.Http.GetAsync(new Uri("/orleans/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Orleans Dashboard", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_WithoutAntiforgeryToken_Is400AndQueuesNothing()
    {
        using var session = await DashboardSession.SignedInAsync(BaseAddress, DashboardFixture.UserName, fixture.Password);
        session.Http.DefaultRequestHeaders.Remove("X-CSRF-TOKEN");
        using var response = await session.Http.PostAsJsonAsync("/api/v1/tasks", new { type = "noop" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("antiforgery", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetryMatching_RetriesEveryMatchingFailedTask_InOneRequest()
    {
        using var session = await DashboardSession.SignedInAsync(BaseAddress, DashboardFixture.UserName, fixture.Password);
        var tag = "retry-all-" + Guid.NewGuid().ToString("N")[..6];
        var submission = new { type = "fail", payload = new { permanent = true }, tags = new[] { tag } };
        var batch = await session.PostJsonAsync("/api/v1/tasks/batch", new { tasks = new[] { submission, submission, submission } });
        Assert.Equal(3, batch.GetProperty("accepted").GetInt32());
        await Eventually.ReturnsAsync(
            () => session.GetJsonAsync($"/api/v1/tasks?status=failed&tag={tag}"), page => page.GetProperty("items").GetArrayLength() == 3, TimeSpan.FromSeconds(20), "three failed tasks");

        var result = await session.PostJsonAsync("/api/v1/tasks/retry-matching", new { status = "failed", tag });

        DashboardSession.AssertContract(ContractName.RetryMatchingResult, result);
        Assert.Equal(3, result.GetProperty("matched").GetInt32());
        Assert.Equal(3, result.GetProperty("retried").GetInt32());
        Assert.False(result.GetProperty("moreMatched").GetBoolean());
        await Eventually.ReturnsAsync(
            () => session.GetJsonAsync($"/api/v1/tasks?tag={tag}"), page => page.GetProperty("items").EnumerateArray().All(t => t.GetProperty("attempt").GetInt32() == 2),
            TimeSpan.FromSeconds(20), "every task on its second attempt");
    }

    [Fact]
    public async Task LiveEvents_SendCountsAndAlertsFirst_ThenTheEventsOfASubmittedTask()
    {
        using var session = await DashboardSession.SignedInAsync(BaseAddress, DashboardFixture.UserName, fixture.Password);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var live = await LiveEventStream.OpenAsync(session, cancellation.Token);

        var (first, counts) = await live.NextAsync();
        var (second, alerts) = await live.NextAsync();
        Assert.Equal(("counts", "alerts"), (first, second));
        DashboardSession.AssertContract(ContractName.TaskCounts, counts);
        DashboardSession.AssertContract(ContractName.AlertList, alerts);

        var accepted = await session.PostJsonAsync("/api/v1/tasks", new { type = "noop" }, HttpStatusCode.Accepted);
        var taskId = accepted.GetProperty("taskId").GetString();
        var seen = new List<string>();
        while (seen.Count < 3)
        {
            var batch = await live.NextAsync("tasks");
            DashboardSession.AssertContract(ContractName.LiveTaskBatch, batch);
            seen.AddRange(batch.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("taskId").GetString() == taskId).Select(e => e.GetProperty("eventType").GetString()!));
        }

        // Batches of different intervals may arrive out of order, so the set is what is promised.
        Assert.Equal(["task.started", "task.submitted", "task.succeeded"], seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task LiveEvents_SendStatsEverySecond_FromOneReadSharedByEveryBrowser()
    {
        using var first = await DashboardSession.SignedInAsync(BaseAddress, DashboardFixture.UserName, fixture.Password);
        using var second = await DashboardSession.SignedInAsync(BaseAddress, DashboardFixture.UserName, fixture.Password);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var firstLive = await LiveEventStream.OpenAsync(first, cancellation.Token);
        await using var secondLive = await LiveEventStream.OpenAsync(second, cancellation.Token);

        var secondTicks = new List<DateTimeOffset>();
        for (var i = 0; i < 4; i++)
        {
            var stats = await secondLive.NextAsync("stats");
            DashboardSession.AssertContract(ContractName.LiveStats, stats);
            TestContext.Current.TestOutputHelper?.WriteLine($"stats message: {stats.GetRawText().Length} bytes of data");
            secondTicks.Add(stats.GetProperty("generatedAt").GetDateTimeOffset());
        }

        // The first browser, connected before the second, received every tick the second did.
        var firstTicks = new List<DateTimeOffset>();
        while (firstTicks.Count == 0 || firstTicks[^1] < secondTicks[^1])
        {
            firstTicks.Add((await firstLive.NextAsync("stats")).GetProperty("generatedAt").GetDateTimeOffset());
        }

        // The grain stamps each read with its own time: equal stamps in both streams mean one read for both.
        Assert.Subset(firstTicks.ToHashSet(), secondTicks.ToHashSet());
        Assert.Equal(secondTicks.Order(), secondTicks);
        Assert.True(secondTicks[^1] - secondTicks[0] >= TimeSpan.FromSeconds(2), $"Four reads within {secondTicks[^1] - secondTicks[0]}: more than one a second.");
    }

    [Fact]
    public async Task LiveEvents_SendTheAlertsAgainWhenTheBoardChanges_NeverTheSameBoardTwice()
    {
        using var session = await DashboardSession.SignedInAsync(BaseAddress, DashboardFixture.UserName, fixture.Password);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var live = await LiveEventStream.OpenAsync(session, cancellation.Token);
        var boards = new List<string> { (await live.NextAsync("alerts")).GetRawText() };
        var fingerprint = "endpoint-" + Guid.NewGuid().ToString("N")[..8];
        const string name = "DashboardEndpointAlert";
        var startsAt = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

        await fixture.PostAlertAsync(AlertmanagerPayloads.Firing(fingerprint, name, startsAt));
        var firing = await NextBoardAsync(live, boards, board => Fingerprints(board).Contains(fingerprint));
        await fixture.PostAlertAsync(AlertmanagerPayloads.Resolved(fingerprint, name, startsAt, DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
        await NextBoardAsync(live, boards, board => !Fingerprints(board).Contains(fingerprint));

        // A few quiet ticks: any alerts message they bring must be a change (other tests may post alerts meanwhile).
        for (var quietTicks = 0; quietTicks < 3;)
        {
            var (kind, data) = await live.NextAsync();
            if (kind == "alerts")
            {
                boards.Add(data.GetRawText());
            }
            else if (kind == "stats")
            {
                quietTicks++;
            }
        }

        DashboardSession.AssertContract(ContractName.AlertList, firing);
        Assert.Equal(name, firing.GetProperty("alerts").EnumerateArray().Single(a => a.GetProperty("fingerprint").GetString() == fingerprint).GetProperty("name").GetString());
        Assert.All(boards.Zip(boards.Skip(1)), pair => Assert.NotEqual(pair.First, pair.Second));
    }

    [Fact]
    public async Task StatsHistory_IsServedByTheDashboard_FromRedis()
    {
        using var session = await DashboardSession.SignedInAsync(BaseAddress, DashboardFixture.UserName, fixture.Password);

        var history = await session.GetJsonAsync("/api/v1/stats/history?window=15m");

        DashboardSession.AssertContract(ContractName.StatsHistory, history);
        Assert.Equal(900, history.GetProperty("points").GetArrayLength());
    }

    [Fact]
    public async Task Launcher_ListsTheOrleansDashboardFirst()
    {
        using var session = await DashboardSession.SignedInAsync(BaseAddress, DashboardFixture.UserName, fixture.Password);
        var dashboard = await session.GetJsonAsync("/api/v1/dashboard");
        DashboardSession.AssertContract(ContractName.Dashboard, dashboard);
        Assert.Equal("/orleans/", dashboard.GetProperty("links")[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task RetryMatching_ForATaskStatusThatCannotBeRetried_Is400()
    {
        using var session = await DashboardSession.SignedInAsync(BaseAddress, DashboardFixture.UserName, fixture.Password);
        var problem = await session.PostJsonAsync("/api/v1/tasks/retry-matching", new { status = "running" }, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("status", out _));
    }

    private static IEnumerable<string?> Fingerprints(JsonElement board) =>
        board.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("fingerprint").GetString());

    /// <summary>Reads <c>alerts</c> messages, keeping each, until one satisfies <paramref name="until"/>.</summary>
    private static async Task<JsonElement> NextBoardAsync(LiveEventStream live, List<string> boards, Func<JsonElement, bool> until)
    {
        while (true)
        {
            var board = await live.NextAsync("alerts");
            boards.Add(board.GetRawText());
            if (until(board))
            {
                return board;
            }
        }
    }
}
