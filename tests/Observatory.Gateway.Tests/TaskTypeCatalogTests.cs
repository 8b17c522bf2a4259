using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Observatory.Gateway.Tasks;
using Observatory.TaskTypes;

namespace Observatory.Gateway.Tests;

public sealed class TaskTypeCatalogTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private static readonly TaskTypeDescriptor Sleep = new(
        "sleep",
        "Waits durationMs milliseconds.",
        """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "additionalProperties": false,
          "required": ["durationMs"],
          "properties": { "durationMs": { "type": "integer", "minimum": 0, "maximum": 3600000 } }
        }
        """);

    private static readonly TaskTypeDescriptor Noop = new("noop", "Does nothing.", """{"type":"object","additionalProperties":false}""");

    private static readonly TaskTypeDescriptor Echo = new("echo", "Echoes its payload.", """{"type":"object"}""");

    private readonly FakeTimeProvider _clock = new(Now);
    private int _fetches;

    [Fact]
    public async Task Check_KnownTypeWithFittingPayload_IsValid()
    {
        var catalog = CatalogOf(Sleep, Noop);

        var check = await catalog.CheckAsync("sleep", Json("""{"durationMs":500}"""), CancellationToken.None);

        Assert.True(check.IsValid);
        Assert.Empty(check.Errors);
    }

    [Fact]
    public async Task Check_PayloadBreaksTheSchema_ReportsEachFieldUnderPayload()
    {
        var catalog = CatalogOf(Sleep);

        var check = await catalog.CheckAsync("sleep", Json("""{"durationMs":-1,"extra":true}"""), CancellationToken.None);

        Assert.Equal(TaskTypeCheckOutcome.InvalidPayload, check.Outcome);
        Assert.Equal(["-1 should be at least 0"], check.Errors["/payload/durationMs"]);
        Assert.Equal(["Property \"extra\" is not allowed"], check.Errors["/payload/extra"]);
    }

    [Fact]
    public async Task Check_MissingRequiredField_ReportsItAtThePayload()
    {
        var catalog = CatalogOf(Sleep);

        var check = await catalog.CheckAsync("sleep", Json("""{}"""), CancellationToken.None);

        Assert.Equal(["Required properties [\"durationMs\"] are not present"], check.Errors["/payload"]);
    }

    [Fact]
    public async Task Check_UnknownType_ListsTheKnownTypesSorted()
    {
        var catalog = CatalogOf(Sleep, Noop);

        var check = await catalog.CheckAsync("slep", Json("""{}"""), CancellationToken.None);

        Assert.Equal(TaskTypeCheckOutcome.UnknownType, check.Outcome);
        Assert.Equal(["noop", "sleep"], check.KnownTypes);
        Assert.Empty(check.Errors);
    }

    [Fact]
    public async Task Check_WithinCacheDuration_FetchesTheCatalogOnce()
    {
        var catalog = CatalogOf(Sleep);

        await catalog.CheckAsync("sleep", Json("""{"durationMs":1}"""), CancellationToken.None);
        _clock.Advance(TaskTypeCatalog.CacheDuration - TimeSpan.FromSeconds(1));
        await catalog.CheckAsync("sleep", Json("""{"durationMs":1}"""), CancellationToken.None);
        var fetchesWhileFresh = _fetches;
        _clock.Advance(TimeSpan.FromSeconds(1));
        await catalog.CheckAsync("sleep", Json("""{"durationMs":1}"""), CancellationToken.None);

        Assert.Equal(1, fetchesWhileFresh);
        Assert.Equal(2, _fetches);
    }

    [Fact]
    public async Task Check_TypeDeployedAfterTheLastFetch_IsFoundOnceTheRecheckIntervalPasses()
    {
        var versions = new Queue<TaskTypeDescriptor[]>([[Noop], [Noop, Echo]]);
        var catalog = new TaskTypeCatalog(_ => Fetch(versions.Count > 1 ? versions.Dequeue() : versions.Peek()), _clock, NullLogger<TaskTypeCatalog>.Instance);

        var before = await catalog.CheckAsync("echo", Json("""{}"""), CancellationToken.None);
        _clock.Advance(TaskTypeCatalog.UnknownTypeRecheck);
        var after = await catalog.CheckAsync("echo", Json("""{}"""), CancellationToken.None);

        Assert.Equal(TaskTypeCheckOutcome.UnknownType, before.Outcome);
        Assert.True(after.IsValid);
    }

    [Fact]
    public async Task Check_UnknownTypeRepeatedRightAfterAFetch_DoesNotFetchAgain()
    {
        var catalog = CatalogOf(Noop);

        for (var i = 0; i < 5; i++)
        {
            await catalog.CheckAsync("typo", Json("""{}"""), CancellationToken.None);
        }

        Assert.Equal(1, _fetches);
    }

    [Fact]
    public async Task Check_RefreshFails_KeepsServingTheLastCatalogAndBacksOff()
    {
        var clusterUp = true;
        var catalog = new TaskTypeCatalog(
            _ => clusterUp ? Fetch([Sleep]) : Task.FromException<IReadOnlyList<TaskTypeDescriptor>>(new TimeoutException("no silo")),
            _clock,
            NullLogger<TaskTypeCatalog>.Instance);
        await catalog.CheckAsync("sleep", Json("""{"durationMs":1}"""), CancellationToken.None);

        clusterUp = false;
        _clock.Advance(TaskTypeCatalog.CacheDuration);
        var stale = await catalog.CheckAsync("sleep", Json("""{"durationMs":-5}"""), CancellationToken.None);
        var fetchesAfterFailure = _fetches;
        _clock.Advance(TaskTypeCatalog.RetryAfterFailure - TimeSpan.FromSeconds(1));
        await catalog.CheckAsync("sleep", Json("""{"durationMs":1}"""), CancellationToken.None);

        Assert.Equal(TaskTypeCheckOutcome.InvalidPayload, stale.Outcome);
        Assert.Equal(fetchesAfterFailure, _fetches);
    }

    [Fact]
    public async Task Check_ClusterUnreachableAndNoCatalogYet_Throws()
    {
        var catalog = new TaskTypeCatalog(
            _ => Task.FromException<IReadOnlyList<TaskTypeDescriptor>>(new TimeoutException("no silo")),
            _clock,
            NullLogger<TaskTypeCatalog>.Instance);

        await Assert.ThrowsAsync<TimeoutException>(() => catalog.CheckAsync("sleep", Json("""{}"""), CancellationToken.None));
    }

    [Fact]
    public async Task Check_SchemaThatDoesNotCompileHere_LeavesThePayloadToTheGrain()
    {
        var broken = new TaskTypeDescriptor("broken", "Schema from a newer silo.", """{"type":"object","minProperties":"one"}""");
        var catalog = CatalogOf(broken);

        var check = await catalog.CheckAsync("broken", Json("""{"anything":1}"""), CancellationToken.None);

        Assert.True(check.IsValid);
    }

    [Fact]
    public async Task Check_ConcurrentCallersWithAnEmptyCache_ShareOneFetch()
    {
        var release = new TaskCompletionSource<IReadOnlyList<TaskTypeDescriptor>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var catalog = new TaskTypeCatalog(
            _ =>
            {
                Interlocked.Increment(ref _fetches);
                return release.Task;
            },
            _clock,
            NullLogger<TaskTypeCatalog>.Instance);

        var checks = Enumerable.Range(0, 5).Select(_ => catalog.CheckAsync("noop", Json("""{}"""), CancellationToken.None)).ToArray();
        release.SetResult([Noop]);
        var results = await Task.WhenAll(checks);

        Assert.All(results, r => Assert.True(r.IsValid));
        Assert.Equal(1, _fetches);
    }

    [Fact]
    public async Task ListTaskTypes_ReturnsItemsWithThePayloadSchemaAsAnObject()
    {
        var catalog = CatalogOf(Sleep, Noop);

        var result = await TaskTypesApi.ListAsync(catalog, CancellationToken.None);
        using var body = JsonDocument.Parse(JsonSerializer.Serialize(result.Value, JsonSerializerOptions.Web));

        var items = body.RootElement.GetProperty("items");
        Assert.Equal(["noop", "sleep"], items.EnumerateArray().Select(i => i.GetProperty("type").GetString()));
        var sleep = items[1];
        Assert.Equal("Waits durationMs milliseconds.", sleep.GetProperty("description").GetString());
        Assert.Equal(JsonValueKind.Object, sleep.GetProperty("payloadSchema").ValueKind);
        Assert.Equal(3600000, sleep.GetProperty("payloadSchema").GetProperty("properties").GetProperty("durationMs").GetProperty("maximum").GetInt32());
    }

    private TaskTypeCatalog CatalogOf(params TaskTypeDescriptor[] descriptors) =>
        new(_ => Fetch(descriptors), _clock, NullLogger<TaskTypeCatalog>.Instance);

    private Task<IReadOnlyList<TaskTypeDescriptor>> Fetch(TaskTypeDescriptor[] descriptors)
    {
        Interlocked.Increment(ref _fetches);
        return Task.FromResult<IReadOnlyList<TaskTypeDescriptor>>(descriptors);
    }

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
