using System.Net;
using System.Text.Json;
using Observatory.Contracts;
using Observatory.IntegrationTests.Infrastructure;
using Observatory.Testing;

namespace Observatory.IntegrationTests;

/// <summary>
/// The real path, end to end: HTTP → gateway → RabbitMQ → task grain → PostgreSQL → HTTP, with the
/// silo and gateway as separate processes.
/// </summary>
public sealed class TaskLifecycleTests : IClassFixture<SingleSiloFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly SingleSiloFixture _fixture;

    public TaskLifecycleTests(SingleSiloFixture fixture)
    {
        _fixture = fixture;
    }

    private GatewayClient Client => _fixture.Client;

    [Fact]
    public async Task Submit_NoopTask_Answers202WithLocationAndTheTaskSucceeds()
    {
        using var response = await Client.PostJsonAsync("/api/v1/tasks", """{"type":"noop","payload":{"x":1},"tags":["demo"]}""");
        var accepted = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var id = accepted.GetProperty("taskId").GetGuid();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        AssertConforms(ContractName.TaskAccepted, accepted);
        Assert.Equal($"/api/v1/tasks/{id}", response.Headers.Location?.ToString());
        Assert.Equal("queued", accepted.GetProperty("status").GetString());
        Assert.Equal(7, id.Version);
        var task = await WaitForStatusAsync(id, "succeeded");
        AssertConforms(ContractName.Task, task);
        Assert.Equal("noop", task.GetProperty("type").GetString());
        Assert.Equal(1, task.GetProperty("attempt").GetInt32());
        Assert.Equal(SingleSiloFixture.SiloName, task.GetProperty("silo").GetString());
        Assert.Equal("demo", task.GetProperty("tags")[0].GetString());
        Assert.Equal(1, task.GetProperty("payload").GetProperty("x").GetInt32());
    }

    [Fact]
    public async Task Submit_500TasksOverHttp_AllReachTheirTerminalStateInPostgres()
    {
        var before = await TerminalCountAsync();
        var ids = new Guid[500];
        await Parallel.ForAsync(0, ids.Length, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            ids[i] = i % 5 == 0
                ? await Client.SubmitAsync("sleep", """{"durationMs":20}""")
                : await Client.SubmitAsync("noop"));

        var terminal = await Eventually.ReturnsAsync(TerminalCountAsync, n => n >= before + ids.Length, Deadline, "500 tasks persisted as succeeded");

        Assert.Equal(before + ids.Length, terminal);
        Assert.Equal(ids.Length, ids.Distinct().Count());
        foreach (var id in ids.Take(25))
        {
            Assert.Equal("succeeded", await Client.GetStatusAsync(id));
        }
    }

    [Fact]
    public async Task SiloRestart_KeepsEveryTasksState()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add(await Client.SubmitAsync("noop", $$"""{"n":{{i}}}"""));
        }

        foreach (var id in ids)
        {
            await WaitForStatusAsync(id, "succeeded");
        }

        await _fixture.RestartSiloAsync();

        foreach (var id in ids)
        {
            // The gateway reconnects to the new silo by itself; the state comes back from PostgreSQL.
            var task = await Eventually.ReturnsAsync(() => TryGetAsync(id), t => t is not null, Deadline, $"task {id} after restart");
            Assert.Equal("succeeded", task!.Value.GetProperty("status").GetString());
            Assert.Equal(1, task.Value.GetProperty("attempt").GetInt32());
        }
    }

    [Fact]
    public async Task Submit_TaskOutlastingTheGracePeriod_IsPersistedAsRunningWhileItRuns()
    {
        var id = await Client.SubmitAsync("sleep", """{"durationMs":3000}""");

        var persisted = await Eventually.ReturnsAsync(
            () => TaskStateTable.CountByStatusAsync(_fixture.Deployment.Database.ConnectionString, _fixture.Deployment.Settings.ServiceId),
            counts => counts.GetValueOrDefault("running") == 1,
            Deadline,
            "a task persisted as running");
        var task = await WaitForStatusAsync(id, "succeeded");

        Assert.Equal(1, persisted["running"]);
        Assert.Equal(1, task.GetProperty("attempt").GetInt32());
    }

    [Fact]
    public async Task Get_UnknownId_Answers404ProblemDetails()
    {
        using var response = await Client.GetAsync($"/api/v1/tasks/{Guid.NewGuid()}");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertConforms(ContractName.ProblemDetails, problem);
        Assert.Equal("https://observatory.dev/problems/not-found", problem.GetProperty("type").GetString());
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Submit_BodyBreakingTheContract_Answers400NamingTheField()
    {
        using var response = await Client.PostJsonAsync("/api/v1/tasks", """{"type":"noop","colour":"red"}""");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertConforms(ContractName.ProblemDetails, problem);
        Assert.Equal("https://observatory.dev/problems/validation", problem.GetProperty("type").GetString());
        Assert.Contains("colour", problem.GetProperty("errors").GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_MalformedJson_Answers400()
    {
        using var response = await Client.PostJsonAsync("/api/v1/tasks", """{"type":""");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("https://observatory.dev/problems/malformed-json", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Submit_NotJson_Answers415ProblemDetails()
    {
        using var response = await Client.PostJsonAsync("/api/v1/tasks", "type=noop", "application/x-www-form-urlencoded");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        AssertConforms(ContractName.ProblemDetails, problem);
        Assert.Equal("https://observatory.dev/problems/unsupported-media-type", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Submit_BodyOverOneMebibyte_Answers413ProblemDetails()
    {
        var body = $$$"""{"type":"noop","payload":{"padding":"{{{new string('x', 1024 * 1024)}}}"}}""";

        // As a careful client sends a large body: "Expect: 100-continue" lets the gateway refuse it by its
        // Content-Length before a byte of it is sent. Without it the gateway's answer races the upload,
        // and the client may see the connection it closes as a broken pipe instead of the 413.
        using var http = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(30) }) { BaseAddress = _fixture.Gateway.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tasks") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true;
        request.Headers.Add("X-Api-Key", _fixture.Deployment.Settings.ApiKey);
        using var response = await http.SendAsync(request);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertConforms(ContractName.ProblemDetails, problem);
        Assert.Equal("https://observatory.dev/problems/payload-too-large", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Submit_WithCorrelationId_EchoesItAndKeepsItOnTheTask()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_fixture.Gateway.BaseAddress, "/api/v1/tasks"))
        {
            Content = new StringContent("""{"type":"noop"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Correlation-Id", "order-4711");
        using var response = await _fixture.Client.SendAsync(request);
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("taskId").GetGuid();

        Assert.Equal("order-4711", response.Headers.GetValues("X-Correlation-Id").Single());
        var task = await WaitForStatusAsync(id, "succeeded");
        Assert.Equal("order-4711", task.GetProperty("correlationId").GetString());
    }

    private static void AssertConforms(ContractName contract, JsonElement body)
    {
        var result = ContractSchemas.Default.Validate(contract, body);
        Assert.True(result.IsValid, $"{contract}: " + string.Join("; ", result.Errors.Select(e => $"{e.InstancePath}: {e.Message}")));
    }

    private async Task<long> TerminalCountAsync()
    {
        var counts = await TaskStateTable.CountByStatusAsync(_fixture.Deployment.Database.ConnectionString, _fixture.Deployment.Settings.ServiceId);
        return counts.Where(c => c.Key is "succeeded" or "failed").Sum(c => c.Value);
    }

    private async Task<JsonElement?> TryGetAsync(Guid id)
    {
        try
        {
            return await Client.GetTaskAsync(id);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private async Task<JsonElement> WaitForStatusAsync(Guid id, string status) =>
        (await Eventually.ReturnsAsync(() => TryGetAsync(id), t => t?.GetProperty("status").GetString() == status, Deadline, $"task {id} to be {status}"))!.Value;
}
