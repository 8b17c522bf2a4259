namespace Observatory.LoadTest.Completion;

/// <summary>
/// A task's persisted state as last read. For a succeeded task <paramref name="UpdatedAt"/> is when
/// the success was persisted (read model) or its completedAt (HTTP fallback).
/// </summary>
internal sealed record TaskOutcome(string Status, DateTimeOffset SubmittedAt, DateTimeOffset UpdatedAt)
{
    public const string Succeeded = "succeeded";

    private static readonly HashSet<string> TerminalStatuses = new(StringComparer.Ordinal) { "succeeded", "failed", "dead-lettered", "cancelled" };

    public bool IsTerminal => TerminalStatuses.Contains(Status);

    public bool IsSucceeded => Status == Succeeded;
}
