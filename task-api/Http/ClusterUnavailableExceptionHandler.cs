using Microsoft.AspNetCore.Diagnostics;

namespace Observatory.Gateway.Http;

/// <summary>
/// Turns the cluster being briefly out of reach (a silo just died, the client is reconnecting, a
/// call timed out) into <c>503</c> problem details with <c>Retry-After</c>: the request may be
/// repeated, unlike the <c>500</c> an unhandled exception would give.
/// </summary>
public sealed partial class ClusterUnavailableExceptionHandler : IExceptionHandler
{
    private readonly IProblemDetailsService _problems;
    private readonly ILogger<ClusterUnavailableExceptionHandler> _logger;

    public ClusterUnavailableExceptionHandler(IProblemDetailsService problems, ILogger<ClusterUnavailableExceptionHandler> logger)
    {
        _problems = problems;
        _logger = logger;
    }

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is not (OrleansMessageRejectionException or GatewayTooBusyException or TimeoutException or ClientNotAvailableException))
        {
            return false;
        }

        LogClusterUnavailable(_logger, exception.GetType().Name, exception.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "2";
        return await _problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Type = ProblemTypes.ClusterUnavailable,
                Title = "The cluster is not reachable right now.",
                Detail = "The request reached no silo (one may be restarting or failing over). Retry shortly.",
                Status = StatusCodes.Status503ServiceUnavailable,
                Instance = httpContext.Request.Path,
                Extensions = { ["correlationId"] = CorrelationId.Get(httpContext) },
            },
        });
    }

    [LoggerMessage(EventId = 3200, Level = LogLevel.Warning, Message = "Cluster unavailable for a request: {ExceptionType}: {Reason}")]
    private static partial void LogClusterUnavailable(ILogger logger, string exceptionType, string reason);
}
