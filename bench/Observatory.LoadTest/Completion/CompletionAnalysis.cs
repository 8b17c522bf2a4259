using Observatory.LoadTest.Load;
using Observatory.LoadTest.Metrics;
using Observatory.LoadTest.Report;

namespace Observatory.LoadTest.Completion;

/// <summary>Turns per-task outcomes into throughput and end-to-end latency.</summary>
internal static class CompletionAnalysis
{
    public static CompletionStats Analyze(
        string source,
        IReadOnlyList<SubmittedTask> tasks,
        IReadOnlyDictionary<Guid, TaskOutcome> outcomes,
        DateTimeOffset windowStart,
        DateTimeOffset windowEnd,
        double drainSeconds)
    {
        var endToEnd = new LatencyHistogram();
        var serverSide = new LatencyHistogram();
        var otherTerminal = new Dictionary<string, long>(StringComparer.Ordinal);
        long measured = 0, succeeded = 0, notFinished = 0, inWindow = 0;
        var lastSuccess = windowStart;
        foreach (var task in tasks)
        {
            var outcome = outcomes.GetValueOrDefault(task.Id);
            if (outcome is { IsSucceeded: true } && outcome.UpdatedAt >= windowStart && outcome.UpdatedAt < windowEnd)
            {
                inWindow++;
            }

            if (!task.Measured)
            {
                continue;
            }

            measured++;
            if (outcome is null || !outcome.IsTerminal)
            {
                notFinished++;
            }
            else if (outcome.IsSucceeded)
            {
                succeeded++;
                endToEnd.Record(outcome.UpdatedAt - task.IntendedAt);
                serverSide.Record(outcome.UpdatedAt - outcome.SubmittedAt);
                lastSuccess = outcome.UpdatedAt > lastSuccess ? outcome.UpdatedAt : lastSuccess;
            }
            else
            {
                otherTerminal[outcome.Status] = otherTerminal.GetValueOrDefault(outcome.Status) + 1;
            }
        }

        var windowSeconds = (windowEnd - windowStart).TotalSeconds;
        // The window, stretched to the last persisted success when the backlog outlived it.
        var span = Math.Max(windowSeconds, (lastSuccess - windowStart).TotalSeconds);
        return new CompletionStats(
            source,
            measured,
            succeeded,
            otherTerminal,
            notFinished,
            drainSeconds,
            inWindow / windowSeconds,
            succeeded / span,
            endToEnd.Summarize(),
            serverSide.Summarize());
    }
}
