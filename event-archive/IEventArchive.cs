namespace Observatory.EventArchive;

/// <summary>
/// The lifecycle event archive. Appends are idempotent (the event id is the document id) and
/// batched: one round trip per call, whatever its size. Backend failures surface as
/// <see cref="EventArchiveUnavailableException"/>, so callers can retry without knowing the driver.
/// </summary>
public interface IEventArchive
{
    /// <summary>The backend's name for logs and metric labels: <c>postgres</c> or <c>mongo</c>.</summary>
    string Backend { get; }

    /// <summary>Stores the events; events already stored (same id) are left as they are.</summary>
    /// <exception cref="EventArchiveUnavailableException">The backend did not take the batch; some events may be stored, and appending the batch again is safe.</exception>
    Task AppendAsync(IReadOnlyList<ArchivedEvent> events, CancellationToken cancellationToken = default);

    /// <summary>One page of events, newest first (see <see cref="ArchivedEventQuery"/>); an empty page has no items, never null.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The query's limit is out of range.</exception>
    /// <exception cref="EventArchiveUnavailableException">The backend did not answer.</exception>
    Task<ArchivedEventPage> QueryAsync(ArchivedEventQuery query, CancellationToken cancellationToken = default);
}
