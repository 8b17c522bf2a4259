namespace Observatory.Gateway.Metrics;

/// <summary>Adds the submission counters to a submit endpoint.</summary>
internal static class SubmissionMetricsExtensions
{
    /// <param name="route">The submit endpoint.</param>
    /// <param name="api">The <c>api</c> label: <see cref="SubmissionMetrics.Single"/> or <see cref="SubmissionMetrics.Batch"/>.</param>
    public static RouteHandlerBuilder WithSubmissionMetrics(this RouteHandlerBuilder route, string api) =>
        route.AddEndpointFilter(new SubmissionMetricsFilter(api));
}
