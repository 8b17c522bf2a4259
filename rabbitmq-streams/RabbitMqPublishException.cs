namespace Observatory.Streaming.RabbitMq;

/// <summary>The broker did not confirm a message: it must be treated as not sent.</summary>
public sealed class RabbitMqPublishException : Exception
{
    public RabbitMqPublishException()
    {
    }

    public RabbitMqPublishException(string message)
        : base(message)
    {
    }

    public RabbitMqPublishException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
