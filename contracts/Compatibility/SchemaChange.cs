namespace Observatory.Contracts;

/// <summary>One difference between two versions of a schema.</summary>
/// <param name="Kind">What kind of change.</param>
/// <param name="Path">JSON Pointer into the schema document where it happened, e.g. <c>/properties/tags/items</c>.</param>
/// <param name="Description">Human-readable detail, e.g. <c>enum values removed: "failed"</c>.</param>
public sealed record SchemaChange(SchemaChangeKind Kind, string Path, string Description)
{
    /// <summary>True when the change requires a MAJOR bump.</summary>
    public bool IsBreaking => Kind.IsBreaking();

    public override string ToString() => $"{Kind} at {(Path.Length == 0 ? "(root)" : Path)}: {Description}";
}
