namespace Observatory.TaskTypes;

/// <summary>
/// One task type the cluster can run: what it does and the JSON Schema (draft 2020-12) its payload must
/// satisfy. The schema travels as text so the gateway can compile it without knowing the handler.
/// </summary>
[GenerateSerializer]
[Alias("observatory.task-type-descriptor.v1")]
public sealed record TaskTypeDescriptor(
    [property: Id(0)] string Type,
    [property: Id(1)] string Description,
    [property: Id(2)] string PayloadSchema);
