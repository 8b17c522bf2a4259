namespace Observatory.Grains.Handlers;

/// <summary>
/// A failure the <c>simulate</c> and <c>fail</c> task types raise on purpose. Deliberately not a
/// <see cref="PermanentTaskFailureException"/>: these types exist to exercise the retry path.
/// </summary>
public sealed class SimulatedTaskFailureException : Exception
{
    public SimulatedTaskFailureException()
    {
    }

    public SimulatedTaskFailureException(string message)
        : base(message)
    {
    }

    public SimulatedTaskFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
