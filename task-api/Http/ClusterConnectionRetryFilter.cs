namespace Observatory.Gateway.Http;

/// <summary>
/// Keeps the gateway's Orleans client trying to reach the cluster instead of failing start-up, so
/// the gateway may start before the silos (or outlive all of them) and connect when they come.
/// </summary>
public sealed partial class ClusterConnectionRetryFilter : IClientConnectionRetryFilter
{
    private readonly ILogger<ClusterConnectionRetryFilter> _logger;
    private int _attempt;

    public ClusterConnectionRetryFilter(ILogger<ClusterConnectionRetryFilter> logger)
    {
        _logger = logger;
    }

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        var attempt = Interlocked.Increment(ref _attempt);
        LogRetrying(_logger, attempt, exception.Message);
        await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, attempt)), cancellationToken);
        return !cancellationToken.IsCancellationRequested;
    }

    [LoggerMessage(EventId = 3100, Level = LogLevel.Warning, Message = "Cluster not reachable (attempt {Attempt}): {Reason}; retrying")]
    private static partial void LogRetrying(ILogger logger, int attempt, string reason);
}
