namespace Observatory.LoadTest.Cli;

/// <summary>A command line the program cannot run; the message is shown above the usage text.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException()
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
