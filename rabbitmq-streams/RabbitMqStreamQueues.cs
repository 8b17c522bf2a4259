using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace Observatory.Streaming.RabbitMq;

/// <summary>Asks every active silo which of a provider's queues it reads.</summary>
public static class RabbitMqStreamQueues
{
    /// <summary>The provider command the adapter factory answers with its silo's <see cref="StreamQueueOwnership"/>.</summary>
    public const int OwnershipCommand = (int)PersistentStreamProviderCommand.AdapterFactoryCommandStartRange + 1;

    /// <summary>The queues a provider with <paramref name="options"/> spreads its streams over, in order.</summary>
    public static IReadOnlyList<string> QueueNames(RabbitMqStreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return [.. Mapper(options).GetAllQueues().Select(q => q.ToString())];
    }

    internal static HashRingBasedStreamQueueMapper Mapper(RabbitMqStreamOptions options) =>
        new(new HashRingStreamQueueMapperOptions { TotalQueueCount = options.QueueCount }, options.QueueNamePrefix);

    public static async Task<IReadOnlyList<StreamQueueOwnership>> GetOwnershipAsync(IManagementGrain management, string providerName)
    {
        ArgumentNullException.ThrowIfNull(management);
        var answers = await management.SendControlCommandToProvider<PersistentStreamProvider>(providerName, OwnershipCommand, null);
        return [.. answers.OfType<StreamQueueOwnership>()];
    }
}
