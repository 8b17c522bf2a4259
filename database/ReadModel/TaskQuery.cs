namespace Observatory.Database.ReadModel;

/// <summary>
/// One page request of the task list: newest first, optionally filtered. Filters combine with AND;
/// <see langword="null"/> means "no filter".
/// </summary>
/// <param name="ServiceId">The Orleans service id the tasks were stored under (rows are per service).</param>
/// <param name="Status">Only tasks in this status (as persisted, e.g. <c>"dead-lettered"</c>).</param>
/// <param name="Type">Only tasks of this type.</param>
/// <param name="Tag">Only tasks carrying this tag.</param>
/// <param name="From">
/// Only tasks submitted at or after this instant (inclusive). Applied to the time in the UUIDv7 task id,
/// so the id index serves it; millisecond precision.
/// </param>
/// <param name="To">Only tasks submitted before this instant (exclusive), like <paramref name="From"/>.</param>
/// <param name="Cursor">
/// <see cref="TaskPage.NextCursor"/> of the previous page: this page starts right after that task.
/// Keyset paging never skips or repeats a task that existed when paging began, whatever is inserted meanwhile.
/// </param>
/// <param name="Limit">Page size, <see cref="MinLimit"/> to <see cref="MaxLimit"/>.</param>
public sealed record TaskQuery(
    string ServiceId,
    string? Status = null,
    string? Type = null,
    string? Tag = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    Guid? Cursor = null,
    int Limit = TaskQuery.DefaultLimit)
{
    /// <summary>Page size when the caller gives none.</summary>
    public const int DefaultLimit = 50;

    /// <summary>Smallest page size.</summary>
    public const int MinLimit = 1;

    /// <summary>Largest page size: pages are read whole into memory and sent in one response.</summary>
    public const int MaxLimit = 200;

    /// <summary>Throws <see cref="ArgumentException"/> (naming the offending property) when the query cannot be run.</summary>
    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ServiceId, nameof(ServiceId));
        ThrowIfEmpty(Status, nameof(Status));
        ThrowIfEmpty(Type, nameof(Type));
        ThrowIfEmpty(Tag, nameof(Tag));
        ArgumentOutOfRangeException.ThrowIfLessThan(Limit, MinLimit, nameof(Limit));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Limit, MaxLimit, nameof(Limit));
        if (From is { } from && To is { } to && from > to)
        {
            throw new ArgumentException($"From ({from:O}) is after To ({to:O}).", nameof(From));
        }
    }

    /// <summary>An empty filter value is almost certainly a caller bug (an empty query-string parameter); null means no filter.</summary>
    private static void ThrowIfEmpty(string? value, string name)
    {
        if (value is not null && string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException("A filter value must not be empty; pass null for no filter.", name);
        }
    }
}
