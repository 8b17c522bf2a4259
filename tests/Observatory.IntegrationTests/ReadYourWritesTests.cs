using System.Net;
using System.Text.Json;
using Observatory.IntegrationTests.Infrastructure;

namespace Observatory.IntegrationTests;

/// <summary>A client that just got 202 can read its task at once, even on a silo that has run nothing yet.</summary>
public sealed class ReadYourWritesTests : IClassFixture<SingleSiloFixture>
{
    private readonly SingleSiloFixture _fixture;

    public ReadYourWritesTests(SingleSiloFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Get_RightAfter202_FindsTheTask_InsteadOf404()
    {
        // The fixture's silo is cold: this first task needs a grain activation and a stream
        // registration before its grain knows it.
        var id = await _fixture.Client.SubmitAsync("sleep", """{"durationMs":1000}""");
        using var response = await _fixture.Client.GetAsync($"/api/v1/tasks/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString();
        Assert.Contains(status, new[] { "queued", "running" });
    }

    [Fact]
    public async Task Get_UnknownRecentId_StillAnswers404_AfterABriefWait()
    {
        using var response = await _fixture.Client.GetAsync($"/api/v1/tasks/{Guid.CreateVersion7()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
