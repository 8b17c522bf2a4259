namespace Observatory.Gateway.Http;

/// <summary>The stable <c>type</c> URIs of the gateway's problem details; clients may switch on them.</summary>
public static class ProblemTypes
{
    private const string Base = "https://observatory.dev/problems/";

    public const string Validation = Base + "validation";
    public const string MalformedJson = Base + "malformed-json";
    public const string PayloadTooLarge = Base + "payload-too-large";
    public const string UnsupportedMediaType = Base + "unsupported-media-type";
    public const string NotFound = Base + "not-found";
    public const string BrokerUnavailable = Base + "broker-unavailable";
    public const string ClusterUnavailable = Base + "cluster-unavailable";
    public const string UnknownTaskType = Base + "unknown-task-type";
    public const string InvalidPayload = Base + "invalid-payload";
    public const string IdempotencyKeyReused = Base + "idempotency-key-reused";
    public const string InvalidIdempotencyKey = Base + "invalid-idempotency-key";
    public const string IllegalTransition = Base + "illegal-transition";
    public const string InvalidQuery = Base + "invalid-query";
    public const string StatsHistoryUnavailable = Base + "stats-history-unavailable";
    public const string Unauthorized = Base + "unauthorized";
    public const string Forbidden = Base + "forbidden";
    public const string RateLimited = Base + "rate-limited";
    public const string ArchiveUnavailable = Base + "archive-unavailable";
}
