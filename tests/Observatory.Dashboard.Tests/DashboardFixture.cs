using System.Reflection;
using Microsoft.Playwright;
using Observatory.Testing;

[assembly: AssemblyFixture(typeof(Observatory.Dashboard.Tests.DashboardFixture))]

namespace Observatory.Dashboard.Tests;

/// <summary>
/// One silo, one gateway and one dashboard process on their own database and virtual host, and a headless Debian
/// Chromium driven by Playwright. Shared by every test of the assembly: starting them is most of the cost.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const string UserName = "operator";
    public const string ChromiumPath = "/usr/bin/chromium";

    public string Password { get; } = "pw-" + Guid.NewGuid().ToString("N");

    public ObservatoryDeployment Deployment { get; private set; } = null!;

    public ObservatoryProcess Dashboard { get; private set; } = null!;

    public ObservatoryProcess Gateway { get; private set; } = null!;

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotDirectory { get; } = typeof(DashboardFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ScreenshotDirectory").Value!;

    public async ValueTask InitializeAsync()
    {
        Deployment = await ObservatoryDeployment.CreateAsync("dashboard", async deployment =>
        {
            var silo = deployment.StartSilosAsync("silo-a");
            await Task.WhenAll(silo, StartGatewayAsync(deployment), StartDashboardAsync(deployment));
        });
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>A fresh browser context (its own cookies) at 1280×800, signed in, on the dashboard (or on <paramref name="dashboard"/>).</summary>
    public async Task<IPage> SignedInPageAsync(int width = 1280, int height = 800, ObservatoryProcess? dashboard = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            BaseURL = (dashboard ?? Dashboard).BaseAddress.ToString(),
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.FillAsync("#user-name", UserName);
        await page.FillAsync("#user-password", Password);
        await page.ClickAsync("#sign-in-form button[type=submit]");
        await Assertions.Expect(page.Locator("#splash")).ToBeHiddenAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#app")).ToBeVisibleAsync();
        return page;
    }

    /// <summary>Posts one alert to the gateway's webhook as Alertmanager does, with the configured bearer token.</summary>
    public async Task PostAlertAsync(string alert)
    {
        using var gateway = new HttpClient { BaseAddress = Gateway.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/alerts/webhook")
        {
            Content = new StringContent(AlertmanagerPayloads.Payload(alert), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Deployment.Settings.AlertWebhookToken);
        using var response = await gateway.SendAsync(request);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.NoContent, $"Webhook: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        Playwright?.Dispose();
        if (Deployment is not null)
        {
            await Deployment.DisposeAsync();
        }
    }

    private async Task StartGatewayAsync(ObservatoryDeployment deployment) =>
        Gateway = await deployment.StartGatewayAsync();

    private async Task StartDashboardAsync(ObservatoryDeployment deployment) =>
        Dashboard = await deployment.StartDashboardAsync(UserName, Password);
}
