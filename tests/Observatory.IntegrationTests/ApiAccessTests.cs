using System.Net;
using System.Text;
using System.Text.Json;
using Observatory.IntegrationTests.Infrastructure;
using Observatory.Testing;

namespace Observatory.IntegrationTests;

/// <summary>
/// Who may call the gateway: a key with the write scope for anything that changes state, reads open
/// by default, a rate per caller, and browser origins by configuration.
/// </summary>
public sealed class ApiAccessTests : IClassFixture<ApiAccessTests.Fixture>
{
    private const string ReadOnlyKey = "obs_read_only_key_for_tests";
    private const string BurstKey = "obs_burst_key_for_tests";
    private const string AllowedOrigin = "https://ops.example.com";
    private readonly Fixture _fixture;

    public ApiAccessTests(Fixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Submit_WithoutKey_Answers401Problem_WithAChallenge()
    {
        using var client = new GatewayClient(_fixture.Gateway.BaseAddress, apiKey: null);
        using var response = await client.PostJsonAsync("/api/v1/tasks", """{"type":"noop"}""");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        await AssertProblemAsync(response, "unauthorized");
    }

    [Fact]
    public async Task Submit_WithAnUnknownKey_Answers401()
    {
        using var client = new GatewayClient(_fixture.Gateway.BaseAddress, "obs_not_a_configured_key");
        using var response = await client.PostJsonAsync("/api/v1/tasks", """{"type":"noop"}""");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertProblemAsync(response, "unauthorized");
    }

    [Fact]
    public async Task Submit_WithAReadOnlyKey_Answers403()
    {
        using var client = new GatewayClient(_fixture.Gateway.BaseAddress, ReadOnlyKey);
        using var response = await client.PostJsonAsync("/api/v1/tasks", """{"type":"noop"}""");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertProblemAsync(response, "forbidden");
    }

    [Fact]
    public async Task Submit_WithAWriteKeyAsBearerToken_IsAccepted_AndReadsNeedNoKey()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_fixture.Gateway.BaseAddress, "/api/v1/tasks"))
        {
            Content = new StringContent("""{"type":"noop"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", _fixture.Deployment.Settings.ApiKey);
        using var anonymous = new GatewayClient(_fixture.Gateway.BaseAddress, apiKey: null);
        using var submitted = await anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var id = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("taskId").GetGuid();

        using var read = await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(_fixture.Gateway.BaseAddress, $"/api/v1/tasks/{id}")));

        Assert.True(read.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"an anonymous read answered {(int)read.StatusCode}");
    }

    [Fact]
    public async Task Caller_OverItsRate_Gets429_WithRetryAfter_WhileOtherCallersAreServed()
    {
        using var burst = new GatewayClient(_fixture.Gateway.BaseAddress, BurstKey);
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < Fixture.Burst + 3; i++)
        {
            var response = await burst.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(_fixture.Gateway.BaseAddress, "/api/v1/task-types")));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited ??= response;
            }
        }

        Assert.NotNull(limited);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "Retry-After must say when to come back");
        await AssertProblemAsync(limited, "rate-limited");
        using var other = new GatewayClient(_fixture.Gateway.BaseAddress, ReadOnlyKey);
        using var served = await other.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(_fixture.Gateway.BaseAddress, "/api/v1/task-types")));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Theory]
    [InlineData(AllowedOrigin, true)]
    [InlineData("https://evil.example.net", false)]
    public async Task CorsPreflight_IsAnswered_OnlyForConfiguredOrigins(string origin, bool allowed)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, new Uri(_fixture.Gateway.BaseAddress, "/api/v1/tasks"));
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,x-api-key");
        using var client = new GatewayClient(_fixture.Gateway.BaseAddress, apiKey: null);
        using var response = await client.SendAsync(request);

        var granted = response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;
        Assert.Equal(allowed ? origin : null, granted);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, string type)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("https://observatory.dev/problems/" + type, problem.GetProperty("type").GetString());
        Assert.Equal((int)response.StatusCode, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("correlationId").GetString()));
    }

    /// <summary>One silo and a gateway with a read-only key, a key for the rate test, a low rate and one allowed origin.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public const int Burst = 3;

        public ObservatoryDeployment Deployment { get; private set; } = null!;

        public ObservatoryProcess Gateway { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            Deployment = await ObservatoryDeployment.CreateAsync("access", async deployment =>
            {
                await deployment.StartSilosAsync("silo-access");
                Gateway = await deployment.StartGatewayAsync(new Dictionary<string, string>
                {
                    ["Observatory__Api__Keys__1__Name"] = "dashboard-viewer",
                    ["Observatory__Api__Keys__1__Sha256"] = ApiKeyHash.Of(ReadOnlyKey),
                    ["Observatory__Api__Keys__1__Scopes__0"] = "read",
                    ["Observatory__Api__Keys__2__Name"] = "burst",
                    ["Observatory__Api__Keys__2__Sha256"] = ApiKeyHash.Of(BurstKey),
                    ["Observatory__Api__Keys__2__Scopes__0"] = "read",
                    ["Observatory__Api__RateLimit__PermitsPerSecond"] = "1",
                    ["Observatory__Api__RateLimit__Burst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["Observatory__Api__AllowedOrigins__0"] = AllowedOrigin,
                });
            });
        }

        public async ValueTask DisposeAsync()
        {
            if (Deployment is not null)
            {
                await Deployment.DisposeAsync();
            }
        }
    }
}
