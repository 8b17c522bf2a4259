using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Observatory.IntegrationTests.Infrastructure;
using Observatory.Testing;

namespace Observatory.IntegrationTests;

/// <summary>
/// Ten thousand malformed or hostile requests: the gateway answers every one with a 4xx (or refuses
/// the connection), never a 5xx, keeps running, and every task it accepted among them runs.
/// </summary>
public sealed class HostileInputTests : IClassFixture<SingleSiloFixture>
{
    private const int Requests = 10_000;
    private readonly SingleSiloFixture _fixture;

    public HostileInputTests(SingleSiloFixture fixture)
    {
        _fixture = fixture;
    }

    // A server may refuse a request by dropping the connection (e.g. a body over the limit still being
    // sent); that is a refusal, not an error, and the process checks below catch a crash.
    private static async Task<HttpResponseMessage?> SendAsync(HttpClient http, HttpRequestMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(message, cancellationToken);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    [Fact]
    public async Task TenThousandHostileRequests_GetNoServerError_CrashNothing_AndLoseNoAcceptedTask()
    {
        var gateway = _fixture.Gateway.BaseAddress;
        var requests = HostileRequests.Generate(new Random(20261127), gateway, _fixture.Deployment.Settings.ApiKey, Requests).ToList();
        var statuses = new ConcurrentDictionary<(string Kind, int? Status), int>();
        var serverErrors = new ConcurrentQueue<string>();
        var accepted = new ConcurrentBag<Guid>();
        using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };

        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (request, cancellationToken) =>
        {
            int? status;
            if (request.Http is { } build)
            {
                using var message = build();
                using var response = await SendAsync(http, message, cancellationToken);
                if (response is null)
                {
                    statuses.AddOrUpdate((request.Kind, null), 1, (_, n) => n + 1);
                    return;
                }

                status = (int)response.StatusCode;
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    accepted.Add(JsonDocument.Parse(body).RootElement.GetProperty("taskId").GetGuid());
                }
                else if (status >= 500)
                {
                    serverErrors.Enqueue($"{request.Kind} {message.Method} {message.RequestUri}: {status} {body[..Math.Min(body.Length, 300)]}");
                }
            }
            else
            {
                status = await RawHttp.SendAsync(gateway, request.Raw!, cancellationToken);
                if (status >= 500)
                {
                    serverErrors.Enqueue($"{request.Kind} (raw): {status}");
                }
            }

            statuses.AddOrUpdate((request.Kind, status), 1, (_, n) => n + 1);
        });

        var summary = string.Join(Environment.NewLine, statuses.OrderBy(s => s.Key.Kind, StringComparer.Ordinal).Select(s => $"{s.Key.Kind} → {s.Key.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "closed"}: {s.Value}"));
        Assert.True(serverErrors.IsEmpty, $"{serverErrors.Count} server errors, e.g.:{Environment.NewLine}{string.Join(Environment.NewLine, serverErrors.Take(10))}{Environment.NewLine}{summary}");
        Assert.Equal(Requests, statuses.Values.Sum());
        Assert.False(_fixture.Gateway.HasExited, "the gateway crashed");
        Assert.False(_fixture.Silo.HasExited, "the silo crashed");
        Assert.NotEmpty(accepted);

        // Every task the gateway accepted among the noise was really queued and ran.
        foreach (var id in accepted)
        {
            await Eventually.ReturnsAsync(() => _fixture.Client.GetStatusAsync(id), s => s == "succeeded", TimeSpan.FromSeconds(60), $"accepted task {id} to run");
        }
    }
}
