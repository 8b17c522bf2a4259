using Observatory.Grains.Handlers;
using Observatory.TaskTypes;
using Orleans.Concurrency;

namespace Observatory.Grains.TaskTypes;

/// <summary>
/// Answers from the local silo's <see cref="TaskHandlerRegistry"/>. A stateless worker, so the gateway's
/// calls are served by whichever silo is nearest, with no single activation to become a hot spot.
/// </summary>
[StatelessWorker]
public sealed class TaskTypeCatalogGrain : Grain, ITaskTypeCatalogGrain
{
    private readonly TaskHandlerRegistry _registry;

    public TaskTypeCatalogGrain(TaskHandlerRegistry registry)
    {
        _registry = registry;
    }

    public Task<IReadOnlyList<TaskTypeDescriptor>> GetTaskTypesAsync() => Task.FromResult(_registry.Describe());
}
