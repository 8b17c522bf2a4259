using System.Collections.Frozen;
using System.Text.Json;
using Observatory.Contracts;
using Observatory.TaskTypes;

namespace Observatory.Gateway.Tasks;

/// <summary>
/// The task types the cluster runs, fetched from <see cref="ITaskTypeCatalogGrain"/> and kept for
/// <see cref="CacheDuration"/>, with each payload schema compiled once per fetch. It lets the gateway
/// refuse an unknown type or a wrong payload with 400 before anything is queued, instead of the task
/// failing later where the client is no longer listening.
/// </summary>
/// <remarks>
/// Thread-safe. Concurrent callers that find the cache stale share one fetch. If a refresh fails while
/// an older catalog is at hand, that one keeps serving (the grain validates again anyway) and the next
/// try waits <see cref="RetryAfterFailure"/>, so an unreachable cluster does not cost every request a call.
/// </remarks>
public sealed partial class TaskTypeCatalog
{
    /// <summary>How long a fetched catalog is trusted; task types change only when silos are redeployed.</summary>
    public static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(30);

    /// <summary>
    /// An unknown type may be one a silo deployed moments ago, so a catalog older than this is fetched again
    /// before a type is called unknown; younger ones are not, so a client looping on a typo costs no calls.
    /// </summary>
    public static readonly TimeSpan UnknownTypeRecheck = TimeSpan.FromSeconds(5);

    /// <summary>How long a failed refresh is not retried while an older catalog keeps serving.</summary>
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(5);

    private const string PayloadPointer = "/payload";

    private readonly Func<CancellationToken, Task<IReadOnlyList<TaskTypeDescriptor>>> _fetch;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<TaskTypeCatalog> _logger;
    private readonly Lock _gate = new();
    private Snapshot? _snapshot;
    private Task<Snapshot>? _refresh;
    private DateTimeOffset _retryNotBefore = DateTimeOffset.MinValue;

    [ActivatorUtilitiesConstructor]
    public TaskTypeCatalog(IClusterClient client, TimeProvider timeProvider, ILogger<TaskTypeCatalog> logger)
        : this(
            cancellationToken => client.GetGrain<ITaskTypeCatalogGrain>(ITaskTypeCatalogGrain.Key).GetTaskTypesAsync().WaitAsync(cancellationToken),
            timeProvider,
            logger)
    {
        ArgumentNullException.ThrowIfNull(client);
    }

    /// <param name="fetch">Reads the catalog from wherever it lives; the cluster in production, a list in tests.</param>
    /// <param name="timeProvider">Ages the cached catalog.</param>
    /// <param name="logger">Reports refresh failures and schemas that do not compile.</param>
    public TaskTypeCatalog(Func<CancellationToken, Task<IReadOnlyList<TaskTypeDescriptor>>> fetch, TimeProvider timeProvider, ILogger<TaskTypeCatalog> logger)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _fetch = fetch;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Every task type with its description and payload schema, sorted by type.</summary>
    public async Task<IReadOnlyList<TaskTypeResource>> GetTypesAsync(CancellationToken cancellationToken) =>
        (await GetSnapshotAsync(CacheDuration, cancellationToken)).Items;

    /// <summary>
    /// Checks that <paramref name="type"/> is one the cluster runs and that <paramref name="payload"/> fits its schema.
    /// </summary>
    /// <exception cref="Exception">The catalog could not be fetched and none was fetched before (e.g. the cluster is down).</exception>
    public async Task<TaskTypeCheck> CheckAsync(string type, JsonElement payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(type);
        var snapshot = await GetSnapshotAsync(CacheDuration, cancellationToken);
        if (!snapshot.ByType.ContainsKey(type))
        {
            snapshot = await GetSnapshotAsync(UnknownTypeRecheck, cancellationToken);
        }

        if (!snapshot.ByType.TryGetValue(type, out var entry))
        {
            return TaskTypeCheck.UnknownType(snapshot.KnownTypes);
        }

        // Null when the schema did not compile here: accept, and leave the check to the grain.
        var errors = entry.Schema?.FindErrors(payload, PayloadPointer);
        return errors is null ? TaskTypeCheck.Valid : TaskTypeCheck.InvalidPayload(errors);
    }

