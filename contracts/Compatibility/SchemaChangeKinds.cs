namespace Observatory.Contracts;

/// <summary>The bump policy, in code: which version component each kind of change requires.</summary>
public static class SchemaChangeKinds
{
    /// <summary>The smallest version bump that may carry a change of this kind.</summary>
    public static BumpLevel RequiredBump(this SchemaChangeKind kind) =>
        kind switch
        {
            SchemaChangeKind.AnnotationChanged => BumpLevel.Patch,
            SchemaChangeKind.AddedOptionalProperty
                or SchemaChangeKind.WidenedEnum
                or SchemaChangeKind.WidenedType
                or SchemaChangeKind.RelaxedRequired
                or SchemaChangeKind.OpenedAdditionalProperties
                or SchemaChangeKind.RelaxedConstraint
                or SchemaChangeKind.AddedConditionalBranch
                or SchemaChangeKind.AddedDefinition
                or SchemaChangeKind.RemovedDefinition => BumpLevel.Minor,
            // Every other kind, including any added later and not listed here, is breaking until proven otherwise.
            _ => BumpLevel.Major,
        };

    /// <summary>True when the change requires a MAJOR bump.</summary>
    public static bool IsBreaking(this SchemaChangeKind kind) => kind.RequiredBump() == BumpLevel.Major;
}
