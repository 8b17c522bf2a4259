namespace Observatory.Grains.Handlers;

/// <summary>
/// A handler's way to say "retrying cannot help": the attempt fails and the task is not tried again.
/// Any other exception from a handler counts as transient and the task is retried while attempts remain.
/// </summary>
public class PermanentTaskFailureException : Exception
{
    public PermanentTaskFailureException()
    {
    }

    public PermanentTaskFailureException(string message)
        : base(message)
    {
    }

    public PermanentTaskFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
