namespace Observatory.EventArchive;

/// <summary>
/// A page of archived events, newest first: by <see cref="ArchivedEvent.OccurredAt"/> descending,
/// then by event id descending (byte order) among events with the same time.
/// </summary>
public sealed record ArchivedEventQuery
{
    /// <summary>Largest page a query may ask for.</summary>
    public const int MaxLimit = 500;

    /// <summary>Only the events of this task.</summary>
    public Guid? TaskId { get; init; }

    /// <summary>Only events of this type.</summary>
    public string? EventType { get; init; }

    /// <summary>The previous page's <see cref="ArchivedEventPage.NextCursor"/>: this page holds older events only.</summary>
    public ArchiveCursor? Before { get; init; }

    /// <summary>Most events on the page, 1..<see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = 50;

    /// <exception cref="ArgumentOutOfRangeException"><see cref="Limit"/> is outside 1..<see cref="MaxLimit"/>.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Limit, 1, nameof(Limit));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Limit, MaxLimit, nameof(Limit));
    }
}

/// <summary>One page of events; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record ArchivedEventPage(IReadOnlyList<ArchivedEvent> Items, ArchiveCursor? NextCursor)
{
    /// <summary>Builds a page from up to <c>limit + 1</c> rows read: the extra row only says that another page follows.</summary>
    public static ArchivedEventPage FromRows(List<ArchivedEvent> rows, int limit)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count <= limit)
        {
            return new ArchivedEventPage(rows, NextCursor: null);
        }

        rows.RemoveRange(limit, rows.Count - limit);
        return new ArchivedEventPage(rows, ArchiveCursor.After(rows[^1]));
    }
}
