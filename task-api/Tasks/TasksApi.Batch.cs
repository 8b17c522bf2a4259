using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Observatory.Contracts;
using Observatory.Gateway.Http;
using Observatory.Tasks;

namespace Observatory.Gateway.Tasks;

public static partial class TasksApi
{
    /// <summary>
    /// Submits up to <see cref="GatewayLimits.MaxBatchSize"/> tasks. Each item is checked on its own
    /// and answered on its own: one bad item never sinks the others. The valid ones are published
    /// together, so their confirms cost about one broker round trip.
    /// </summary>
    internal static async Task<Results<Ok<TaskBatchResult>, ProblemHttpResult>> SubmitBatchAsync(
        HttpContext context, ContractSchemas contracts, TaskTypeCatalog catalog, TaskSubmitter submitter, TimeProvider timeProvider,
        ILogger<TaskSubmitter> logger, CancellationToken cancellationToken)
    {
        var (document, problem) = await JsonBody.ReadAsync(context, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        using (document)
        {
            var body = document!.RootElement;
            if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("tasks", out var tasks) || tasks.ValueKind != JsonValueKind.Array
                || tasks.GetArrayLength() is 0 or > GatewayLimits.MaxBatchSize || body.EnumerateObject().Count() != 1)
            {
                return Problems.Validation(context, "A batch is an object with one member, \"tasks\": an array of 1 to 1000 task submissions.",
                    new Dictionary<string, string[]> { ["/tasks"] = [$"Expected an array of 1 to {GatewayLimits.MaxBatchSize} task submissions."] });
            }

            var now = timeProvider.GetUtcNow();
            var correlationId = CorrelationId.Get(context);
            var items = new TaskBatchItem[tasks.GetArrayLength()];
            var envelopes = new List<TaskEventEnvelope>(items.Length);
            var valid = new List<(int Index, DateTimeOffset? RunAt)>(items.Length);
            var index = 0;
            foreach (var task in tasks.EnumerateArray())
            {
                var (submission, invalid) = await CheckSubmissionAsync(context, contracts, catalog, task, now, cancellationToken);
                if (invalid is not null)
                {
                    items[index] = TaskBatchItem.Rejected(index, invalid.ProblemDetails);
                }
                else
                {
                    envelopes.Add(submitter.Create(submission!, correlationId, null));
                    valid.Add((index, submission!.RunAt));
                }

                index++;
            }

            var failures = await submitter.PublishManyAsync(envelopes);
            for (var i = 0; i < envelopes.Count; i++)
            {
                var (itemIndex, runAt) = valid[i];
                if (failures[i] is { } failure)
                {
                    LogBrokerUnavailable(logger, failure);
                    items[itemIndex] = TaskBatchItem.Rejected(itemIndex, BrokerUnavailable(context).ProblemDetails);
                }
                else
                {
                    items[itemIndex] = TaskBatchItem.Accepted(itemIndex, TaskAccepted.For(envelopes[i], runAt));
                }
            }

            var accepted = items.Count(i => i.Status == TaskBatchItem.AcceptedStatus);
            return TypedResults.Ok(new TaskBatchResult(accepted, items.Length - accepted, items));
        }
    }
}
