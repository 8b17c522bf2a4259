using System.Text.Json;

namespace Observatory.LoadTest.Cli;

/// <summary>How tasks are submitted: one POST per task, or POST /api/v1/tasks/batch.</summary>
internal enum SubmitMode
{
    Single,
    Batch,
}

/// <summary>Settings of the <c>run</c> mode.</summary>
/// <remarks>
/// <para><c>Rate</c>: Tasks per second for an open loop; null runs a closed loop of <c>Concurrency</c> workers.</para>
/// <para><c>MaxInFlight</c>: Open loop only: requests outstanding at most; beyond it sends are late (and that lateness is measured).</para>
/// </remarks>
internal sealed record RunOptions(
    Uri Gateway,
    string Postgres,
    string ServiceId,
    SubmitMode Submit,
    int BatchSize,
    double? Rate,
    int Concurrency,
    int MaxInFlight,
    TimeSpan Warmup,
    TimeSpan Duration,
    TimeSpan DrainTimeout,
    string TaskType,
    string PayloadJson,
    IReadOnlyList<string> Tags,
    string OutPath)
{
    public static RunOptions Parse(ArgumentReader args)
    {
        var submit = args.String("--submit", "single") switch
        {
            "single" => SubmitMode.Single,
            "batch" => SubmitMode.Batch,
            var other => throw new UsageException($"--submit must be single or batch, got '{other}'"),
        };
        var payload = args.String("--payload", "{}");
        try
        {
            using var doc = JsonDocument.Parse(payload);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new UsageException("--payload must be a JSON object");
            }
        }
        catch (JsonException e)
        {
            throw new UsageException($"--payload is not valid JSON: {e.Message}", e);
        }

        var tags = args.OptionalString("--tags") is { } t
            ? t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
        return new RunOptions(
            args.Uri("--gateway", Defaults.Gateway),
            args.String("--postgres", Defaults.Postgres),
            args.String("--service-id", Defaults.ServiceId),
            submit,
            args.Int("--batch-size", 100, 1, 1000),
            args.OptionalDouble("--rate"),
            args.Int("--concurrency", 16, 1, 10_000),
            args.Int("--max-in-flight", 4096, 1, 1_000_000),
            args.Duration("--warmup", TimeSpan.FromSeconds(10)),
            args.Duration("--duration", TimeSpan.FromSeconds(30)),
            args.Duration("--drain-timeout", TimeSpan.FromSeconds(120)),
            args.String("--type", "noop"),
            payload,
            tags,
            args.String("--out", Defaults.ResultPath("run")));
    }

    /// <summary>Tasks per HTTP request.</summary>
    public int TasksPerRequest => Submit == SubmitMode.Batch ? BatchSize : 1;
}
