using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Observatory.Grains.Handlers;
using Observatory.Tasks;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Observatory.Grains.Tasks;

/// <summary>
/// One task. Its own stream (namespace <see cref="TaskStreams.Namespace"/>, key = task id) feeds it
/// through an implicit subscription; every state it reaches is persisted before the stream event is
/// acknowledged, so a crash at any point means redelivery, never a lost task.
/// </summary>
[ImplicitStreamSubscription(TaskStreams.Namespace)]
public sealed partial class TaskGrain : Grain, ITaskGrain, IStreamSubscriptionObserver, IAsyncObserver<TaskEventEnvelope>
{
    private readonly IPersistentState<TaskGrainState> _state;
    private readonly TaskHandlerRegistry _handlers;
    private readonly TimeProvider _timeProvider;
    private readonly TaskExecutionOptions _options;
    private readonly string _siloName;
    private readonly ILogger<TaskGrain> _logger;

    public TaskGrain(
        [PersistentState("task", TaskStorage.Name)] IPersistentState<TaskGrainState> state,
        TaskHandlerRegistry handlers,
        [FromKeyedServices(TaskClock.Key)] TimeProvider timeProvider,
        IOptions<TaskExecutionOptions> options,
        ILocalSiloDetails siloDetails,
        ILogger<TaskGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(siloDetails);
        _state = state;
        _handlers = handlers;
        _timeProvider = timeProvider;
        _options = options.Value;
        _siloName = siloDetails.Name;
        _logger = logger;
    }

    private Guid TaskId => this.GetPrimaryKey();

    public Task<TaskSnapshot?> GetAsync() =>
        Task.FromResult(_state.RecordExists ? _state.State.ToSnapshot(TaskId) : null);

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

        if (item.EventType == TaskEventTypes.Submitted)
        {
            await OnSubmittedAsync(item);
        }
        else
        {
            LogIgnoredEvent(_logger, item.EventType, TaskId);
        }
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    private async Task OnSubmittedAsync(TaskEventEnvelope submitted)
    {
        var state = _state.State;
        if (_state.RecordExists)
        {
            if (state.SubmittedEventId != submitted.EventId)
            {
                LogConflictingSubmission(_logger, TaskId, submitted.EventId, state.SubmittedEventId);
                return;
            }

            if (state.Status is TaskState.Succeeded or TaskState.Failed)
            {
                // A redelivery of a task that already finished: it must not run again.
                LogDuplicateDelivery(_logger, TaskId, state.Status);
                return;
            }

            // Queued or Running: the silo that had it stopped before finishing; run it again.
            LogResuming(_logger, TaskId, state.Status, state.Attempt);
        }
        else
        {
            Accept(state, submitted);
        }

        await RunAttemptAsync(state);
    }

    private static void Accept(TaskGrainState state, TaskEventEnvelope submitted)
    {
        state.SubmittedEventId = submitted.EventId;
        state.Type = submitted.TaskType;
        state.SubmittedAt = submitted.OccurredAt;
        state.CorrelationId = submitted.CorrelationId;
        state.Status = TaskState.Queued;
        var data = submitted.Data;
        if (data.ValueKind == JsonValueKind.Object && data.TryGetProperty("payload", out var payload) && payload.ValueKind == JsonValueKind.Object)
        {
            state.PayloadJson = payload.GetRawText();
        }

        if (data.ValueKind == JsonValueKind.Object && data.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array)
        {
            state.Tags = [.. tags.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!)];
        }
    }

    private async Task RunAttemptAsync(TaskGrainState state)
    {
        var startedAt = _timeProvider.GetUtcNow();
        state.Status = TaskState.Running;
        state.Attempt++;
        state.StartedAt = startedAt;
        state.CompletedAt = null;
        state.Silo = _siloName;
        state.UpdatedAt = startedAt;
        state.Error = null;
        state.ResultJson = null;

        // Only an attempt still running after the grace period is persisted as running: a quick task
        // then costs one durable write instead of two, and a crash before it finishes is harmless
        // because its stream event is not acknowledged and will be delivered again.
        var execution = ExecuteAsync(state);
        if (await Task.WhenAny(execution, Task.Delay(_options.RunningStateGrace)) != execution)
        {
            await _state.WriteStateAsync();
        }

        var (result, error) = await execution;
        var completedAt = _timeProvider.GetUtcNow();
        state.Status = error is null ? TaskState.Succeeded : TaskState.Failed;
        state.ResultJson = result;
        state.Error = error;
        state.CompletedAt = completedAt;
        state.UpdatedAt = completedAt;
        await _state.WriteStateAsync();
        LogFinished(_logger, TaskId, state.Type, state.Status, state.Attempt, (completedAt - startedAt).TotalMilliseconds);
    }

    private async Task<(string? Result, TaskError? Error)> ExecuteAsync(TaskGrainState state)
    {
        var handler = _handlers.Find(state.Type);
        if (handler is null)
        {
            return (null, new TaskError(
                "UnknownTaskType",
                $"No handler runs tasks of type '{state.Type}'. Known types: {string.Join(", ", _handlers.KnownTypes)}."));
        }

        using var payload = JsonDocument.Parse(state.PayloadJson);
        using var timeout = new CancellationTokenSource(_options.AttemptTimeout, _timeProvider);
        try
        {
            var result = await handler.ExecuteAsync(new TaskExecutionContext(TaskId, state.Type, payload.RootElement, state.Attempt), timeout.Token);
            return (result?.ToJsonString(), null);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return (null, new TaskError("Timeout", $"The attempt did not finish within {_options.AttemptTimeout}."));
        }
        catch (TaskPayloadException exception)
        {
            return (null, new TaskError("InvalidPayload", exception.Message));
        }
        catch (Exception exception)
        {
            // A handler's failure is the task's outcome, not the grain's: record it and carry on.
            LogHandlerFailed(_logger, exception, TaskId, state.Type);
            return (null, new TaskError(exception.GetType().Name, exception.Message));
        }
    }
}
