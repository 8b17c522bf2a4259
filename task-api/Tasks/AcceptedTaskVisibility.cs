namespace Observatory.Gateway.Tasks;

/// <summary>
/// Read-your-writes for fresh submissions: a task id this system minted moments ago (its UUIDv7
/// timestamp says so) that its grain does not know yet is most likely still on its way through the
/// broker, so a read waits briefly for it instead of answering 404 to the client that just got 202.
/// </summary>
public static class AcceptedTaskVisibility
{
    /// <summary>How long a read waits for a just-accepted task to reach its grain.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(2);

    /// <summary>Ids minted within this window count as just accepted.</summary>
    private static readonly TimeSpan RecentWindow = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public static bool IsRecentlyMinted(Guid id, DateTimeOffset now)
    {
        if (id.Version != 7)
        {
            return false;
        }

        // UUIDv7: the first 48 bits (big-endian) are the Unix time in milliseconds.
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        long unixMs = 0;
        for (var i = 0; i < 6; i++)
        {
            unixMs = (unixMs << 8) | bytes[i];
        }

        var age = now - DateTimeOffset.FromUnixTimeMilliseconds(unixMs);
        return age >= -TimeSpan.FromSeconds(1) && age <= RecentWindow;
    }

    /// <summary>Reads again until <paramref name="read"/> finds the task or <see cref="MaxWait"/> passes.</summary>
    public static async Task<T?> WaitForAsync<T>(Func<Task<T?>> read, TimeProvider timeProvider, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var deadline = timeProvider.GetUtcNow() + MaxWait;
        T? found = null;
        while (found is null && timeProvider.GetUtcNow() < deadline)
        {
            await Task.Delay(PollInterval, timeProvider, cancellationToken);
            found = await read();
        }

        return found;
    }
}
