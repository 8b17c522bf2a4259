using System.Net.ServerSentEvents;
using System.Text.Json;

namespace Observatory.Dashboard.Tests;

/// <summary>A signed-in browser's <c>GET /live/events</c>, read one server-sent event at a time.</summary>
public sealed class LiveEventStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly IAsyncEnumerator<SseItem<string>> _events;

    private LiveEventStream(HttpResponseMessage response, IAsyncEnumerator<SseItem<string>> events)
    {
        _response = response;
        _events = events;
    }

    public static async Task<LiveEventStream> OpenAsync(DashboardSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var response = await session.Http.GetAsync(new Uri("/live/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return new LiveEventStream(response, SseParser.Create(stream).EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken));
    }

    /// <summary>The next event, whatever its kind.</summary>
    public async Task<(string Kind, JsonElement Data)> NextAsync()
    {
        Assert.True(await _events.MoveNextAsync(), "The live stream ended.");
        return (_events.Current.EventType, JsonDocument.Parse(_events.Current.Data).RootElement.Clone());
    }

    /// <summary>The data of the next event of <paramref name="kind"/>, skipping the others.</summary>
    public async Task<JsonElement> NextAsync(string kind)
    {
        while (true)
        {
            var (next, data) = await NextAsync();
            if (next == kind)
            {
                return data;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _events.DisposeAsync();
        _response.Dispose();
    }
}
