using Prometheus;

namespace Observatory.Silo.Metrics;

/// <summary>
/// The metric children of one task-type label, resolved once so that recording an event costs a
/// dictionary lookup and the increments, with no label lookup or allocation.
/// </summary>
internal sealed class TaskTypeInstruments
{
    private readonly Counter.Child[] _completed;
    private readonly Histogram.Child[] _submitToDone;

    public TaskTypeInstruments(string type)
    {
        Started = TaskMetrics.Started.WithLabels(type);
        AttemptFailures = TaskMetrics.AttemptFailures.WithLabels(type);
        Retries = TaskMetrics.Retries.WithLabels(type);
        QueueWait = TaskMetrics.QueueWait.WithLabels(type);
        RunTime = TaskMetrics.RunTime.WithLabels(type);

        // Created up front so every outcome's series exists at zero: rates and ratios over them
        // are defined from the first scrape, before the first failure.
        _completed = [.. TaskOutcomes.Labels.Select(outcome => TaskMetrics.Completed.WithLabels(type, outcome))];
        _submitToDone = [.. TaskOutcomes.Labels.Select(outcome => TaskMetrics.SubmitToDone.WithLabels(type, outcome))];
    }

    public Counter.Child Started { get; }

    public Counter.Child AttemptFailures { get; }

    public Counter.Child Retries { get; }

    public Histogram.Child QueueWait { get; }

    public Histogram.Child RunTime { get; }

    public void Complete(TaskOutcome outcome, TimeSpan submitToDone)
    {
        _completed[(int)outcome].Inc();
        _submitToDone[(int)outcome].Observe(Math.Max(0, submitToDone.TotalSeconds));
    }
}
