using System.Net;
using System.Text;
using System.Text.Json;
using Observatory.Contracts;
using Observatory.IntegrationTests.Infrastructure;
using Observatory.Testing;

namespace Observatory.IntegrationTests;

/// <summary>The task API of issue 4 against a real silo, gateway, RabbitMQ and PostgreSQL.</summary>
public sealed class TasksApiTests : IClassFixture<SingleSiloFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly SingleSiloFixture _fixture;

    public TasksApiTests(SingleSiloFixture fixture)
    {
        _fixture = fixture;
    }

    private GatewayClient Client => _fixture.Client;

    [Fact]
    public async Task Submit_WithDuplicateIdempotencyKey_ReturnsExistingTask_AndRunsItOnce()
    {
        var key = "order-" + Guid.NewGuid().ToString("N");
        const string body = """{"type":"sleep","payload":{"durationMs":50},"tags":["idem"]}""";

        using var first = await SubmitWithKeyAsync(key, body);
        using var second = await SubmitWithKeyAsync(key, body);
        var firstBody = await ReadJsonAsync(first);
        var secondBody = await ReadJsonAsync(second);
        var id = firstBody.GetProperty("taskId").GetGuid();
        var task = await WaitForStatusAsync(id, "succeeded");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(id, secondBody.GetProperty("taskId").GetGuid());
        Assert.Equal(key, task.GetProperty("idempotencyKey").GetString());
        Assert.Equal(1, task.GetProperty("attempt").GetInt32());
        AssertValid(ContractName.TaskAccepted, secondBody);
    }

    [Fact]
    public async Task Submit_ReusingIdempotencyKeyWithAnotherBody_Is422()
    {
        var key = "k-" + Guid.NewGuid().ToString("N");
        using var first = await SubmitWithKeyAsync(key, """{"type":"noop"}""");
        using var reused = await SubmitWithKeyAsync(key, """{"type":"noop","tags":["other"]}""");
        var problem = await ReadJsonAsync(reused);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal("https://observatory.dev/problems/idempotency-key-reused", problem.GetProperty("type").GetString());
        Assert.Equal((await ReadJsonAsync(first)).GetProperty("taskId").GetGuid(), problem.GetProperty("taskId").GetGuid());
    }

    [Fact]
    public async Task Submit_UnknownType_Is400NamingTheKnownTypes()
    {
        using var response = await Client.PostJsonAsync("/api/v1/tasks", """{"type":"no-such-type"}""");
        var problem = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("sleep", problem.GetProperty("knownTypes").EnumerateArray().Select(t => t.GetString()));
        AssertValid(ContractName.ProblemDetails, problem);
    }

    [Fact]
    public async Task Submit_PayloadBreakingTheTypeSchema_Is400WithThePayloadErrors()
    {
        using var response = await Client.PostJsonAsync("/api/v1/tasks", """{"type":"sleep","payload":{"durationMs":-1}}""");
        var problem = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("/payload/durationMs", out _), problem.ToString());
    }

    [Fact]
    public async Task Batch_WithValidAndInvalidItems_AcceptsTheValidOnes_AndExplainsEachRejection()
    {
        const string batch = """
            {"tasks":[
              {"type":"noop","tags":["batch"]},
              {"type":"no-such-type"},
              {"type":"sleep","payload":{"durationMs":"soon"}},
              {"type":"sleep","payload":{"durationMs":20}},
              {"tpye":"noop"}
            ]}
            """;

        using var response = await Client.PostJsonAsync("/api/v1/tasks/batch", batch);
        var result = await ReadJsonAsync(response);
        var items = result.GetProperty("items").EnumerateArray().ToList();
        var accepted = items.Where(i => i.GetProperty("status").GetString() == "accepted").ToList();
        foreach (var item in accepted)
        {
            await WaitForStatusAsync(item.GetProperty("taskId").GetGuid(), "succeeded");
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertValid(ContractName.TaskBatchResult, result);
        Assert.Equal((2, 3), (result.GetProperty("accepted").GetInt32(), result.GetProperty("rejected").GetInt32()));
        Assert.Equal([0, 3], accepted.Select(i => i.GetProperty("index").GetInt32()));
        Assert.Equal(
            ["https://observatory.dev/problems/unknown-task-type", "https://observatory.dev/problems/invalid-payload", "https://observatory.dev/problems/validation"],
            items.Where(i => i.GetProperty("status").GetString() == "rejected").Select(i => i.GetProperty("error").GetProperty("type").GetString()));
    }

    [Fact]
    public async Task Batch_OfMoreThanAThousandTasks_Is400()
    {
        var tasks = string.Join(",", Enumerable.Repeat("""{"type":"noop"}""", 1001));

        using var response = await Client.PostJsonAsync("/api/v1/tasks/batch", $$"""{"tasks":[{{tasks}}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Cancel_RunningTask_EndsCancelled_AndCancellingAgainIs409()
    {
        var id = await Client.SubmitAsync("sleep", """{"durationMs":600000}""");
        await WaitForStatusAsync(id, "running");

        using var cancel = await Client.PostJsonAsync($"/api/v1/tasks/{id}/cancel", "{}");
        var cancelled = await ReadJsonAsync(cancel);
        using var again = await Client.PostJsonAsync($"/api/v1/tasks/{id}/cancel", "{}");
        var problem = await ReadJsonAsync(again);

        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal("cancelled", cancelled.GetProperty("attempts")[0].GetProperty("outcome").GetString());
        AssertValid(ContractName.Task, cancelled);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("cancelled", problem.GetProperty("taskStatus").GetString());
        AssertValid(ContractName.ProblemDetails, problem);
        Assert.Equal("https://observatory.dev/problems/illegal-transition", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Retry_DeadLetteredTask_RunsAgain_KeepingItsHistory_ButASucceededTaskIs409()
    {
        var id = await Client.SubmitJsonAsync("""{"type":"fail","payload":{"message":"boom"},"maxAttempts":1}""");
        await WaitForStatusAsync(id, "dead-lettered");

        using var retry = await Client.PostJsonAsync($"/api/v1/tasks/{id}/retry", "{}");
        var task = await WaitForAsync(id, t => t.GetProperty("attempts").GetArrayLength() == 2 && t.GetProperty("status").GetString() == "dead-lettered");
        var succeeded = await Client.SubmitAsync("noop");
        await WaitForStatusAsync(succeeded, "succeeded");
        using var retrySucceeded = await Client.PostJsonAsync($"/api/v1/tasks/{succeeded}/retry", "{}");

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(2, task.GetProperty("attempt").GetInt32());
        Assert.Contains(task.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("message").GetString() == "Retry requested");
        Assert.Equal(HttpStatusCode.Conflict, retrySucceeded.StatusCode);
    }

    [Fact]
    public async Task Commands_OnUnknownTask_Are404()
    {
        using var response = await Client.PostJsonAsync($"/api/v1/tasks/{Guid.NewGuid()}/cancel", "{}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task List_PagedWhileTasksArrive_ShowsEveryTaskOnceNewestFirst()
    {
        var tag = "page-" + Guid.NewGuid().ToString("N")[..8];
        var ids = new List<Guid>();
        for (var i = 0; i < 25; i++)
        {
            ids.Add(await Client.SubmitJsonAsync($$"""{"type":"noop","tags":["{{tag}}"]}"""));
        }

        await Eventually.ReturnsAsync(() => Client.GetJsonAsync($"/api/v1/tasks?tag={tag}&limit=200"), p => p.GetProperty("items").GetArrayLength() == 25, Deadline, "all 25 tasks in the list");
        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await Client.GetJsonAsync($"/api/v1/tasks?tag={tag}&limit=7" + (cursor is null ? string.Empty : $"&cursor={cursor}"));
            AssertValid(ContractName.TaskPage, page);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));

            // Newer tasks keep arriving while the client pages; they must not shift the pages.
            await Client.SubmitJsonAsync($$"""{"type":"noop","tags":["{{tag}}"]}""");
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(ids.AsEnumerable().Reverse(), seen);
    }

    [Fact]
    public async Task List_WithStatusAndTypeFilters_ReturnsOnlyMatchingTasks()
    {
        var tag = "filter-" + Guid.NewGuid().ToString("N")[..8];
        var failing = await Client.SubmitJsonAsync($$"""{"type":"fail","payload":{"permanent":true},"tags":["{{tag}}"]}""");
        var ok = await Client.SubmitJsonAsync($$"""{"type":"noop","tags":["{{tag}}"]}""");
        await WaitForStatusAsync(failing, "failed");
        await WaitForStatusAsync(ok, "succeeded");

        var failed = await Client.GetJsonAsync($"/api/v1/tasks?tag={tag}&status=failed");
        var noops = await Client.GetJsonAsync($"/api/v1/tasks?tag={tag}&type=noop");
        using var badStatus = await Client.GetAsync("/api/v1/tasks?status=exploded");

        Assert.Equal([failing], failed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal([ok], noops.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
    }

    [Theory]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("cursor=AZOaXnwAejuMIV1veoucD%2B", "cursor")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("from=yesterday", "from")]
    [InlineData("tag=a%00b", "tag")]
    [InlineData("type=%00", "type")]
    public async Task List_WithAMalformedParameter_Is400NamingIt(string query, string parameter)
    {
        using var response = await Client.GetAsync($"/api/v1/tasks?{query}");
        var problem = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("https://observatory.dev/problems/invalid-query", problem.GetProperty("type").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.ToString());
        AssertValid(ContractName.ProblemDetails, problem);
    }

    [Fact]
    public async Task Submit_WithInvalidUtf8InsideAString_Is400()
    {
        using var content = new ByteArrayContent([.. "{\"type\":\"noop\",\"tags\":[\""u8.ToArray(), 0xC3, 0x28, .. "\"]}"u8.ToArray()]);
        content.Headers.ContentType = new("application/json");
        using var response = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/tasks") { Content = content });
        var problem = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("https://observatory.dev/problems/malformed-json", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Counts_FollowTransitions()
    {
        var before = await Client.GetJsonAsync("/api/v1/tasks/counts");
        var id = await Client.SubmitAsync("noop");
        await WaitForStatusAsync(id, "succeeded");

        var after = await Eventually.ReturnsAsync(
            () => Client.GetJsonAsync("/api/v1/tasks/counts"),
            c => c.GetProperty("counts").GetProperty("succeeded").GetInt64() > before.GetProperty("counts").GetProperty("succeeded").GetInt64(),
            Deadline,
            "the succeeded count to grow");

        AssertValid(ContractName.TaskCounts, after);
    }

    private async Task<HttpResponseMessage> SubmitWithKeyAsync(string key, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tasks") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return await Client.SendAsync(request);
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    private Task<JsonElement> WaitForStatusAsync(Guid id, string status) =>
        WaitForAsync(id, t => t.GetProperty("status").GetString() == status);

    private async Task<JsonElement> WaitForAsync(Guid id, Func<JsonElement, bool> condition) =>
        (await Eventually.ReturnsAsync(() => Client.GetTaskAsync(id), t => t is { } task && condition(task), Deadline, $"task {id}"))!.Value;

    private static void AssertValid(ContractName contract, JsonElement instance)
    {
        var result = ContractSchemas.Default.Validate(contract, instance);
        Assert.True(result.IsValid, $"{contract}: " + string.Join("; ", result.Errors.Select(e => $"{e.InstancePath}: {e.Message}")) + " in " + instance);
    }
}
