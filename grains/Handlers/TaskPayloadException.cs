namespace Observatory.Grains.Handlers;

/// <summary>A task's payload does not fit its handler; retrying the same payload cannot help.</summary>
public sealed class TaskPayloadException : PermanentTaskFailureException
{
    public TaskPayloadException()
    {
    }

    public TaskPayloadException(string message)
        : base(message)
    {
    }

    public TaskPayloadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
