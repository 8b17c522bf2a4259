using System.Net;
using System.Text.Json;
using Observatory.IntegrationTests.Infrastructure;

namespace Observatory.IntegrationTests;

/// <summary>The task type catalog as a client sees it: fetched by the gateway from a real silo.</summary>
public sealed class TaskTypesApiTests : IClassFixture<SingleSiloFixture>
{
    private readonly SingleSiloFixture _fixture;

    public TaskTypesApiTests(SingleSiloFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task List_ReturnsTheBuiltInTypesWithTheirSchemasAsObjects()
    {
        using var response = await _fixture.Client.GetAsync("/api/v1/task-types");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var items = body.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["cpu", "fail", "noop", "simulate", "sleep"], items.Select(i => i.GetProperty("type").GetString()));
        Assert.All(items, i => Assert.Equal(JsonValueKind.Object, i.GetProperty("payloadSchema").ValueKind));
        Assert.All(items, i => Assert.False(string.IsNullOrWhiteSpace(i.GetProperty("description").GetString())));
    }
}
