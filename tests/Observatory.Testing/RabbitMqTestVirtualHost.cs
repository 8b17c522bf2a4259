using System.Net.Http.Headers;
using System.Text;

namespace Observatory.Testing;

/// <summary>
/// A RabbitMQ virtual host of its own for one test class: its queues and exchanges are invisible to
/// anything else on the broker, and deleting the vhost removes them all.
/// </summary>
public sealed class RabbitMqTestVirtualHost : IAsyncDisposable
{
    private readonly HttpClient _management;

    private RabbitMqTestVirtualHost(string name, HttpClient management, Uri amqpUri)
    {
        Name = name;
        _management = management;
        AmqpUri = amqpUri;
    }

    public string Name { get; }

    /// <summary>The AMQP URI that connects to this virtual host.</summary>
    public Uri AmqpUri { get; }

    public static async Task<RabbitMqTestVirtualHost> CreateAsync(string purpose) =>
        await CreateAsync(purpose, TestEnvironment.RabbitMqUri, TestEnvironment.RabbitMqManagementUri);

    public static async Task<RabbitMqTestVirtualHost> CreateAsync(string purpose, Uri brokerUri, Uri managementUri)
    {
        var name = $"obs-test-{purpose}-{Guid.NewGuid():N}";
        var management = CreateManagementClient(managementUri);
        var vhost = Uri.EscapeDataString(name);
        using (var response = await management.PutAsync(new Uri($"api/vhosts/{vhost}", UriKind.Relative), null))
        {
            response.EnsureSuccessStatusCode();
        }

        var user = managementUri.UserInfo.Split(':')[0];
        using var permissions = new StringContent("""{"configure":".*","write":".*","read":".*"}""", Encoding.UTF8, "application/json");
        using (var response = await management.PutAsync(new Uri($"api/permissions/{vhost}/{Uri.EscapeDataString(user)}", UriKind.Relative), permissions))
        {
            response.EnsureSuccessStatusCode();
        }

        var amqp = new UriBuilder(brokerUri) { Path = "/" + vhost }.Uri;
        return new RabbitMqTestVirtualHost(name, management, amqp);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var response = await _management.DeleteAsync(new Uri($"api/vhosts/{Uri.EscapeDataString(Name)}", UriKind.Relative));
        }
        catch (HttpRequestException)
        {
            // The broker may be stopped by the test itself; the vhost is then left for the next run to ignore.
        }
        finally
        {
            _management.Dispose();
        }
    }

    private static HttpClient CreateManagementClient(Uri managementUri)
    {
        var client = new HttpClient { BaseAddress = new UriBuilder(managementUri) { UserName = "", Password = "" }.Uri, Timeout = TimeSpan.FromSeconds(30) };
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(managementUri.UserInfo)));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        return client;
    }
}
