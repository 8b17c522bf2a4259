using System.Text.Json;
using Observatory.Silo.Archive;
using Observatory.Tasks;

namespace Observatory.EventArchive.Tests;

/// <summary>How a feed event becomes an archived document.</summary>
public sealed class ArchivedEventMapperTests
{
    [Fact]
    public void From_CopiesTheEnvelope_WithMicrosecondTimeAndTheEmittingSilo()
    {
        var feedEvent = FeedEvents.Started(Guid.CreateVersion7(), new DateTimeOffset(2026, 11, 27, 13, 0, 0, TimeSpan.FromHours(1)).AddTicks(1_234_567));
        var envelope = feedEvent.Envelope;

        var archived = ArchivedEventMapper.From(feedEvent);

        Assert.Equal(
            new ArchivedEvent(envelope.EventId, envelope.TaskId, "noop", TaskEventTypes.Started, new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_560), 1, FeedEvents.Silo, "corr-1", "{\"silo\":\"S127.0.0.1:11111:1\"}"),
            archived);
    }

    [Fact]
    public void From_AnEventTheGatewayProduced_HasNoSilo()
    {
        var started = FeedEvents.Started(Guid.CreateVersion7(), DateTimeOffset.UtcNow);
        var submitted = started with { Envelope = started.Envelope with { EventType = TaskEventTypes.Submitted, Producer = new EventProducer("gateway", "gw-1", "1.0.0") } };

        Assert.Null(ArchivedEventMapper.From(submitted).Silo);
    }

    [Fact]
    public void From_LargeData_KeepsAShortSummary()
    {
        var started = FeedEvents.Started(Guid.CreateVersion7(), DateTimeOffset.UtcNow);
        var data = JsonSerializer.SerializeToElement(new { payload = new string('x', 5_000) + "😀" });
        var large = started with { Envelope = started.Envelope with { Data = data } };

        var summary = ArchivedEventMapper.From(large).Summary!;

        Assert.Equal(ArchivedEventSummary.MaxLength, summary.Length);
        Assert.StartsWith("{\"payload\":\"xxx", summary, StringComparison.Ordinal);
        Assert.EndsWith("…", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void From_EmptyData_HasNoSummary()
    {
        var started = FeedEvents.Started(Guid.CreateVersion7(), DateTimeOffset.UtcNow);
        var empty = started with { Envelope = started.Envelope with { Data = JsonSerializer.SerializeToElement(new { }) } };

        Assert.Null(ArchivedEventMapper.From(empty).Summary);
    }
}
