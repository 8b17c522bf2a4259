using System.Net;
using System.Text.Json;
using Observatory.Contracts;
using Observatory.IntegrationTests.Infrastructure;
using Observatory.Testing;

namespace Observatory.IntegrationTests;

/// <summary>
/// The lifecycle event archive end to end: a real silo archives its tasks' events into PostgreSQL
/// (the default backend) and the real gateway serves them at <c>GET /api/v1/events</c>.
/// </summary>
public sealed class EventArchiveApiTests : IClassFixture<SingleSiloFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly SingleSiloFixture _fixture;

    public EventArchiveApiTests(SingleSiloFixture fixture)
    {
        _fixture = fixture;
    }

    private GatewayClient Client => _fixture.Client;

    [Fact]
    public async Task Events_OfASubmittedTask_AreItsWholeLifecycle_NewestFirst_InEveryPageSize()
    {
        // Two failing attempts: submitted, started, attempt-failed, retry-scheduled, started, attempt-failed, dead-lettered.
        var id = await Client.SubmitJsonAsync("""{"type":"fail","payload":{"message":"archived"},"maxAttempts":2}""");
        var task = (await Eventually.ReturnsAsync(
            () => Client.GetTaskAsync(id), t => t?.GetProperty("status").GetString() == "dead-lettered", Deadline, $"task {id} to be dead-lettered"))!.Value;
        var timeline = task.GetProperty("timeline").EnumerateArray().ToList();

        var all = await Eventually.ReturnsAsync(
            () => Client.GetJsonAsync($"/api/v1/events?taskId={id}"), p => p.GetProperty("items").GetArrayLength() == timeline.Count, Deadline, "every event in the archive");
        AssertValid(ContractName.EventPage, all);
        var items = all.GetProperty("items").EnumerateArray().ToList();

        Assert.Equal(7, items.Count);

        // Exactly the timeline, newest first, even where one transition emitted two events at one instant
        // (the last attempt's failure and the dead-lettering): their ids increase in the order they happened.
        Assert.Equal(timeline.Select(e => e.GetProperty("eventId").GetGuid()).Reverse(), items.Select(e => e.GetProperty("eventId").GetGuid()));
        Assert.Equal(
            ["task.dead-lettered", "task.attempt-failed", "task.started", "task.retry-scheduled", "task.attempt-failed", "task.started", "task.submitted"],
            items.Select(e => e.GetProperty("eventType").GetString()));
        Assert.Equal(items[0].GetProperty("occurredAt").GetDateTimeOffset(), items[1].GetProperty("occurredAt").GetDateTimeOffset());
        Assert.All(items, e => Assert.Equal(id, e.GetProperty("taskId").GetGuid()));
        var silos = items.ToLookup(e => e.GetProperty("eventType").GetString() == "task.submitted", e => e.GetProperty("silo").GetString());
        Assert.Equal([null], silos[true]);
        Assert.Single(silos[false].Distinct());
        Assert.False(string.IsNullOrEmpty(silos[false].First()));
        Assert.Contains("archived", items.First(e => e.GetProperty("eventType").GetString() == "task.attempt-failed").GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, all.GetProperty("nextCursor").ValueKind);

        var paged = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await Client.GetJsonAsync($"/api/v1/events?taskId={id}&limit=3" + (cursor is null ? string.Empty : $"&before={cursor}"));
            AssertValid(ContractName.EventPage, page);
            paged.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("eventId").GetGuid()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(items.Select(e => e.GetProperty("eventId").GetGuid()), paged);
        var started = await Client.GetJsonAsync($"/api/v1/events?taskId={id}&eventType=task.started");
        Assert.Equal([2, 1], started.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("attempt").GetInt32()));
    }

    [Fact]
    public async Task Events_OfAnUnknownTask_AreAnEmptyArray()
    {
        var page = await Client.GetJsonAsync($"/api/v1/events?taskId={Guid.CreateVersion7()}");

        AssertValid(ContractName.EventPage, page);
        Assert.Equal(JsonValueKind.Array, page.GetProperty("items").ValueKind);
        Assert.Equal(0, page.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
    }

    [Theory]
    [InlineData("taskId=not-a-uuid", "taskId")]
    [InlineData("eventType=task.finished", "eventType")]
    [InlineData("before=AAAA", "before")]
    [InlineData("before=CN4t3s3AcYABk5peinB6O4whXW96i5w%2B", "before")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("limit=ten", "limit")]
    public async Task Events_WithAMalformedParameter_Are400NamingIt(string query, string parameter)
    {
        using var response = await Client.GetAsync("/api/v1/events?" + query);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertValid(ContractName.ProblemDetails, body.RootElement);
        Assert.Equal([parameter], body.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    private static void AssertValid(ContractName contract, JsonElement instance)
    {
        var result = ContractSchemas.Default.Validate(contract, instance);
        Assert.True(result.IsValid, $"{contract}: " + string.Join("; ", result.Errors.Select(e => $"{e.InstancePath}: {e.Message}")) + " in " + instance);
    }
}
