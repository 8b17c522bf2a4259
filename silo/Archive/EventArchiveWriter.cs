using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Observatory.EventArchive;
using Observatory.Grains.Events;

namespace Observatory.Silo.Archive;

/// <summary>
/// Copies every lifecycle event of this silo's <see cref="TaskEventFeed"/> into the archive, in
/// batches bounded by size and time. While the archive is down it keeps retrying the batch it holds
/// with a doubling back-off and lets the feed buffer the rest; that buffer is bounded and drops its
/// oldest events when full, so grains never wait for the archive and memory stays bounded. When the
/// archive is back the writer catches up at batch speed. Events are idempotent by id, so a batch
/// retried after a write that did land is harmless.
/// </summary>
public sealed partial class EventArchiveWriter : BackgroundService
{
    private readonly TaskEventFeed _feed;
    private readonly IEventArchive _archive;
    private readonly EventArchiveWriterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<EventArchiveWriter> _logger;
    private readonly List<ArchivedEvent> _batch;
    private TaskEventFeed.Subscription? _subscription;
    private int _inHand;
    private long _written;
    private long _failures;
    private long _droppedSeen;
    private int _consecutiveFailures;
    private DateTimeOffset? _failingSince;
    private string? _lastError;

    public EventArchiveWriter(TaskEventFeed feed, IEventArchive archive, IOptions<EventArchiveWriterOptions> options, TimeProvider time, ILogger<EventArchiveWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _feed = feed;
        _archive = archive;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _batch = new List<ArchivedEvent>(_options.BatchSize);
    }

    /// <summary>The archive's backend (<c>postgres</c> or <c>mongo</c>).</summary>
    public string Backend => _archive.Backend;

    /// <summary>Events waiting to be archived: in the feed buffer plus the batch in hand.</summary>
    public int Backlog => (_subscription?.Events.Count ?? 0) + Volatile.Read(ref _inHand);

    /// <summary>Events written since start.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Failed batch writes since start.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Events dropped because the buffer was full, since start.</summary>
    public long Dropped => _subscription?.Dropped ?? 0;

    /// <summary>When the current run of failed writes began; null while writes succeed.</summary>
    public DateTimeOffset? FailingSince
    {
        get
        {
            lock (_batch)
            {
                return _failingSince;
            }
        }
    }

