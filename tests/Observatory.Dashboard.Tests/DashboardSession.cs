using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Observatory.Contracts;

namespace Observatory.Dashboard.Tests;

/// <summary>An HTTP client with its own cookie jar, signed in to the dashboard as a browser would be.</summary>
public sealed class DashboardSession : IDisposable
{
    private DashboardSession(Uri baseAddress)
    {
        Http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseAddress };
    }

    public HttpClient Http { get; }

    /// <summary>A session that has fetched an antiforgery token but not signed in.</summary>
    public static async Task<DashboardSession> AnonymousAsync(Uri baseAddress)
    {
        var session = new DashboardSession(baseAddress);
        await session.RefreshTokenAsync();
        return session;
    }

    public static async Task<DashboardSession> SignedInAsync(Uri baseAddress, string name, string password)
    {
        var session = await AnonymousAsync(baseAddress);
        using var response = await session.Http.PostAsJsonAsync("/auth/sign-in", new { name, password });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        // Antiforgery tokens are bound to the user: a signed-in session needs a new one.
        await session.RefreshTokenAsync();
        return session;
    }

    public async Task<JsonElement> PostJsonAsync(string path, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await Http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>Fails unless <paramref name="body"/> matches <paramref name="contract"/>.</summary>
    public static void AssertContract(ContractName contract, JsonElement body)
    {
        var validation = ContractSchemas.Default.Validate(contract, body);
        Assert.True(validation.IsValid, $"{contract}: {string.Join("; ", validation.Errors)} in {body}");
    }

    public void Dispose() => Http.Dispose();

    private async Task RefreshTokenAsync()
    {
        var session = await GetJsonAsync("/auth/session");
        AssertContract(ContractName.DashboardSession, session);
        Http.DefaultRequestHeaders.Remove("X-CSRF-TOKEN");
        Http.DefaultRequestHeaders.Add("X-CSRF-TOKEN", session.GetProperty("antiforgeryToken").GetString());
    }
}
