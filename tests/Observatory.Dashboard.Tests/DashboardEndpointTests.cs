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
    public async Task LiveEvents_SendCountsFirst_ThenTheEventsOfASubmittedTask()
    {
        using var session = await DashboardSession.SignedInAsync(BaseAddress, DashboardFixture.UserName, fixture.Password);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await session.Http.GetAsync(new Uri("/live/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellation.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = System.Net.ServerSentEvents.SseParser.Create(await response.Content.ReadAsStreamAsync(cancellation.Token)).EnumerateAsync(cancellation.Token);
        await using var reader = events.GetAsyncEnumerator(cancellation.Token);

        Assert.True(await reader.MoveNextAsync());
        Assert.Equal("counts", reader.Current.EventType);
        DashboardSession.AssertContract(ContractName.TaskCounts, JsonDocument.Parse(reader.Current.Data).RootElement);

        var accepted = await session.PostJsonAsync("/api/v1/tasks", new { type = "noop" }, HttpStatusCode.Accepted);
        var taskId = accepted.GetProperty("taskId").GetString();
        var seen = new List<string>();
        while (seen.Count < 3 && await reader.MoveNextAsync())
        {
            if (reader.Current.EventType != "tasks")
            {
                continue;
            }

            var batch = JsonDocument.Parse(reader.Current.Data).RootElement;
            DashboardSession.AssertContract(ContractName.LiveTaskBatch, batch);
            seen.AddRange(batch.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("taskId").GetString() == taskId).Select(e => e.GetProperty("eventType").GetString()!));
        }

        // Batches of different intervals may arrive out of order, so the set is what is promised.
        Assert.Equal(["task.started", "task.submitted", "task.succeeded"], seen.Order(StringComparer.Ordinal));
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
}
