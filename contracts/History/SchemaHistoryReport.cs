namespace Observatory.Contracts;

/// <summary>One consecutive pair of revisions of a schema file and its bump check.</summary>
public sealed record SchemaHistoryStep(string File, string FromRevision, string ToRevision, BumpCheckResult Result);

/// <summary>A broken rule in a schema file's history.</summary>
public sealed record SchemaHistoryViolation(string File, string FromRevision, string ToRevision, string Message)
{
    public override string ToString() => $"{File} {Short(FromRevision)} -> {Short(ToRevision)}: {Message}";

    private static string Short(string revision) => revision.Length == 40 ? revision[..12] : revision;
}

/// <summary>Outcome of checking every schema file's history.</summary>
/// <param name="Files">Repository-relative paths of every schema file that exists now or ever did.</param>
/// <param name="Steps">Every consecutive revision pair that was compared.</param>
/// <param name="Violations">Everything that breaks the bump policy; empty when the history is clean.</param>
public sealed record SchemaHistoryReport(
    IReadOnlyList<string> Files,
    IReadOnlyList<SchemaHistoryStep> Steps,
    IReadOnlyList<SchemaHistoryViolation> Violations)
{
    public bool IsOk => Violations.Count == 0;
}
