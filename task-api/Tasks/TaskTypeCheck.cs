namespace Observatory.Gateway.Tasks;

/// <summary>What <see cref="TaskTypeCatalog.CheckAsync"/> found.</summary>
public enum TaskTypeCheckOutcome
{
    /// <summary>The type is known and the payload fits its schema.</summary>
    Valid,

    /// <summary>No silo runs this type; <see cref="TaskTypeCheck.KnownTypes"/> lists those that do.</summary>
    UnknownType,

    /// <summary>The payload breaks the type's schema; <see cref="TaskTypeCheck.Errors"/> says where and why.</summary>
    InvalidPayload,
}

/// <summary>The verdict on a submission's type and payload, before it is accepted.</summary>
public sealed record TaskTypeCheck
{
    private TaskTypeCheck(TaskTypeCheckOutcome outcome, IReadOnlyList<string> knownTypes, IReadOnlyDictionary<string, string[]> errors)
    {
        Outcome = outcome;
        KnownTypes = knownTypes;
        Errors = errors;
    }

    /// <summary>The shared verdict for an acceptable submission.</summary>
    public static TaskTypeCheck Valid { get; } = new(TaskTypeCheckOutcome.Valid, [], new Dictionary<string, string[]>());

    public TaskTypeCheckOutcome Outcome { get; }

    public bool IsValid => Outcome == TaskTypeCheckOutcome.Valid;

    /// <summary>The types the cluster runs, sorted; filled only for <see cref="TaskTypeCheckOutcome.UnknownType"/>.</summary>
    public IReadOnlyList<string> KnownTypes { get; }

    /// <summary>
    /// Messages keyed by JSON Pointer into the submission (<c>/payload/durationMs</c>), the shape of a validation
    /// problem's <c>errors</c>; empty unless <see cref="TaskTypeCheckOutcome.InvalidPayload"/>.
    /// </summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    public static TaskTypeCheck UnknownType(IReadOnlyList<string> knownTypes) =>
        new(TaskTypeCheckOutcome.UnknownType, knownTypes, new Dictionary<string, string[]>());

    public static TaskTypeCheck InvalidPayload(IReadOnlyDictionary<string, string[]> errors) =>
        new(TaskTypeCheckOutcome.InvalidPayload, [], errors);
}
