using System.Reflection;
using Observatory.Gateway.Http;
using Prometheus;

namespace Observatory.Gateway.Metrics;

/// <summary>
/// Task submissions through the gateway: every submitted task is either accepted or rejected, the
/// rejection labelled by its problem type (the last segment of the <see cref="ProblemTypes"/> URI).
/// </summary>
internal static class SubmissionMetrics
{
    public const string Single = "single";
    public const string Batch = "batch";

    /// <summary>A request that failed with an exception (cluster unreachable, or a bug) rather than a problem response.</summary>
    public const string ExceptionReason = "exception";

    private static readonly Counter Submitted = Prometheus.Metrics.CreateCounter(
        "observatory_gateway_tasks_submitted_total", "Tasks submitted to the gateway (each item of a batch counts), by API (single, batch).", "api");

    private static readonly Counter Accepted = Prometheus.Metrics.CreateCounter(
        "observatory_gateway_tasks_accepted_total", "Submitted tasks the broker confirmed (202, or 200 for a repeated idempotency key).", "api");

    private static readonly Counter Rejected = Prometheus.Metrics.CreateCounter(
        "observatory_gateway_tasks_rejected_total", "Submitted tasks refused, by API and reason (the problem type, e.g. validation, unknown-task-type, broker-unavailable).", "api", "reason");

    /// <summary>Every problem type the gateway answers with, by URI, mapped to its label; bounded by construction.</summary>
    private static readonly Dictionary<string, string> Reasons = typeof(ProblemTypes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.IsLiteral)
        .Select(field => (string)field.GetRawConstantValue()!)
        .ToDictionary(uri => uri, uri => uri[(uri.LastIndexOf('/') + 1)..], StringComparer.Ordinal);

    static SubmissionMetrics()
    {
        // Every series exists from the start at zero, so rejection ratios are defined before the first rejection.
        foreach (var api in new[] { Single, Batch })
        {
            Submitted.WithLabels(api);
            Accepted.WithLabels(api);
            foreach (var reason in Reasons.Values.Append(ExceptionReason))
            {
                Rejected.WithLabels(api, reason);
            }
        }
    }

    public static void Record(string api, int accepted, IEnumerable<string?> rejectedProblemTypes)
    {
        var rejected = 0;
        foreach (var type in rejectedProblemTypes)
        {
            Rejected.WithLabels(api, ReasonOf(type)).Inc();
            rejected++;
        }

        Accepted.WithLabels(api).Inc(accepted);
        Submitted.WithLabels(api).Inc(accepted + rejected);
    }

    public static void RecordException(string api)
    {
        Rejected.WithLabels(api, ExceptionReason).Inc();
        Submitted.WithLabels(api).Inc();
    }

    private static string ReasonOf(string? problemType) =>
        problemType is not null && Reasons.TryGetValue(problemType, out var reason) ? reason : ExceptionReason;
}
