using System.Net;
using System.Text.RegularExpressions;
using Observatory.IntegrationTests.Infrastructure;

namespace Observatory.IntegrationTests;

/// <summary>The gateway describes itself: an OpenAPI document and a reference page it serves itself.</summary>
public sealed partial class ApiDocumentationTests : IClassFixture<SingleSiloFixture>
{
    private readonly SingleSiloFixture _fixture;

    public ApiDocumentationTests(SingleSiloFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task OpenApiDocument_DescribesEveryApiEndpoint_AndTheKeyScheme()
    {
        var document = await _fixture.Client.GetJsonAsync("/openapi/v1.json");

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.GetProperty("paths").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateObject().Select(o => o.Name).ToHashSet());
        Assert.Contains("post", paths["/api/v1/tasks"]);
        Assert.Contains("get", paths["/api/v1/tasks"]);
        Assert.Contains("post", paths["/api/v1/tasks/batch"]);
        Assert.Contains("get", paths["/api/v1/tasks/{id}"]);
        Assert.Contains("post", paths["/api/v1/tasks/{id}/cancel"]);
        Assert.Contains("post", paths["/api/v1/tasks/{id}/retry"]);
        Assert.Contains("get", paths["/api/v1/tasks/counts"]);
        Assert.Contains("get", paths["/api/v1/task-types"]);
        Assert.Contains("get", paths["/api/v1/cluster"]);
        Assert.Equal("apiKey", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("type").GetString());
    }

    [Fact]
    public async Task ReferencePage_IsServedByTheGateway_WithoutAnyExternalAsset()
    {
        using var response = await _fixture.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(_fixture.Gateway.BaseAddress, "/api/reference/index.html")));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var assets = AssetReference().Matches(html).Select(m => m.Groups["url"].Value).ToList();
        Assert.NotEmpty(assets);
        Assert.All(assets, url => Assert.DoesNotMatch("^(https?:)?//", url));
        foreach (var asset in assets.Where(a => a.EndsWith(".js", StringComparison.Ordinal)))
        {
            using var script = await _fixture.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(_fixture.Gateway.BaseAddress, "/api/reference/" + asset.TrimStart('.', '/'))));
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        }
    }

    [GeneratedRegex("""(?:src|href)=["'](?<url>[^"']+)["']""")]
    private static partial Regex AssetReference();
}
