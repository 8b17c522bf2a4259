namespace Observatory.Contracts;

/// <summary>What changed between two versions of a schema. <see cref="SchemaChangeKinds.RequiredBump"/> says how much it costs.</summary>
public enum SchemaChangeKind
{
    // Breaking (MAJOR) ----------------------------------------------------------------------------

    /// <summary>A declared property disappeared; consumers relying on it lose it.</summary>
    RemovedProperty,

    /// <summary>Allowed values shrank: enum values removed, a const changed, or an enum/const appeared.</summary>
    NarrowedEnum,

    /// <summary>The type set no longer covers a type it used to allow, or a type constraint appeared.</summary>
    ChangedType,

    /// <summary>A property became required (new, or previously optional).</summary>
    NewRequiredProperty,

    /// <summary><c>additionalProperties</c> went from open (absent, <c>true</c>, or a schema) to <c>false</c>.</summary>
    ClosedAdditionalProperties,

    /// <summary>A validation constraint tightened: lower max, higher min, new pattern/format, new branch that applies to old instances.</summary>
    TightenedConstraint,

    /// <summary>An <c>allOf</c> branch (e.g. one event type's <c>if/then</c> data shape) disappeared.</summary>
    RemovedBranch,

    /// <summary>An <c>if</c> condition changed, appeared or disappeared on a subschema.</summary>
    ChangedCondition,

    /// <summary>A <c>$ref</c> changed to a target the checker cannot compare (external or anchor).</summary>
    ChangedReference,

    /// <summary><c>$id</c>, <c>$schema</c> or an anchor changed: references to the schema break.</summary>
    ChangedIdentity,

    /// <summary>A keyword the checker does not model changed; treated as breaking to be safe.</summary>
    UnclassifiedChange,

    // Backward-compatible (MINOR) ----------------------------------------------------------------

    /// <summary>A new property that is not required.</summary>
    AddedOptionalProperty,

    /// <summary>Enum values were added, or an enum/const restriction was removed.</summary>
    WidenedEnum,

    /// <summary>The type set grew, or the type constraint was removed.</summary>
    WidenedType,

    /// <summary>A required property became optional.</summary>
    RelaxedRequired,

    /// <summary><c>additionalProperties</c> went from <c>false</c> (or a schema) to open.</summary>
    OpenedAdditionalProperties,

    /// <summary>A validation constraint loosened: higher max, lower min, pattern/format removed.</summary>
    RelaxedConstraint,

    /// <summary>An <c>allOf</c> <c>if/then</c> branch was added whose condition only matches values the old schema rejected (e.g. a new event type).</summary>
    AddedConditionalBranch,

    /// <summary>A new <c>$defs</c> entry.</summary>
    AddedDefinition,

    /// <summary>A <c>$defs</c> entry removed; any reference that moved away from it is judged at the reference.</summary>
    RemovedDefinition,

    // Documentation (PATCH) ------------------------------------------------------------------------

    /// <summary>Only an annotation changed: title, description, examples, default, $comment.</summary>
    AnnotationChanged,
}
