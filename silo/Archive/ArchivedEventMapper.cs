using Observatory.EventArchive;
using Observatory.Grains.Events;

namespace Observatory.Silo.Archive;

/// <summary>Turns a feed event into the document the archive keeps.</summary>
public static class ArchivedEventMapper
{
    private const string SiloService = "silo";

    public static ArchivedEvent From(TaskFeedEvent feedEvent)
    {
        ArgumentNullException.ThrowIfNull(feedEvent);
        var envelope = feedEvent.Envelope;

        // PostgreSQL keeps microseconds: archive that precision everywhere, so the document and the
        // sort column of a row (and so the cursors built from them) always agree.
        var ticks = envelope.OccurredAt.UtcTicks;
        return new ArchivedEvent(
            envelope.EventId,
            envelope.TaskId,
            envelope.TaskType,
            envelope.EventType,
            new DateTimeOffset(ticks - (ticks % 10), TimeSpan.Zero),
            envelope.Attempt,
            envelope.Producer.Service == SiloService ? envelope.Producer.Instance : null,
            envelope.CorrelationId,
            ArchivedEventSummary.Of(envelope.Data));
    }
}
