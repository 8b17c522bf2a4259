namespace Observatory.LoadTest.Http;

/// <summary>What one submit request achieved.</summary>
/// <remarks>
/// <para><c>Accepted</c>: Ids of the tasks the gateway accepted.</para>
/// <para><c>Rejected</c>: Tasks refused (the whole request when it failed, or batch items marked rejected).</para>
/// <para><c>Error</c>: Why the request failed (HTTP status or exception type); null when it was answered 2xx.</para>
/// </remarks>
internal sealed record SubmitResult(IReadOnlyList<Guid> Accepted, int Rejected, string? Error);
