namespace Observatory.TaskTypes;

/// <summary>
/// The task types the silos run, for callers outside the silo (the gateway) that validate submissions
/// before accepting them. Stateless: every activation answers from its own silo's handler registry.
/// </summary>
[Alias("observatory.task-type-catalog-grain")]
public interface ITaskTypeCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>The key callers use; the grain keeps no per-key state, so one key is all it needs.</summary>
    const long Key = 0;

    /// <summary>Every registered task type, sorted by <see cref="TaskTypeDescriptor.Type"/>.</summary>
    [Alias("get-task-types")]
    Task<IReadOnlyList<TaskTypeDescriptor>> GetTaskTypesAsync();
}