    /// <summary>Why the last write failed, while writes fail.</summary>
    public string? LastError
    {
        get
        {
            lock (_batch)
            {
                return _lastError;
            }
        }
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Subscribe before the host goes on, so no event published after start-up is missed.
        _subscription = _feed.Subscribe(_options.BufferCapacity);
        Prometheus.Metrics.DefaultRegistry.AddBeforeCollectCallback(() => EventArchiveMetrics.Buffered.WithLabels(Backend).Set(Backlog));
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushOnStopAsync();
        _subscription?.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var events = _subscription!.Events;
        try
        {
            while (await events.WaitToReadAsync(stoppingToken))
            {
                await FillBatchAsync(events, stoppingToken);
                await WriteBatchAsync(stoppingToken);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException || stoppingToken.IsCancellationRequested)
        {
            // Stopping (a driver may report the cancellation as its own exception): StopAsync writes what is left.
        }
    }

    /// <summary>Takes what the buffer holds, then waits up to the batch interval for the batch to fill.</summary>
    private async Task FillBatchAsync(ChannelReader<TaskFeedEvent> events, CancellationToken stoppingToken)
    {
        Take(events);
        if (_batch.Count >= _options.BatchSize)
        {
            return;
        }

        using var window = new CancellationTokenSource(_options.BatchInterval, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(window.Token, stoppingToken);
        try
        {
            while (_batch.Count < _options.BatchSize && await events.WaitToReadAsync(linked.Token))
            {
                Take(events);
            }
        }
        catch (OperationCanceledException) when (window.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            // The interval is up: write what there is.
        }
    }

    private void Take(ChannelReader<TaskFeedEvent> events)
    {
        while (_batch.Count < _options.BatchSize && events.TryRead(out var feedEvent))
        {
            _batch.Add(ArchivedEventMapper.From(feedEvent));
        }

        Volatile.Write(ref _inHand, _batch.Count);
    }

    /// <summary>Writes the batch in hand, retrying with back-off until it lands or the silo stops.</summary>
    private async Task WriteBatchAsync(CancellationToken stoppingToken)
    {
        var delay = _options.RetryBaseDelay;
        while (!await TryWriteAsync(stoppingToken))
        {
            await Task.Delay(delay, _time, stoppingToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.RetryMaxDelay.Ticks));
        }
    }

    private async Task<bool> TryWriteAsync(CancellationToken cancellationToken)
    {
        ReportDropped();
        var started = Stopwatch.GetTimestamp();
        try
        {
            await _archive.AppendAsync(_batch, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            EventArchiveMetrics.BatchWriteDuration.WithLabels(Backend).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
            OnFailure(exception);
            return false;
        }

        EventArchiveMetrics.BatchWriteDuration.WithLabels(Backend).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        OnSuccess();
        return true;
    }

    private void OnSuccess()
    {
        EventArchiveMetrics.Written.WithLabels(Backend).Inc(_batch.Count);
        Interlocked.Add(ref _written, _batch.Count);
        int failedAttempts;
        DateTimeOffset? since;
        lock (_batch)
        {
            failedAttempts = _consecutiveFailures;
            since = _failingSince;
            _consecutiveFailures = 0;
            _failingSince = null;
            _lastError = null;
        }

        if (since is { } failingSince)
        {
            var outage = _time.GetUtcNow() - failingSince;
            LogRecovered(_logger, Backend, outage, failedAttempts, Backlog);
        }

        _batch.Clear();
        Volatile.Write(ref _inHand, 0);
    }

    private void OnFailure(Exception exception)
    {
        EventArchiveMetrics.WriteFailures.WithLabels(Backend).Inc();
        Interlocked.Increment(ref _failures);
        int attempt;
        lock (_batch)
        {
            _failingSince ??= _time.GetUtcNow();
            _lastError = exception.Message;
            attempt = ++_consecutiveFailures;
        }

        // The first failure with its stack; later ones briefly, so an outage does not flood the log.
        if (attempt == 1)
        {
            LogWriteFailed(_logger, Backend, _batch.Count, Backlog, exception);
        }
        else
        {
            LogStillFailing(_logger, Backend, attempt, Backlog, exception.Message);
        }
    }

    private void ReportDropped()
    {
        var dropped = Dropped;
        var newlyDropped = dropped - _droppedSeen;
        if (newlyDropped > 0)
        {
            _droppedSeen = dropped;
            EventArchiveMetrics.Dropped.WithLabels(Backend).Inc(newlyDropped);
            LogDropped(_logger, newlyDropped, dropped, _options.BufferCapacity);
        }
    }

    /// <summary>One attempt per batch for what is held and buffered, within the flush timeout; what does not fit is lost with the process.</summary>
    private async Task FlushOnStopAsync()
    {
        if (_subscription is null)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(_options.FlushOnStopTimeout);
        try
        {
            Take(_subscription.Events);
            while (_batch.Count > 0 && await TryWriteAsync(timeout.Token))
            {
                Take(_subscription.Events);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException || timeout.IsCancellationRequested)
        {
            // Out of time.
        }

        if (Backlog > 0)
        {
            LogUnflushed(_logger, Backlog);
        }
    }

    [LoggerMessage(EventId = 5100, Level = LogLevel.Warning, Message = "Archive ({Backend}) write of {Count} events failed; retrying with back-off, {Backlog} events buffered")]
    private static partial void LogWriteFailed(ILogger logger, string backend, int count, int backlog, Exception exception);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Archive ({Backend}) still failing after {Attempts} attempts, {Backlog} events buffered: {Error}")]
    private static partial void LogStillFailing(ILogger logger, string backend, int attempts, int backlog, string error);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Archive ({Backend}) writes succeed again after {Outage} and {Attempts} failed attempts; catching up on {Backlog} buffered events")]
    private static partial void LogRecovered(ILogger logger, string backend, TimeSpan outage, int attempts, int backlog);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Archive buffer full ({Capacity} events): dropped the {Count} oldest events, {Total} since start")]
    private static partial void LogDropped(ILogger logger, long count, long total, int capacity);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "Archive writer stopped with {Backlog} events not archived")]
    private static partial void LogUnflushed(ILogger logger, int backlog);
}
