using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Observatory.Tasks;

namespace Observatory.Grains.Tasks;

/// <summary>
/// Holds one idempotency key. Claiming costs one durable write, paid only by submissions that send
/// a key; a key expires after <see cref="TaskExecutionOptions.IdempotencyKeyRetention"/>, like
/// the keys of payment APIs, so a client cannot pin storage forever.
/// </summary>
[CollectionAgeLimit(Minutes = 2)]
public sealed class IdempotencyKeyGrain : Grain, IIdempotencyKeyGrain
{
    private readonly IPersistentState<IdempotencyKeyState> _state;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _retention;

    public IdempotencyKeyGrain(
        [PersistentState("idempotency", TaskStorage.Name)] IPersistentState<IdempotencyKeyState> state,
        [FromKeyedServices(TaskClock.Key)] TimeProvider timeProvider,
        IOptions<TaskExecutionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _state = state;
        _timeProvider = timeProvider;
        _retention = options.Value.IdempotencyKeyRetention;
    }

    public async Task<IdempotencyClaim> ClaimAsync(IdempotentSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var now = _timeProvider.GetUtcNow();
        if (_state.State.Holder is { } holder && now - _state.State.ClaimedAt < _retention)
        {
            return new IdempotencyClaim(false, holder);
        }

        _state.State.Holder = submission;
        _state.State.ClaimedAt = now;
        await _state.WriteStateAsync();
        return new IdempotencyClaim(true, submission);
    }
}

/// <summary>The submission an idempotency key created, and when.</summary>
[GenerateSerializer]
[Alias("observatory.idempotency-key-state.v1")]
public sealed class IdempotencyKeyState
{
    [Id(0)] public IdempotentSubmission? Holder { get; set; }
    [Id(1)] public DateTimeOffset ClaimedAt { get; set; }
}
