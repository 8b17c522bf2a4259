using Observatory.Grains.Events;
using Observatory.Stats;
using Observatory.Tasks;

namespace Observatory.Grains.Stats;

/// <summary>
/// One silo's pre-aggregation of its task event feed: cumulative counters by event type and task
/// type, latency histograms and per-second rolling counts. Recording an event touches only memory
/// (a lock nobody else holds but the once-a-second snapshot, a few array increments), so the
/// cluster's cost per event does not grow with the number of silos.
/// </summary>
public sealed class SiloStatsAggregator
{
    /// <summary>Series buckets per snapshot: one report may be missed without a gap in the history.</summary>
    public const int RecentSeconds = 5;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _events = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long[]> _types = new(StringComparer.Ordinal);
    private readonly LatencyHistogram _queueWait = new();
    private readonly LatencyHistogram _runTime = new();
    private readonly LatencyHistogram _submitToDone = new();
    private readonly RollingCounts _rolling = new();
    private DateTimeOffset? _lastEventAt;
    private long _sequence;

    public void Record(TaskFeedEvent feedEvent)
    {
        ArgumentNullException.ThrowIfNull(feedEvent);
        var envelope = feedEvent.Envelope;
        var metric = MetricOf(feedEvent);
        lock (_gate)
        {
            _events[envelope.EventType] = _events.GetValueOrDefault(envelope.EventType) + 1;
            if (feedEvent.QueueWait is { } queueWait)
            {
                _queueWait.Record(queueWait);
            }

            if (feedEvent.RunTime is { } runTime)
            {
                _runTime.Record(runTime);
            }

            if (feedEvent.IsTerminal)
            {
                _submitToDone.Record(envelope.OccurredAt > feedEvent.SubmittedAt ? envelope.OccurredAt - feedEvent.SubmittedAt : TimeSpan.Zero);
            }

            if (metric is { } counted)
            {
                _rolling.Increment(envelope.OccurredAt.ToUnixTimeSeconds(), counted);
                if (counted != SeriesMetric.Retried)
                {
                    TypeCounters(envelope.TaskType)[(int)counted]++;
                }
            }

            if (_lastEventAt is not { } last || envelope.OccurredAt > last)
            {
                _lastEventAt = envelope.OccurredAt;
            }
        }
    }

    /// <summary>The cumulative state now, tagged with <paramref name="silo"/> and the next sequence number.</summary>
    public SiloStatsSnapshot Snapshot(string silo, DateTimeOffset now, long dropped)
    {
        var second = now.ToUnixTimeSeconds();
        var minute = second - (second % 60);
        lock (_gate)
        {
            return new SiloStatsSnapshot(
                silo,
                ++_sequence,
                now,
                new Dictionary<string, long>(_events, StringComparer.Ordinal),
                _types.ToDictionary(t => t.Key, t => ToOutcomes(t.Value), StringComparer.Ordinal),
                _queueWait.ToBuckets(),
                _runTime.ToBuckets(),
                _submitToDone.ToBuckets(),
                // Windows end with the last whole second, so a rate is never diluted by a second just begun.
                [.. StatsLimits.WindowSeconds.Select(w => new WindowSum(w, _rolling.Sum(second - 1, w)))],
                [.. Enumerable.Range(0, RecentSeconds).Select(i => second - RecentSeconds + 1 + i).Select(s => new SeriesBucket(s, _rolling.At(s)))],
                [new SeriesBucket(minute - 60, _rolling.Sum(minute - 1, 60)), new SeriesBucket(minute, _rolling.Sum(minute + 59, 60))],
                _lastEventAt,
                dropped);
        }
    }

    private long[] TypeCounters(string taskType)
    {
        if (_types.TryGetValue(taskType, out var counters))
        {
            return counters;
        }

        // Types are bounded by the handler registry; the cap still keeps a misconfigured cluster bounded.
        var key = _types.Count < StatsLimits.MaxTaskTypes ? taskType : StatsLimits.OtherType;
        if (!_types.TryGetValue(key, out counters))
        {
            counters = new long[5];
            _types[key] = counters;
        }

        return counters;
    }

    private static OutcomeCounts ToOutcomes(long[] counters) =>
        new(counters[(int)SeriesMetric.Started], counters[(int)SeriesMetric.Succeeded], counters[(int)SeriesMetric.Failed],
            counters[(int)SeriesMetric.DeadLettered], counters[(int)SeriesMetric.Cancelled]);

    private static SeriesMetric? MetricOf(TaskFeedEvent feedEvent) => feedEvent.Envelope.EventType switch
    {
        TaskEventTypes.Started => SeriesMetric.Started,
        TaskEventTypes.Succeeded => SeriesMetric.Succeeded,
        TaskEventTypes.AttemptFailed when feedEvent.IsTerminal => SeriesMetric.Failed,
        TaskEventTypes.DeadLettered => SeriesMetric.DeadLettered,
        TaskEventTypes.Cancelled => SeriesMetric.Cancelled,
        TaskEventTypes.RetryScheduled => SeriesMetric.Retried,
        _ => null,
    };
}
