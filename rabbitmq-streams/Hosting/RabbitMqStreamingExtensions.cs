using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Observatory.Streaming.RabbitMq;
using Orleans.Streams;

namespace Orleans.Hosting;

/// <summary>Registers a RabbitMQ persistent stream provider on silos and clients.</summary>
public static class RabbitMqStreamingExtensions
{
    /// <summary>
    /// Adds a RabbitMQ stream provider named <paramref name="name"/> to a silo: it publishes and, through
    /// pulling agents balanced over the cluster, consumes the provider's queues.
    /// </summary>
    public static ISiloBuilder AddRabbitMqStreams(this ISiloBuilder builder, string name, Action<OptionsBuilder<RabbitMqStreamOptions>> configureOptions, Action<ISiloPersistentStreamConfigurator>? configureStream = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configureOptions);
        AddOptions(builder.Services, name, configureOptions);
        builder.Services.TryAddSingleton<RabbitMqStreamHealthCheck>();
        builder.AddPersistentStreams(name, RabbitMqQueueAdapterFactory.Create, stream =>
        {
            stream.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
            configureStream?.Invoke(stream);
        });
        return builder;
    }

    /// <summary>Adds a RabbitMQ stream provider named <paramref name="name"/> to a client, for producing.</summary>
    public static IClientBuilder AddRabbitMqStreams(this IClientBuilder builder, string name, Action<OptionsBuilder<RabbitMqStreamOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configureOptions);
        AddOptions(builder.Services, name, configureOptions);
        builder.AddPersistentStreams(name, RabbitMqQueueAdapterFactory.Create, stream => stream.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly));
        return builder;
    }

    private static void AddOptions(IServiceCollection services, string name, Action<OptionsBuilder<RabbitMqStreamOptions>> configureOptions)
    {
        var options = services.AddOptions<RabbitMqStreamOptions>(name);
        configureOptions(options);
        options.ValidateOnStart();
        services.AddSingleton<IValidateOptions<RabbitMqStreamOptions>, RabbitMqStreamOptionsValidator>();
    }
}
