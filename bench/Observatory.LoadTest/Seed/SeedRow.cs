namespace Observatory.LoadTest.Seed;

/// <summary>One seeded task: the read-model column values and the grain-state JSON they were derived from.</summary>
internal sealed record SeedRow(
    Guid Id,
    string Type,
    string Status,
    string[] Tags,
    int Attempt,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DueAt,
    byte[] Payload);
