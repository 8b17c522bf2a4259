namespace Observatory.Tasks;

/// <summary>Names shared by every producer and consumer of task streams.</summary>
public static class TaskStreams
{
    /// <summary>The Orleans stream provider that carries task events over RabbitMQ.</summary>
    public const string ProviderName = "tasks";

    /// <summary>The stream namespace; the stream key is the task id, so each task has its own stream.</summary>
    public const string Namespace = "task";

    public static StreamId For(Guid taskId) => StreamId.Create(Namespace, taskId);
}
