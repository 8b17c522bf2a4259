using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Observatory.Contracts;
using Observatory.Gateway.Http;
using Observatory.Streaming.RabbitMq;
using Observatory.Tasks;

namespace Observatory.Gateway.Tasks;

/// <summary>The task endpoints under <c>/api/v1/tasks</c>.</summary>
public static partial class TasksApi
{
    public static RouteGroupBuilder MapTasksApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/tasks").WithTags("Tasks");
        group.MapPost("/", SubmitAsync).WithName("SubmitTask");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetTask");
        return group;
    }

    internal static async Task<Results<Accepted<TaskAccepted>, ProblemHttpResult>> SubmitAsync(
        HttpContext context, ContractSchemas contracts, TaskSubmitter submitter, ILogger<TaskSubmitter> logger, CancellationToken cancellationToken)
    {
        if (!context.Request.HasJsonContentType())
        {
            return Problems.Create(context, StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType,
                "Unsupported media type.", "Submit the task as application/json.");
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, default, cancellationToken);
        }
        catch (JsonException exception)
        {
            return Problems.Create(context, StatusCodes.Status400BadRequest, ProblemTypes.MalformedJson,
                "The body is not valid JSON.", exception.Message);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.Create(context, StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge,
                "The request body is too large.", $"A request body may be at most {GatewayLimits.MaxRequestBodyBytes} bytes.");
        }

        using (document)
        {
            var body = document.RootElement;
            var validation = contracts.Validate(ContractName.TaskSubmission, body);
            if (!validation.IsValid)
            {
                return Problems.Validation(context, "The task submission does not match the task-submission contract.", validation.ToErrorDictionary());
            }

            var type = body.GetProperty("type").GetString()!;
            var payload = body.TryGetProperty("payload", out var p) ? p : EmptyObject;
            IReadOnlyList<string> tags = body.TryGetProperty("tags", out var t) ? [.. t.EnumerateArray().Select(x => x.GetString()!)] : [];
            try
            {
                var submitted = await submitter.SubmitAsync(type, payload, tags, CorrelationId.Get(context));
                var location = $"/api/v1/tasks/{submitted.TaskId}";
                return TypedResults.Accepted(location, new TaskAccepted(submitted.TaskId, submitted.EventId, "queued", location));
            }
            catch (RabbitMqPublishException exception)
            {
                LogBrokerUnavailable(logger, exception);
                context.Response.Headers.RetryAfter = "5";
                return Problems.Create(context, StatusCodes.Status503ServiceUnavailable, ProblemTypes.BrokerUnavailable,
                    "The task was not accepted.", "The message broker did not confirm the task, so it was not queued. Retry later.");
            }
        }
    }

    internal static async Task<Results<Ok<TaskResource>, ProblemHttpResult>> GetAsync(
        Guid id, HttpContext context, IClusterClient client, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var grain = client.GetGrain<ITaskGrain>(id);
        var snapshot = await grain.GetAsync();
        if (snapshot is null && AcceptedTaskVisibility.IsRecentlyMinted(id, timeProvider.GetUtcNow()))
        {
            snapshot = await AcceptedTaskVisibility.WaitForAsync(grain.GetAsync, timeProvider, cancellationToken);
        }

        return snapshot is null
            ? Problems.Create(context, StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Task not found.", $"No task has the id {id}.")
            : TypedResults.Ok(TaskResource.From(snapshot));
    }

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    [LoggerMessage(EventId = 3000, Level = LogLevel.Warning, Message = "Task submission refused: the broker did not confirm it")]
    private static partial void LogBrokerUnavailable(ILogger logger, Exception exception);
}
