using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Observatory.Contracts;
using Observatory.Gateway.Http;
using Observatory.Gateway.Metrics;
using Observatory.Gateway.Security;
using Observatory.Streaming.RabbitMq;
using Observatory.Tasks;

namespace Observatory.Gateway.Tasks;

/// <summary>The task endpoints under <c>/api/v1/tasks</c>: submitting one task.</summary>
public static partial class TasksApi
{
    public const string Prefix = "/api/v1/tasks";

    public static string LocationOf(Guid taskId) => $"{Prefix}/{taskId}";

    public static RouteGroupBuilder MapTasksApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Prefix).WithTags("Tasks");
        group.MapPost("/", SubmitAsync).WithName("SubmitTask").RequireScope(ApiScopes.Write).WithSubmissionMetrics(SubmissionMetrics.Single);
        group.MapPost("/batch", SubmitBatchAsync).WithName("SubmitTaskBatch").RequireScope(ApiScopes.Write).WithSubmissionMetrics(SubmissionMetrics.Batch)
            .WithMetadata(new RequestSizeLimitAttribute(GatewayLimits.MaxBatchRequestBodyBytes));
        group.MapGet("/", ListAsync).WithName("ListTasks").RequireScope(ApiScopes.Read);
        group.MapGet("/counts", CountAsync).WithName("CountTasks").RequireScope(ApiScopes.Read);
        group.MapGet("/{id:guid}", GetAsync).WithName("GetTask").RequireScope(ApiScopes.Read);
        group.MapPost("/{id:guid}/cancel", CancelAsync).WithName("CancelTask").RequireScope(ApiScopes.Write);
        group.MapPost("/{id:guid}/retry", RetryAsync).WithName("RetryTask").RequireScope(ApiScopes.Write);
        return group;
    }

    internal static async Task<Results<Accepted<TaskAccepted>, Ok<TaskAccepted>, ProblemHttpResult>> SubmitAsync(
        HttpContext context, ContractSchemas contracts, TaskTypeCatalog catalog, TaskSubmitter submitter, IClusterClient client,
        TimeProvider timeProvider, ILogger<TaskSubmitter> logger, CancellationToken cancellationToken)
    {
        if (!IdempotencyKey.TryRead(context.Request, out var key))
        {
            return Problems.Create(context, StatusCodes.Status400BadRequest, ProblemTypes.InvalidIdempotencyKey, "The Idempotency-Key header is not usable.",
                $"Send one {IdempotencyKey.HeaderName} header of 1 to {IdempotencyKey.MaxLength} printable characters.");
        }

        var (document, problem) = await JsonBody.ReadAsync(context, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        using (document)
        {
            var body = document!.RootElement;
            var (submission, invalid) = await CheckSubmissionAsync(context, contracts, catalog, body, timeProvider.GetUtcNow(), cancellationToken);
            if (invalid is not null)
            {
                return invalid;
            }

            var envelope = submitter.Create(submission!, CorrelationId.Get(context), key);
            try
            {
                if (key is null)
                {
                    await submitter.PublishAsync(envelope);
                    return TypedResults.Accepted(LocationOf(envelope.TaskId), TaskAccepted.For(envelope, submission!.RunAt));
                }

                var fingerprint = IdempotencyKey.Fingerprint(body);
                var claim = await client.GetGrain<IIdempotencyKeyGrain>(key).ClaimAsync(new IdempotentSubmission(envelope.TaskId, fingerprint, TaskSubmitter.Serialize(envelope)));
                if (claim.Holder.RequestHash != fingerprint)
                {
                    return Problems.Create(context, StatusCodes.Status422UnprocessableEntity, ProblemTypes.IdempotencyKeyReused, "The Idempotency-Key was used for a different request.",
                        $"Task {claim.Holder.TaskId} was submitted with this key and another body. Use a new key for a new task.",
                        new Dictionary<string, object?> { ["taskId"] = claim.Holder.TaskId });
                }

                // The first request may have failed between claiming the key and the broker's confirm,
                // so publish again; the task grain ignores a submission event it already has.
                var holder = claim.IsNew ? envelope : TaskSubmitter.Deserialize(claim.Holder.EnvelopeJson);
                await submitter.PublishAsync(holder);
                var accepted = TaskAccepted.For(holder, claim.IsNew ? submission!.RunAt : holder.ReadSubmission().RunAt);
                return claim.IsNew ? TypedResults.Accepted(accepted.Location, accepted) : TypedResults.Ok(accepted);
            }
            catch (RabbitMqPublishException exception)
            {
                LogBrokerUnavailable(logger, exception);
                return BrokerUnavailable(context);
            }
        }
    }

    /// <summary>Contract, task type, payload and schedule checks of one submission; the problem says what is wrong.</summary>
    private static async Task<(TaskSubmission? Submission, ProblemHttpResult? Problem)> CheckSubmissionAsync(
        HttpContext context, ContractSchemas contracts, TaskTypeCatalog catalog, JsonElement body, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var validation = contracts.Validate(ContractName.TaskSubmission, body);
        if (!validation.IsValid)
        {
            return (null, Problems.Validation(context, "The task submission does not match the task-submission contract.", validation.ToErrorDictionary()));
        }

        var submission = SubmissionReader.Read(body);
        var check = await catalog.CheckAsync(submission.Type, submission.Payload, cancellationToken);
        switch (check.Outcome)
        {
            case TaskTypeCheckOutcome.UnknownType:
                return (null, Problems.Create(context, StatusCodes.Status400BadRequest, ProblemTypes.UnknownTaskType, "Unknown task type.",
                    $"No silo runs tasks of type '{submission.Type}'. Known types: {string.Join(", ", check.KnownTypes)}.",
                    new Dictionary<string, object?> { ["knownTypes"] = check.KnownTypes }));
            case TaskTypeCheckOutcome.InvalidPayload:
                return (null, Problems.Create(context, StatusCodes.Status400BadRequest, ProblemTypes.InvalidPayload, "The payload does not fit the task type.",
                    $"The payload of a '{submission.Type}' task does not match its schema (GET /api/v1/task-types).",
                    new Dictionary<string, object?> { ["errors"] = check.Errors }));
        }

        if (SubmissionReader.CheckSchedule(submission, now) is { } scheduleErrors)
        {
            return (null, Problems.Validation(context, "The task cannot be scheduled that far ahead.", scheduleErrors));
        }

        return (submission, null);
    }

    private static ProblemHttpResult BrokerUnavailable(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "5";
        return Problems.Create(context, StatusCodes.Status503ServiceUnavailable, ProblemTypes.BrokerUnavailable,
            "The task was not accepted.", "The message broker did not confirm the task, so it was not queued. Retry later.");
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Warning, Message = "Task submission refused: the broker did not confirm it")]
    private static partial void LogBrokerUnavailable(ILogger logger, Exception exception);
}
