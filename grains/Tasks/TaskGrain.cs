using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Observatory.Grains.Events;
using Observatory.Grains.Handlers;
using Observatory.Tasks;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Observatory.Grains.Tasks;

/// <summary>
/// One task. Its own stream (namespace <see cref="TaskStreams.Namespace"/>, key = task id) creates it
/// through an implicit subscription; from then on the grain owns the task's lifecycle: it runs
/// attempts under the silo's slot limit, retries with back-off, waits for scheduled times, obeys
/// cancel and retry commands, and persists every state before it is reported anywhere.
/// </summary>
/// <remarks>
/// The stream event is acknowledged as soon as the task's state is durable, not when the task
/// ends, so a task may run for hours without holding a RabbitMQ delivery. What keeps it alive from
/// then on is its persisted state: <see cref="TaskGrainState.DueAt"/> and
/// <see cref="TaskGrainState.SiloAddress"/> let the due-task poller of any silo wake it after a crash.
/// </remarks>
[ImplicitStreamSubscription(TaskStreams.Namespace)]

// An idle task is collected after two minutes (just above Orleans' collection quantum) instead of
// the default 15: at a thousand tasks a second the default keeps most of a million finished
// activations in memory. What a task still has to do later is in its persisted state, and the
// due-task poller wakes it.
[CollectionAgeLimit(Minutes = 2)]
public sealed partial class TaskGrain : Grain, ITaskGrain, IStreamSubscriptionObserver, IAsyncObserver<TaskEventEnvelope>, IDisposable
{
    private static readonly string Version =
        typeof(TaskGrain).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    private static readonly TimeSpan WriteRetryDelay = TimeSpan.FromSeconds(1);
    private const int MaxOutcomeWriteTries = 30;

    /// <summary>Wake-ups further ahead than this are left to the due-task poller.</summary>
    private static readonly TimeSpan MaxInMemoryWake = TimeSpan.FromMinutes(15);

    private readonly IPersistentState<TaskGrainState> _state;
    private readonly TaskHandlerRegistry _handlers;
    private readonly TimeProvider _timeProvider;
    private readonly TaskExecutionOptions _options;
    private readonly TaskSlots _slots;
    private readonly TaskEventFeed _feed;
    private readonly string _siloName;
    private readonly string _siloAddress;
    private readonly EventProducer _producer;
    private readonly ILogger<TaskGrain> _logger;

    // Serialises state changes: besides requests, an attempt's completion and wake-ups run as
    // background turns that may interleave with a request awaiting I/O.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private RunningAttempt? _running;
    private CancellationTokenSource? _wake;

    public TaskGrain(
        [PersistentState("task", TaskStorage.Name)] IPersistentState<TaskGrainState> state,
        TaskHandlerRegistry handlers,
        [FromKeyedServices(TaskClock.Key)] TimeProvider timeProvider,
        IOptions<TaskExecutionOptions> options,
        TaskSlots slots,
        TaskEventFeed feed,
        ILocalSiloDetails siloDetails,
        ILogger<TaskGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(siloDetails);
        _state = state;
        _handlers = handlers;
        _timeProvider = timeProvider;
        _options = options.Value;
        _slots = slots;
        _feed = feed;
        _siloName = siloDetails.Name;
        _siloAddress = siloDetails.SiloAddress.ToParsableString();
        _producer = new EventProducer("silo", _siloAddress, Version);
        _logger = logger;
    }

    private Guid TaskId => this.GetPrimaryKey();

    private TaskGrainState State => _state.State;

