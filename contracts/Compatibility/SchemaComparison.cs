namespace Observatory.Contracts;

/// <summary>Every change between two versions of a schema.</summary>
public sealed record SchemaComparison
{
    public SchemaComparison(IReadOnlyList<SchemaChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        Changes = changes;
    }

    public IReadOnlyList<SchemaChange> Changes { get; }

    public IReadOnlyList<SchemaChange> Breaking => [.. Changes.Where(c => c.IsBreaking)];

    public IReadOnlyList<SchemaChange> NonBreaking => [.. Changes.Where(c => !c.IsBreaking)];

    public bool HasBreakingChanges => Changes.Any(c => c.IsBreaking);

    /// <summary>The smallest bump that covers every change; <see cref="BumpLevel.None"/> for identical contracts.</summary>
    public BumpLevel RequiredBump => Changes.Count == 0 ? BumpLevel.None : Changes.Max(c => c.Kind.RequiredBump());
}
