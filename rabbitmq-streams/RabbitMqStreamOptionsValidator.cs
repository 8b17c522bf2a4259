using Microsoft.Extensions.Options;

namespace Observatory.Streaming.RabbitMq;

/// <summary>Refuses settings that would fail later, at start-up, with a message naming the setting.</summary>
public sealed class RabbitMqStreamOptionsValidator : IValidateOptions<RabbitMqStreamOptions>
{
    public ValidateOptionsResult Validate(string? name, RabbitMqStreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.ConnectionUri is null)
        {
            failures.Add($"{nameof(options.ConnectionUri)} is required.");
        }
        else if (options.ConnectionUri.Scheme is not ("amqp" or "amqps"))
        {
            failures.Add($"{nameof(options.ConnectionUri)} must be an amqp:// or amqps:// URI.");
        }

        if (string.IsNullOrWhiteSpace(options.QueueNamePrefix) || options.QueueNamePrefix.Length > 200)
        {
            failures.Add($"{nameof(options.QueueNamePrefix)} must be 1 to 200 characters.");
        }

        if (options.QueueCount is < 1 or > 1024)
        {
            failures.Add($"{nameof(options.QueueCount)} must be between 1 and 1024.");
        }

        if (options.CacheSize < 1)
        {
            failures.Add($"{nameof(options.CacheSize)} must be positive.");
        }

        if (options.PrefetchCount == 0)
        {
            failures.Add($"{nameof(options.PrefetchCount)} must be positive: 0 would let the broker push without bound.");
        }

        if (options.MaxDeliveryAttempts is < 1 or > 100)
        {
            failures.Add($"{nameof(options.MaxDeliveryAttempts)} must be between 1 and 100.");
        }

        if (options.MaxInFlightPublishes < 1)
        {
            failures.Add($"{nameof(options.MaxInFlightPublishes)} must be positive.");
        }

        if (options.QueueMetricsInterval <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(options.QueueMetricsInterval)} must be positive.");
        }

        if (options.PublishTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(options.PublishTimeout)} must be positive.");
        }

        if (options.MinReconnectDelay <= TimeSpan.Zero || options.MaxReconnectDelay < options.MinReconnectDelay)
        {
            failures.Add($"{nameof(options.MinReconnectDelay)} must be positive and not above {nameof(options.MaxReconnectDelay)}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
