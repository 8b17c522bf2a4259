namespace Observatory.ServiceDefaults.Stats;

/// <summary>The body of <c>GET /api/v1/stats/history</c>: one point per bucket of the window, oldest first, zero where nothing happened.</summary>
public sealed record StatsHistory(string Window, int ResolutionSeconds, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<StatsHistoryPoint> Points);

/// <summary>What happened in the bucket starting at <paramref name="At"/>; <paramref name="SubmitToDone"/> is null when no task ended in it.</summary>
public sealed record StatsHistoryPoint(
    DateTimeOffset At, long Started, long Completed, long Succeeded, long Failed, long DeadLettered, long Cancelled, long Retried, LatencyPercentiles? SubmitToDone);