    private async Task<Snapshot> GetSnapshotAsync(TimeSpan maxAge, CancellationToken cancellationToken)
    {
        Task<Snapshot> refresh;
        lock (_gate)
        {
            if (_snapshot is { } current && IsFreshEnough(current, maxAge))
            {
                return current;
            }

            // A finished refresh (even one whose callers all gave up waiting) is never reused: start another.
            if (_refresh is null || _refresh.IsCompleted)
            {
                _refresh = RefreshAsync(_snapshot);
            }

            refresh = _refresh;
        }

        return await refresh.WaitAsync(cancellationToken);
    }

    private bool IsFreshEnough(Snapshot snapshot, TimeSpan maxAge)
    {
        var now = _timeProvider.GetUtcNow();
        return now - snapshot.FetchedAt < maxAge || now < _retryNotBefore;
    }

    private async Task<Snapshot> RefreshAsync(Snapshot? stale)
    {
        // Yield first so the caller has stored this task under the lock before it can complete.
        await Task.Yield();
        try
        {
            // Not the caller's token: other callers share this fetch and must not lose it to one caller's cancellation.
            var descriptors = await _fetch(CancellationToken.None);
            var snapshot = Build(descriptors, _timeProvider.GetUtcNow());
            lock (_gate)
            {
                _snapshot = snapshot;
            }

            LogFetched(_logger, snapshot.KnownTypes.Count);
            return snapshot;
        }
        catch (Exception exception) when (stale is not null)
        {
            lock (_gate)
            {
                _retryNotBefore = _timeProvider.GetUtcNow() + RetryAfterFailure;
            }

            LogRefreshFailed(_logger, exception, stale.FetchedAt);
            return stale;
        }
    }

    private Snapshot Build(IReadOnlyList<TaskTypeDescriptor> descriptors, DateTimeOffset fetchedAt)
    {
        var byType = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var descriptor in descriptors)
        {
            PayloadSchema? schema = null;
            try
            {
                schema = PayloadSchema.Compile(descriptor.Type, descriptor.PayloadSchema);
            }
            catch (ArgumentException exception)
            {
                // Silos refuse to start with such a schema, so only version skew gets here; don't block the type over it.
                LogSchemaUnusable(_logger, exception, descriptor.Type);
            }

            var shown = schema is null ? EmptySchema : JsonSerializer.SerializeToElement(schema.Document);
            byType[descriptor.Type] = new Entry(new TaskTypeResource(descriptor.Type, descriptor.Description, shown), schema);
        }

        var knownTypes = byType.Keys.Order(StringComparer.Ordinal).ToArray();
        return new Snapshot(fetchedAt, byType.ToFrozenDictionary(StringComparer.Ordinal), knownTypes, [.. knownTypes.Select(t => byType[t].Resource)]);
    }

    private static readonly JsonElement EmptySchema = JsonDocument.Parse("{}").RootElement.Clone();

    private sealed record Entry(TaskTypeResource Resource, PayloadSchema? Schema);

    private sealed record Snapshot(
        DateTimeOffset FetchedAt,
        FrozenDictionary<string, Entry> ByType,
        IReadOnlyList<string> KnownTypes,
        IReadOnlyList<TaskTypeResource> Items);

    [LoggerMessage(EventId = 3100, Level = LogLevel.Debug, Message = "Task type catalog fetched: {Count} types")]
    private static partial void LogFetched(ILogger logger, int count);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Task type catalog refresh failed; still using the one fetched at {FetchedAt}")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception, DateTimeOffset fetchedAt);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "Payload schema of task type {TaskType} does not compile in the gateway; its payloads are left to the grain to check")]
    private static partial void LogSchemaUnusable(ILogger logger, Exception exception, string taskType);
}
