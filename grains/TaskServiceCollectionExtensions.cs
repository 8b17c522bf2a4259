using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Observatory.Grains.Events;
using Observatory.Grains.Handlers;
using Observatory.Grains.Tasks;

namespace Observatory.Grains;

/// <summary>Registers what task grains need: the handler registry, the built-in handlers, the slot limit and the event feed.</summary>
public static class TaskServiceCollectionExtensions
{
    public static IServiceCollection AddObservatoryTasks(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton<TimeProvider>(TaskClock.Key, static (sp, _) => sp.GetRequiredService<TimeProvider>());
        services.AddOptions<TaskExecutionOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<TaskHandlerRegistry>();
        services.TryAddSingleton<TaskSlots>();
        services.TryAddSingleton<CpuWorkers>();
        services.TryAddSingleton<TaskEventFeed>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITaskHandler, NoopTaskHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITaskHandler, SleepTaskHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITaskHandler, SimulateTaskHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITaskHandler, CpuTaskHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITaskHandler, FailTaskHandler>());
        return services;
    }
}
