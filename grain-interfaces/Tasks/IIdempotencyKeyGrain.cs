namespace Observatory.Tasks;

/// <summary>
/// Remembers which task an <c>Idempotency-Key</c> created, keyed by the key itself. A repeated
/// submission with the key gets the first task back instead of a new one.
/// </summary>
[Alias("observatory.idempotency-key-grain")]
public interface IIdempotencyKeyGrain : IGrainWithStringKey
{
    /// <summary>
    /// Claims the key for <paramref name="submission"/> unless it is already held (and not expired),
    /// in which case the submission that holds it is returned.
    /// </summary>
    [Alias("claim")]
    Task<IdempotencyClaim> ClaimAsync(IdempotentSubmission submission);
}

/// <summary>A submission made with an idempotency key.</summary>
/// <param name="TaskId">The task the key created.</param>
/// <param name="RequestHash">A hash of the request body, to tell a retry from a different request reusing the key.</param>
/// <param name="EnvelopeJson">The <c>task.submitted</c> event, so a retry can publish it again if the first publish was lost.</param>
[GenerateSerializer]
[Alias("observatory.idempotent-submission.v1")]
public sealed record IdempotentSubmission(
    [property: Id(0)] Guid TaskId,
    [property: Id(1)] string RequestHash,
    [property: Id(2)] string EnvelopeJson);

/// <summary>Who holds an idempotency key.</summary>
/// <param name="IsNew">True when this call claimed the key.</param>
/// <param name="Holder">The submission that holds the key: this one when <paramref name="IsNew"/>, else the first.</param>
[GenerateSerializer]
[Alias("observatory.idempotency-claim.v1")]
public sealed record IdempotencyClaim(
    [property: Id(0)] bool IsNew,
    [property: Id(1)] IdempotentSubmission Holder);