    private DateTimeOffset Now => _timeProvider.GetUtcNow();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A task that needs attention later gets its in-memory wake-up as soon as anything touches
        // it; one that is "running" without an attempt here lost its silo and is recovered now.
        if (_state.RecordExists)
        {
            if (State.Status == TaskState.Running)
            {
                WakeAfter(TimeSpan.Zero);
            }
            else if (State.DueAt is { } due)
            {
                WakeAfter(due - Now);
            }
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        CancelWake();
        if (_running is not { } attempt)
        {
            return;
        }

        // The silo is going away (or the grain is being moved): stop the attempt and hand the task
        // back as queued, without charging an attempt, so another silo picks it up at once.
        attempt.Stop(AttemptStopReason.Deactivating);
        await Task.WhenAny(attempt.Execution, Task.Delay(_options.CancelWait, CancellationToken.None));
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            if (_running != attempt)
            {
                return;
            }

            var now = Now;
            var error = new TaskError("Interrupted", $"Silo {_siloName} stopped while attempt {attempt.Number} ran; the task is queued again.");
            State.EndAttempt(now, TaskAttemptOutcome.Interrupted, error);
            var events = new List<TaskEventEnvelope>();
            if (State.CancelRequested)
            {
                MarkCancelled(now, events);
            }
            else
            {
                State.Status = TaskState.Queued;
                State.DueAt = now;
                State.SiloAddress = null;
                State.UpdatedAt = now;
            }

            await _state.WriteStateAsync(CancellationToken.None);
            Publish(events);
            LogHandedBack(_logger, TaskId, attempt.Number, reason.ReasonCode);
        }
        finally
        {
            _running = null;
            attempt.Dispose();
            _gate.Release();
        }
    }

    public Task<TaskSnapshot?> GetAsync() =>
        Task.FromResult(_state.RecordExists ? State.ToSnapshot() : null);

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        ArgumentNullException.ThrowIfNull(handleFactory);
        return handleFactory.Create<TaskEventEnvelope>().ResumeAsync(this);
    }

    public async Task OnNextAsync(TaskEventEnvelope item, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.TaskId != TaskId)
        {
            LogForeignEvent(_logger, item.EventId, item.TaskId, TaskId);
            return;
        }

        if (item.EventType != TaskEventTypes.Submitted)
        {
            LogIgnoredEvent(_logger, item.EventType, TaskId);
            return;
        }

        await _gate.WaitAsync();
        try
        {
            await OnSubmittedLockedAsync(item);
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    public async Task<TaskCommandResult> CancelAsync(string? reason)
    {
        if (!_state.RecordExists)
        {
            return TaskCommandResult.NotFound;
        }

        RunningAttempt? stopping = null;
        await _gate.WaitAsync();
        try
        {
            if (State.Status.IsTerminal())
            {
                return TaskCommandResult.Conflict(State.ToSnapshot(), $"The task is {State.Status.ToContractName()}; only queued, scheduled, retrying and running tasks can be cancelled.");
            }

            var now = Now;
            if (_running is { } attempt)
            {
                // Persisted first: if this silo dies before the handler stops, recovery cancels instead of re-running.
                State.CancelRequested = true;
                State.CancelReason = reason;
                State.UpdatedAt = now;
                await PersistAsync();
                attempt.Stop(AttemptStopReason.Cancelled);
                stopping = attempt;
            }
            else
            {
                State.CancelReason = reason;
                if (State.Status == TaskState.Running)
                {
                    State.EndAttempt(now, TaskAttemptOutcome.Interrupted, new TaskError("Interrupted", "The silo running the attempt is gone."));
                }

                var events = new List<TaskEventEnvelope>();
                MarkCancelled(now, events);
                CancelWake();
                await PersistAsync();
                Publish(events);
            }
        }
        finally
        {
            _gate.Release();
        }

        if (stopping is not null)
        {
            await Task.WhenAny(stopping.Finished, Task.Delay(_options.CancelWait));
        }

        return TaskCommandResult.Done(State.ToSnapshot());
    }

    public async Task<TaskCommandResult> RetryAsync()
    {
        if (!_state.RecordExists)
        {
            return TaskCommandResult.NotFound;
        }

        await _gate.WaitAsync();
        try
        {
            if (State.Status is not (TaskState.Failed or TaskState.DeadLettered or TaskState.Cancelled))
            {
                return TaskCommandResult.Conflict(State.ToSnapshot(), $"The task is {State.Status.ToContractName()}; only failed, dead-lettered and cancelled tasks can be retried.");
            }

            var now = Now;
            State.FailedAttempts = 0;
            State.CancelRequested = false;
            State.CancelReason = null;
            State.CompletedAt = null;
            State.Status = TaskState.Queued;
            State.DueAt = now;
            State.ReadyAt = now;
            State.UpdatedAt = now;
            var events = new List<TaskEventEnvelope> { Record(TaskEventTypes.RetryScheduled, now, TaskEventData.RetryScheduled(now), "Retry requested") };
            await TryStartLockedAsync(TimeSpan.Zero, events);
            return TaskCommandResult.Done(State.ToSnapshot());
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task WakeAsync()
    {
        if (!_state.RecordExists)
        {
            return;
        }

        await _gate.WaitAsync();
        try
        {
            await WakeLockedAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task WakeLockedAsync()
    {
        var events = new List<TaskEventEnvelope>();
        if (State.Status == TaskState.Running)
        {
            if (_running is not null)
            {
                return;
            }

            RecordInterruption(events);
            if (State.Status.IsTerminal())
            {
                await PersistAsync();
                Publish(events);
            }
            else
            {
                await TryStartLockedAsync(TimeSpan.Zero, events);
            }

            return;
        }

        switch (State.Status)
        {
            case TaskState.Queued:
                await TryStartLockedAsync(TimeSpan.Zero, events);
                break;
            case TaskState.Scheduled or TaskState.Retrying when State.DueAt is { } due:
                if (due <= Now)
                {
                    await TryStartLockedAsync(TimeSpan.Zero, events);
                }
                else
                {
                    WakeAfter(due - Now);
                }

                break;
        }
    }

    private async Task OnSubmittedLockedAsync(TaskEventEnvelope submitted)
    {
        if (_state.RecordExists)
        {
            if (State.SubmittedEventId != submitted.EventId)
            {
                LogConflictingSubmission(_logger, TaskId, submitted.EventId, State.SubmittedEventId);
            }
            else if (State.Status.IsTerminal() || _running is not null)
            {
                // A redelivery of a task that finished or is running here: it must not run again.
                LogDuplicateDelivery(_logger, TaskId, State.Status);
            }
            else
            {
                LogResuming(_logger, TaskId, State.Status, State.Attempt);
                await WakeLockedAsync();
            }

            return;
        }

        var events = new List<TaskEventEnvelope>();
        Accept(submitted, events);
        if (State.Status == TaskState.Scheduled)
        {
            await PersistAsync();
            Publish(events);
            WakeAfter(State.DueAt!.Value - Now);
            return;
        }

        await TryStartLockedAsync(_options.SlotWait, events);
    }

    private void Accept(TaskEventEnvelope submitted, List<TaskEventEnvelope> events)
    {
        var submission = submitted.ReadSubmission();
        var now = Now;
        var state = State;
        state.Id = TaskId;
        state.SubmittedEventId = submitted.EventId;
        state.Type = submitted.TaskType;
        state.SubmittedAt = submitted.OccurredAt;
        state.UpdatedAt = now;
        state.CorrelationId = submitted.CorrelationId;
        state.IdempotencyKey = submitted.IdempotencyKey;
        state.PayloadJson = submission.Payload.GetRawText();
        state.Tags = [.. submission.Tags];
        state.MaxAttempts = Math.Clamp(submission.MaxAttempts ?? _options.DefaultMaxAttempts, 1, 20);
        state.TimeoutSeconds = submission.TimeoutSeconds;
        state.RunAt = submission.RunAt;
        state.AddTimelineEntry(new TaskTimelineEntry(submitted.EventId, TaskEventTypes.Submitted, submitted.OccurredAt, 0, null));
        events.Add(submitted);
        if (submission.RunAt is { } runAt && runAt > now)
        {
            state.Status = TaskState.Scheduled;
            state.DueAt = runAt;
            state.ReadyAt = runAt;
            events.Add(Record(TaskEventTypes.Scheduled, now, TaskEventData.Scheduled(runAt), null));
        }
        else
        {
            state.Status = TaskState.Queued;
            state.DueAt = now;
            state.ReadyAt = submitted.OccurredAt;
        }
    }

    /// <summary>Starts an attempt if a slot frees up within <paramref name="slotWait"/>, else parks the task as queued.</summary>
    private async Task TryStartLockedAsync(TimeSpan slotWait, List<TaskEventEnvelope> events)
    {
        var slot = await _slots.TryAcquireAsync(slotWait);
        if (slot is null)
        {
            var now = Now;
            State.Status = TaskState.Queued;
            State.DueAt = now;
            State.UpdatedAt = now;
            await PersistAsync();
            Publish(events);
            LogNoSlot(_logger, TaskId, _slots.Capacity);
            return;
        }

        await StartAttemptLockedAsync(slot, events);
    }

    private async Task StartAttemptLockedAsync(TaskSlots.SlotLease slot, List<TaskEventEnvelope> events)
    {
        CancelWake();
        var state = State;
        var now = Now;
        state.Attempt++;
        state.Status = TaskState.Running;
        state.StartedAt ??= now;
        state.CompletedAt = null;
        state.DueAt = null;
        state.Silo = _siloName;
        state.SiloAddress = _siloAddress;
        state.Error = null;
        state.ResultJson = null;
        state.UpdatedAt = now;
        state.AddAttempt(new TaskAttemptRecord { Attempt = state.Attempt, StartedAt = now, Silo = _siloName, Outcome = TaskAttemptOutcome.Running });
        events.Add(Record(TaskEventTypes.Started, now, TaskEventData.Started(_siloName), null));

        var timeout = state.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : _options.AttemptTimeout;
        var attempt = new RunningAttempt(state.Attempt, now, timeout, _timeProvider, slot);
        _running = attempt;
        attempt.Execution = ExecuteAsync(attempt, state.Type, state.PayloadJson);

        // Only an attempt still running after the grace period is persisted as running: a quick task
        // then costs one durable write instead of two, and a crash before it finishes is harmless
        // because its stream event is not acknowledged until that write.
        if (!attempt.Execution.IsCompleted)
        {
            using var grace = new CancellationTokenSource();
            await Task.WhenAny(attempt.Execution, Task.Delay(_options.RunningStateGrace, grace.Token));
            await grace.CancelAsync();
        }

        if (attempt.Execution.IsCompleted)
        {
            ApplyOutcome(attempt, await attempt.Execution, events);
            try
            {
                await PersistAsync();
            }
            finally
            {
                // Persisted or not, this attempt is over here; if the write failed the stream event
                // is redelivered to a fresh activation, which runs the task again.
                EndRunning(attempt);
            }

            Publish(events);
            return;
        }

        try
        {
            await PersistAsync();
        }
        catch
        {
            attempt.Stop(AttemptStopReason.Deactivating);
            EndRunning(attempt);
            throw;
        }

        Publish(events);

        // Only a long attempt needs its activation kept past the idle collection age; holding every
        // quick one for minutes kept hundreds of thousands of finished tasks in memory.
        DelayDeactivation(timeout + TimeSpan.FromMinutes(1));
        _ = FinishInBackgroundAsync(attempt);
    }

    private async Task FinishInBackgroundAsync(RunningAttempt attempt)
    {
        var result = await attempt.Execution;
        await _gate.WaitAsync();
        try
        {
            if (_running != attempt)
            {
                return;
            }

            var events = new List<TaskEventEnvelope>();
            ApplyOutcome(attempt, result, events);
            for (var tries = 1; ; tries++)
            {
                try
                {
                    await _state.WriteStateAsync();
                    break;
                }
                catch (Exception exception) when (tries < MaxOutcomeWriteTries)
                {
                    // Storage is unavailable; the outcome is only in memory, so keep trying rather
                    // than leave the task looking "running" until recovery re-runs it.
                    LogOutcomeWriteFailed(_logger, exception, TaskId);
                    await Task.Delay(WriteRetryDelay);
                }
                catch (Exception exception)
                {
                    // Give up on this activation: the stored state still says running, so the
                    // poller's sweep of running tasks reactivates it and recovery runs it again.
                    LogOutcomeWriteFailed(_logger, exception, TaskId);
                    EndRunning(attempt);
                    DeactivateOnIdle();
                    return;
                }
            }

            EndRunning(attempt);
            Publish(events);
        }
        finally
        {
            _gate.Release();
        }
    }

    private void ApplyOutcome(RunningAttempt attempt, AttemptResult result, List<TaskEventEnvelope> events)
    {
        var state = State;
        var now = Now;
        state.UpdatedAt = now;
        state.SiloAddress = null;
        var duration = now - attempt.StartedAt;
        if (result.Outcome == TaskAttemptOutcome.Succeeded)
        {
            state.EndAttempt(now, TaskAttemptOutcome.Succeeded, null);
            state.Status = TaskState.Succeeded;
            state.ResultJson = result.ResultJson;
            state.CompletedAt = now;
            events.Add(Record(TaskEventTypes.Succeeded, now, TaskEventData.Succeeded(_siloName, duration.TotalMilliseconds), null));
        }
        else if (result.Outcome == TaskAttemptOutcome.Cancelled || state.CancelRequested)
        {
            state.EndAttempt(now, TaskAttemptOutcome.Cancelled, result.Error);
            MarkCancelled(now, events);
        }
        else
        {
            state.EndAttempt(now, result.Outcome, result.Error);
            ApplyFailure(now, result.Error!, result.Permanent, events);
        }

        LogFinished(_logger, TaskId, state.Type, state.Status, attempt.Number, duration.TotalMilliseconds);
    }

    private void EndRunning(RunningAttempt attempt)
    {
        if (_running == attempt)
        {
            _running = null;
        }

        attempt.Dispose();
    }

    /// <summary>
    /// Writes the state. A failed write leaves memory ahead of storage, so the activation is
    /// dropped and the next call starts from what is stored.
    /// </summary>
    private async Task PersistAsync()
    {
        try
        {
            await _state.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>A failed attempt: retried after a back-off while attempts remain, else dead-lettered; a permanent failure is final at once.</summary>
    private void ApplyFailure(DateTimeOffset now, TaskError error, bool permanent, List<TaskEventEnvelope> events, TimeSpan? retryDelay = null)
    {
        var state = State;
        state.Error = error;
        state.FailedAttempts++;
        events.Add(Record(TaskEventTypes.AttemptFailed, now, TaskEventData.AttemptFailed(state.Silo ?? _siloName, error), error.Message));
        if (permanent)
        {
            state.Status = TaskState.Failed;
            state.CompletedAt = now;
            state.DueAt = null;
        }
        else if (state.FailedAttempts >= state.MaxAttempts)
        {
            var reason = $"All {state.MaxAttempts} attempts failed; the last with {error.Type}: {error.Message}";
            state.Status = TaskState.DeadLettered;
            state.CompletedAt = now;
            state.DueAt = null;
            events.Add(Record(TaskEventTypes.DeadLettered, now, TaskEventData.DeadLettered(reason), reason));
        }
        else
        {
            var retryAt = now + (retryDelay ?? RetryBackoff.Delay(state.FailedAttempts, _options.RetryBaseDelay, _options.RetryMaxDelay, Random.Shared.NextDouble()));
            state.Status = TaskState.Retrying;
            state.DueAt = retryAt;
            state.ReadyAt = retryAt;
            events.Add(Record(TaskEventTypes.RetryScheduled, now, TaskEventData.RetryScheduled(retryAt), null));
            WakeAfter(retryAt - now);
        }
    }

    /// <summary>The state says running but no attempt runs here: its silo died. The attempt counts as failed.</summary>
    private void RecordInterruption(List<TaskEventEnvelope> events)
    {
        var now = Now;
        var error = new TaskError("Interrupted", $"Silo {State.Silo} stopped while attempt {State.Attempt} ran.");
        State.EndAttempt(now, TaskAttemptOutcome.Interrupted, error);
        State.SiloAddress = null;
        State.UpdatedAt = now;
        LogInterrupted(_logger, TaskId, State.Attempt, State.Silo);
        if (State.CancelRequested)
        {
            MarkCancelled(now, events);
            return;
        }

        // Recovery should not wait out a back-off meant for a failing handler.
        ApplyFailure(now, error, permanent: false, events, retryDelay: TimeSpan.Zero);
    }

    private void MarkCancelled(DateTimeOffset now, List<TaskEventEnvelope> events)
    {
        State.Status = TaskState.Cancelled;
        State.CompletedAt = now;
        State.DueAt = null;
        State.SiloAddress = null;
        State.UpdatedAt = now;
        events.Add(Record(TaskEventTypes.Cancelled, now, TaskEventData.Cancelled(State.CancelReason), State.CancelReason));
    }

    private async Task<AttemptResult> ExecuteAsync(RunningAttempt attempt, string type, string payloadJson)
    {
        try
        {
            var handler = _handlers.Find(type);
            if (handler is null)
            {
                return AttemptResult.Failure(new TaskError("UnknownTaskType", $"No handler runs tasks of type '{type}'. Known types: {string.Join(", ", _handlers.KnownTypes)}."), permanent: true);
            }

            using var payload = JsonDocument.Parse(payloadJson);

            // Tasks may arrive straight over AMQP, past the gateway's check.
            if (_handlers.ValidatePayload(type, payload.RootElement) is { } errors)
            {
                return AttemptResult.Failure(new TaskError("InvalidPayload", string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))), permanent: true);
            }

            var context = new TaskExecutionContext(TaskId, type, payload.RootElement.Clone(), attempt.Number);

            // Handlers run on the thread pool, never on the grain's scheduler: a handler that blocks
            // or burns CPU delays its own task only, not every grain of the silo.
            var result = await Task.Run(() => handler.ExecuteAsync(context, attempt.Token).AsTask(), CancellationToken.None);
            return AttemptResult.Success(result?.ToJsonString());
        }
        catch (OperationCanceledException) when (attempt.Token.IsCancellationRequested)
        {
            var message = attempt.TimedOut
                ? $"The attempt did not finish within {attempt.Timeout}."
                : $"The attempt was stopped ({attempt.StopReason}).";
            return AttemptResult.Stopped(attempt.TimedOut ? TaskAttemptOutcome.TimedOut : attempt.StoppedOutcome, new TaskError(attempt.TimedOut ? "Timeout" : "Stopped", message));
        }
        catch (PermanentTaskFailureException exception)
        {
            return AttemptResult.Failure(new TaskError(exception is TaskPayloadException ? "InvalidPayload" : exception.GetType().Name, exception.Message), permanent: true);
        }
        catch (Exception exception)
        {
            // A handler's failure is the task's outcome, not the grain's: record it and carry on.
            LogHandlerFailed(_logger, exception, TaskId, type);
            return AttemptResult.Failure(new TaskError(exception.GetType().Name, exception.Message), permanent: false);
        }
        finally
        {
            attempt.Slot.Dispose();
        }
    }

    private TaskEventEnvelope Record(string eventType, DateTimeOffset now, JsonElement data, string? message)
    {
        var envelope = new TaskEventEnvelope
        {
            ContractVersion = TaskEventTypes.ContractVersion,
            EventId = NextEventId(now),
            EventType = eventType,
            OccurredAt = now,
            TaskId = TaskId,
            TaskType = State.Type,
            Attempt = State.Attempt,
            CorrelationId = State.CorrelationId ?? TaskId.ToString(),
            IdempotencyKey = State.IdempotencyKey,
            Producer = _producer,
            Data = data,
        };
        State.AddTimelineEntry(new TaskTimelineEntry(envelope.EventId, eventType, now, State.Attempt, message));
        return envelope;
    }

    private void Publish(List<TaskEventEnvelope> events)
    {
        foreach (var envelope in events)
        {
            _feed.Publish(TaskFeedEvent.From(envelope, State));
        }
    }

    /// <summary>An in-memory wake-up; the due-task poller is the durable one that covers deactivation and crashes.</summary>
    private void WakeAfter(TimeSpan delay)
    {
        CancelWake();
        if (delay > MaxInMemoryWake)
        {
            // The activation will long be collected by then, and .NET cannot arm timers beyond
            // about 49.7 days (a task scheduled months ahead logged a failed wake-up on every
            // activation); the poller wakes it on time.
            return;
        }

        var wake = new CancellationTokenSource();
        _wake = wake;
        _ = WakeLaterAsync(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, wake.Token);
    }

    private async Task WakeLaterAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _timeProvider, cancellationToken);
            await GrainFactory.GetGrain<ITaskGrain>(TaskId).WakeAsync();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            LogWakeFailed(_logger, exception, TaskId);
        }
    }

    /// <summary>Orleans disposes the grain instance when its activation ends.</summary>
    public void Dispose()
    {
        CancelWake();
        _gate.Dispose();
    }

    private void CancelWake()
    {
        var wake = Interlocked.Exchange(ref _wake, null);
        wake?.Cancel();
        wake?.Dispose();
    }
}
