using System.Net;
using System.Text.Json;
using Observatory.Contracts;
using Observatory.IntegrationTests.Infrastructure;
using Observatory.Testing;

namespace Observatory.IntegrationTests;

/// <summary>The statistics endpoints of issue 5 against a real silo, gateway, PostgreSQL, RabbitMQ and Redis.</summary>
public sealed class StatsApiTests : IClassFixture<SingleSiloFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly SingleSiloFixture _fixture;

    public StatsApiTests(SingleSiloFixture fixture)
    {
        _fixture = fixture;
    }

    private GatewayClient Client => _fixture.Client;

    [Fact]
    public async Task Stats_AfterTasksRan_CountsEqualPostgres_AndTheFeedsFiguresAddUp()
    {
        await RunTasksAsync(succeeding: 20, failing: 5);

        var stats = await Eventually.ReturnsAsync(
            () => Client.GetJsonAsync("/api/v1/stats"),
            s => s.GetProperty("events").TryGetProperty("task.succeeded", out var succeeded) && succeeded.GetInt64() >= 20
                && s.GetProperty("tasks").GetProperty("byStatus").GetProperty("failed").GetInt64() >= 5,
            Deadline,
            "the stats to show the tasks");
        var truth = await TaskStateTable.CountByStatusAsync(_fixture.Deployment.Database.ConnectionString, _fixture.Deployment.Settings.ServiceId);

        AssertValid(ContractName.Stats, stats);
        var byStatus = stats.GetProperty("tasks").GetProperty("byStatus");
        Assert.Equal(truth.GetValueOrDefault("succeeded"), byStatus.GetProperty("succeeded").GetInt64());
        Assert.Equal(truth.GetValueOrDefault("failed"), byStatus.GetProperty("failed").GetInt64());
        Assert.True(stats.GetProperty("types").GetProperty("noop").GetProperty("succeeded").GetInt64() >= 20);
        Assert.True(stats.GetProperty("types").GetProperty("fail").GetProperty("failed").GetInt64() >= 5);
        Assert.True(stats.GetProperty("latency").GetProperty("submitToDone").GetProperty("count").GetInt64() >= 25);
        Assert.True(stats.GetProperty("latency").GetProperty("submitToDone").GetProperty("p99Ms").GetDouble() > 0);
        Assert.Single(stats.GetProperty("silos").EnumerateArray());
    }

    [Fact]
    public async Task History_FifteenMinutes_ShowsTheTasksPerSecond_FromRedis()
    {
        await RunTasksAsync(succeeding: 10, failing: 0);

        var history = await Eventually.ReturnsAsync(
            () => Client.GetJsonAsync("/api/v1/stats/history?window=15m"),
            h => h.GetProperty("points").EnumerateArray().Sum(p => p.GetProperty("succeeded").GetInt64()) >= 10,
            Deadline,
            "the history to show the tasks");

        AssertValid(ContractName.StatsHistory, history);
        Assert.Equal(1, history.GetProperty("resolutionSeconds").GetInt32());
        Assert.Equal(900, history.GetProperty("points").GetArrayLength());
    }

    [Fact]
    public async Task History_Day_IsOnePointPerMinute()
    {
        var history = await Client.GetJsonAsync("/api/v1/stats/history?window=24h");

        AssertValid(ContractName.StatsHistory, history);
        Assert.Equal(60, history.GetProperty("resolutionSeconds").GetInt32());
        Assert.Equal(1440, history.GetProperty("points").GetArrayLength());
    }

    [Theory]
    [InlineData("2m")]
    [InlineData("15M")]
    [InlineData("")]
    public async Task History_UnknownWindow_Is400ProblemNamingTheWindows(string window)
    {
        using var response = await Client.GetAsync("/api/v1/stats/history?window=" + window);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var problem = document.RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("https://observatory.dev/problems/invalid-query", problem.GetProperty("type").GetString());
        Assert.Contains("15m", problem.GetProperty("errors").GetProperty("window")[0].GetString(), StringComparison.Ordinal);
        AssertValid(ContractName.ProblemDetails, problem);
    }

    private async Task RunTasksAsync(int succeeding, int failing)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < succeeding; i++)
        {
            ids.Add(await Client.SubmitAsync("noop"));
        }

        for (var i = 0; i < failing; i++)
        {
            ids.Add(await Client.SubmitAsync("fail", """{"permanent":true}"""));
        }

        foreach (var id in ids)
        {
            await Eventually.ReturnsAsync(() => Client.GetStatusAsync(id), s => s is "succeeded" or "failed", Deadline, $"task {id} to end");
        }
    }

    internal static void AssertValid(ContractName contract, JsonElement instance)
    {
        var result = ContractSchemas.Default.Validate(contract, instance);
        Assert.True(result.IsValid, $"{contract}: " + string.Join("; ", result.Errors.Select(e => $"{e.InstancePath}: {e.Message}")) + " in " + instance);
    }
}
