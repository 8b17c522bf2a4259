using Observatory.Tasks;

namespace Observatory.Grains.Tasks;

/// <summary>Why a running attempt was asked to stop before its handler finished.</summary>
internal enum AttemptStopReason
{
    None = 0,
    Cancelled = 1,

    /// <summary>The grain is deactivating (the silo is shutting down): the task runs again elsewhere.</summary>
    Deactivating = 2,
}

/// <summary>The attempt a grain activation is running right now: its cancellation and its slot.</summary>
internal sealed class RunningAttempt : IDisposable
{
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _linked;
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RunningAttempt(int number, DateTimeOffset startedAt, TimeSpan timeout, TimeProvider timeProvider, TaskSlots.SlotLease slot)
    {
        Number = number;
        StartedAt = startedAt;
        Timeout = timeout;
        Slot = slot;
        _timeout = new CancellationTokenSource(timeout, timeProvider);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(_timeout.Token, _stop.Token);
    }

    public int Number { get; }

    public DateTimeOffset StartedAt { get; }

    public TimeSpan Timeout { get; }

    public TaskSlots.SlotLease Slot { get; }

    public CancellationToken Token => _linked.Token;

    public AttemptStopReason StopReason { get; private set; }

    public bool TimedOut => _timeout.IsCancellationRequested && StopReason == AttemptStopReason.None;

    /// <summary>The handler run; never faults (failures are results).</summary>
    public Task<AttemptResult> Execution { get; set; } = null!;

    /// <summary>Completes once the attempt's outcome is persisted (or it was handed back for another run).</summary>
    public Task Finished => _finished.Task;

    public void Stop(AttemptStopReason reason)
    {
        if (StopReason == AttemptStopReason.None)
        {
            StopReason = reason;
        }

        _stop.Cancel();
    }

    public TaskAttemptOutcome StoppedOutcome => StopReason switch
    {
        AttemptStopReason.Cancelled => TaskAttemptOutcome.Cancelled,
        AttemptStopReason.Deactivating => TaskAttemptOutcome.Interrupted,
        _ => TaskAttemptOutcome.TimedOut,
    };

    public void MarkFinished() => _finished.TrySetResult();

    public void Dispose()
    {
        Slot.Dispose();
        _linked.Dispose();
        _stop.Dispose();
        _timeout.Dispose();
        _finished.TrySetResult();
    }
}
