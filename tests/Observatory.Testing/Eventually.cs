namespace Observatory.Testing;

/// <summary>
/// Waits for something that happens asynchronously in another component (a stream delivery, a
/// process start) with a hard deadline, checking often, and fails with what it was waiting for.
/// </summary>
public static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> isDone, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(isDone);
        var deadline = DateTime.UtcNow + timeout;
        var last = default(T);
        while (DateTime.UtcNow < deadline)
        {
            last = await probe();
            if (isDone(last))
            {
                return last;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what}; last value: {last?.ToString() ?? "null"}");
    }
}
