namespace Observatory.Grains.Handlers;

/// <summary>TEMPORARY placeholder until the task-types branch lands.</summary>
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
