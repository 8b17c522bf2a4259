using Observatory.LoadTest.Metrics;

namespace Observatory.LoadTest.Report;

/// <summary>Everything a <c>run</c> measured; serialized as the JSON result.</summary>
internal sealed record RunResult(
    string Mode,
    DateTimeOffset StartedAt,
    RunSettings Settings,
    SubmitStats Submit,
    CompletionStats Completion,
    IReadOnlyList<ProcessCpu> Cpu);

/// <summary>The options the run used, so a result file says what produced it.</summary>
internal sealed record RunSettings(
    string Gateway,
    string Submit,
    int BatchSize,
    string Loop,
    double? RateTasksPerSecond,
    int Concurrency,
    int MaxInFlight,
    double WarmupSeconds,
    double DurationSeconds,
    double DrainTimeoutSeconds,
    string TaskType,
    string PayloadJson,
    IReadOnlyList<string> Tags);

/// <summary>Submits whose intended send time fell in the measured window.</summary>
/// <remarks>
/// <para><c>Latency</c>: Intended send → response (open loop) or send → response (closed loop).</para>
/// <para><c>SendLag</c>: Intended → actual send; large values mean the generator could not keep the rate.</para>
/// </remarks>
internal sealed record SubmitStats(
    long Requests,
    long TasksAccepted,
    long TasksRejected,
    double TasksAcceptedPerSecond,
    LatencySummary Latency,
    LatencySummary SendLag,
    IReadOnlyDictionary<string, long> Errors);

/// <summary>How the measured tasks ended, as persisted.</summary>
/// <remarks>
/// <para><c>SucceededPerSecondInWindow</c>: Tasks (warm-up ones included) whose success was persisted inside the window, per second: the steady-state rate.</para>
/// <para><c>SucceededPerSecondIncludingDrain</c>: Measured tasks succeeded ÷ (last success persisted − window start): falls below the submit rate when a backlog builds.</para>
/// <para><c>EndToEnd</c>: Intended send → success persisted (task_updated_at), measured succeeded tasks.</para>
/// <para><c>ServerSide</c>: task_submitted_at → task_updated_at, the part the system itself accounts for.</para>
/// </remarks>
internal sealed record CompletionStats(
    string Source,
    long MeasuredTasks,
    long Succeeded,
    IReadOnlyDictionary<string, long> OtherTerminal,
    long NotFinished,
    double DrainSeconds,
    double SucceededPerSecondInWindow,
    double SucceededPerSecondIncludingDrain,
    LatencySummary EndToEnd,
    LatencySummary ServerSide);
