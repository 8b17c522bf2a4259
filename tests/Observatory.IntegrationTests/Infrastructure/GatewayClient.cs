using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Observatory.IntegrationTests.Infrastructure;

/// <summary>Talks to a gateway over HTTP as any client would.</summary>
public sealed class GatewayClient : IDisposable
{
    private readonly HttpClient _http;

    /// <summary>A client that sends <paramref name="apiKey"/> on every request, or none.</summary>
    public GatewayClient(Uri baseAddress, string? apiKey)
    {
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
        {
            _http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }
    }

    public Task<HttpResponseMessage> PostJsonAsync(string path, string json, string contentType = "application/json") =>
        _http.PostAsync(new Uri(path, UriKind.Relative), new StringContent(json, Encoding.UTF8, contentType));

    /// <summary>Submits a task and returns its id; fails unless the gateway answered 202.</summary>
    public Task<Guid> SubmitAsync(string type, string payloadJson = "{}") =>
        SubmitJsonAsync($$"""{"type":"{{type}}","payload":{{payloadJson}}}""");

    /// <summary>Submits a whole task-submission body and returns the task id; fails unless the gateway answered 202.</summary>
    public async Task<Guid> SubmitJsonAsync(string submissionJson)
    {
        using var response = await PostJsonAsync("/api/v1/tasks", submissionJson);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new HttpRequestException($"Submit answered {(int)response.StatusCode}: {body}", null, response.StatusCode);
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("taskId").GetGuid();
    }

    public async Task<JsonElement?> GetTaskAsync(Guid id)
    {
        using var response = await _http.GetAsync(new Uri($"/api/v1/tasks/{id}", UriKind.Relative));
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>
    /// Like <see cref="GetTaskAsync"/>, but a <c>503</c> (the cluster failing over) also answers null,
    /// for probes that wait through a failover.
    /// </summary>
    public async Task<JsonElement?> GetTaskThroughFailoverAsync(Guid id)
    {
        try
        {
            return await GetTaskAsync(id);
        }
        catch (HttpRequestException exception) when (exception.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            return null;
        }
    }

    public async Task<string?> GetStatusAsync(Guid id) =>
        (await GetTaskAsync(id))?.GetProperty("status").GetString();

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(new Uri(path, UriKind.Relative));

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _http.SendAsync(request);

    /// <summary>GETs <paramref name="path"/> and parses the JSON body; fails on any status but 200.</summary>
    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"GET {path} answered {(int)response.StatusCode}: {body}", null, response.StatusCode);
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    public void Dispose() => _http.Dispose();
}
