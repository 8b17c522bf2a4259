namespace Observatory.Grains;

/// <summary>
/// The clock of task execution, a keyed <see cref="TimeProvider"/> so tests can drive task time
/// without also freezing the clocks Orleans itself runs on.
/// </summary>
public static class TaskClock
{
    public const string Key = "observatory.tasks";
}
