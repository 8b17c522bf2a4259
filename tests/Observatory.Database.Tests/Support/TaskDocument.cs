namespace Observatory.Database.Tests.Support;

/// <summary>
/// The persisted task state as issue 4 defines its JSON (camelCase, via <see cref="CamelCaseJsonStorageSerializer"/>):
/// the fields the read model reads plus a few it must ignore.
/// </summary>
public sealed class TaskDocument
{
    public Guid Id { get; set; }

    public string Type { get; set; } = "noop";

    public string Status { get; set; } = "queued";

    public string PayloadJson { get; set; } = "{}";

    public List<string> Tags { get; set; } = [];

    public DateTimeOffset SubmittedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public int Attempt { get; set; }

    public int MaxAttempts { get; set; } = 3;

    public DateTimeOffset? DueAt { get; set; }

    public string? SiloAddress { get; set; }

    public string? Silo { get; set; }

    public List<string> Timeline { get; set; } = [];

    /// <summary>A queued task submitted now with a fresh UUIDv7 id.</summary>
    public static TaskDocument Queued(string type = "noop", params string[] tags)
    {
        var now = DateTimeOffset.UtcNow;
        return new TaskDocument { Id = Guid.CreateVersion7(now), Type = type, Tags = [.. tags], SubmittedAt = now, UpdatedAt = now, DueAt = now };
    }
}
