using Microsoft.Extensions.Options;

namespace Observatory.Grains.Tasks;

/// <summary>
/// The per-silo limit on running attempts. A task that cannot get a slot waits (queued) rather
/// than piling onto an overloaded silo: backpressure reaches the stream, whose cache then stops
/// pulling from RabbitMQ.
/// </summary>
public sealed class TaskSlots : IDisposable
{
    private readonly SemaphoreSlim _slots;

    public TaskSlots(IOptions<TaskExecutionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Capacity = options.Value.MaxConcurrentAttempts;
        _slots = new SemaphoreSlim(Capacity, Capacity);
    }

    public int Capacity { get; }

    public int Available => _slots.CurrentCount;

    /// <summary>Takes a slot, waiting at most <paramref name="wait"/>; the returned lease gives it back.</summary>
    public async Task<SlotLease?> TryAcquireAsync(TimeSpan wait)
    {
        return await _slots.WaitAsync(wait) ? new SlotLease(_slots) : null;
    }

    public void Dispose() => _slots.Dispose();

    /// <summary>A held slot; disposing it frees the slot once.</summary>
    public sealed class SlotLease : IDisposable
    {
        private SemaphoreSlim? _slots;

        internal SlotLease(SemaphoreSlim slots) => _slots = slots;

        public void Dispose() => Interlocked.Exchange(ref _slots, null)?.Release();
    }
}
