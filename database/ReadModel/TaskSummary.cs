namespace Observatory.Database.ReadModel;

/// <summary>One task in a list page: the fields the read model keeps in columns, so a page needs no JSON parsing.</summary>
/// <param name="Id">The task id (UUIDv7).</param>
/// <param name="Type">The task type.</param>
/// <param name="Status">The status as persisted (<c>"queued"</c>, <c>"running"</c>, <c>"dead-lettered"</c>, ...).</param>
/// <param name="Tags">The task's tags (empty when it has none).</param>
/// <param name="Attempt">Attempts started so far.</param>
/// <param name="SubmittedAt">When the task was accepted (UTC).</param>
/// <param name="UpdatedAt">When its state last changed (UTC).</param>
public sealed record TaskSummary(
    Guid Id,
    string Type,
    string Status,
    IReadOnlyList<string> Tags,
    int Attempt,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt);
