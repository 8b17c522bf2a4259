namespace Observatory.EventArchive;

/// <summary>The archive's backend could not be reached or refused the operation; the inner exception says why.</summary>
public sealed class EventArchiveUnavailableException : Exception
{
    public EventArchiveUnavailableException()
    {
    }

    public EventArchiveUnavailableException(string message)
        : base(message)
    {
    }

    public EventArchiveUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
