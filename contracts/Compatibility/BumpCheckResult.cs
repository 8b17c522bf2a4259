namespace Observatory.Contracts;

/// <summary>Whether a schema's <c>$version</c> moved far enough for what changed.</summary>
/// <param name="OldVersion">The old <c>$version</c>, null when missing or invalid.</param>
/// <param name="NewVersion">The new <c>$version</c>, null when missing or invalid.</param>
/// <param name="RequiredBump">The smallest bump the changes need.</param>
/// <param name="ActualBump">The bump performed; null when a version is missing or went backwards.</param>
/// <param name="Comparison">The changes found.</param>
/// <param name="Violations">Why the bump is not acceptable; empty when it is.</param>
public sealed record BumpCheckResult(
    SchemaVersion? OldVersion,
    SchemaVersion? NewVersion,
    BumpLevel RequiredBump,
    BumpLevel? ActualBump,
    SchemaComparison Comparison,
    IReadOnlyList<string> Violations)
{
    /// <summary>True when the version bump covers every change.</summary>
    public bool IsOk => Violations.Count == 0;
}
