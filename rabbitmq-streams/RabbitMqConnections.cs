using RabbitMQ.Client;

namespace Observatory.Streaming.RabbitMq;

/// <summary>Connection settings shared by publishers and receivers.</summary>
internal static class RabbitMqConnections
{
    public static ConnectionFactory CreateFactory(RabbitMqStreamOptions options, string clientName) => new()
    {
        Uri = options.ConnectionUri!,
        ClientProvidedName = clientName,
        // We reconnect ourselves: it keeps delivery tags tied to a known channel generation and
        // lets a publish fail fast instead of waiting on a recovery loop.
        AutomaticRecoveryEnabled = false,
        TopologyRecoveryEnabled = false,
        RequestedConnectionTimeout = options.PublishTimeout,
        RequestedHeartbeat = TimeSpan.FromSeconds(15),
    };

    public static async Task CloseQuietlyAsync(IChannel? channel, IConnection? connection)
    {
        if (channel is not null)
        {
            try
            {
                await channel.CloseAsync();
            }
            catch (Exception)
            {
                // Closing a channel on a dead connection throws; it is gone either way.
            }

            channel.Dispose();
        }

        if (connection is not null)
        {
            try
            {
                await connection.CloseAsync(TimeSpan.FromSeconds(2));
            }
            catch (Exception)
            {
                // Same as above: the connection is already closed or unreachable.
            }

            connection.Dispose();
        }
    }
}
