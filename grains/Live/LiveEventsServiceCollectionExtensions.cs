using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Observatory.Grains.Live;

/// <summary>Registers the silo's side of the live task event fan-out.</summary>
public static class LiveEventsServiceCollectionExtensions
{
    public static IServiceCollection AddTaskEventForwarding(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<TaskEventForwarderOptions>().BindConfiguration(TaskEventForwarderOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<TaskEventForwarder>();
        return services;
    }
}
