using Microsoft.AspNetCore.Http.HttpResults;
using Observatory.Gateway.Tasks;

namespace Observatory.Gateway.Metrics;

/// <summary>Counts what a submit endpoint answered: accepted tasks and rejections by problem type.</summary>
internal sealed class SubmissionMetricsFilter(string api) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        object? result;
        try
        {
            result = await next(context);
        }
        catch (Exception)
        {
            SubmissionMetrics.RecordException(api);
            throw;
        }

        switch (result is INestedHttpResult nested ? nested.Result : result)
        {
            case Ok<TaskBatchResult> { Value: { } batch }:
                SubmissionMetrics.Record(api, batch.Accepted, batch.Items.Where(i => i.Error is not null).Select(i => i.Error!.Type));
                break;
            case ProblemHttpResult problem:
                SubmissionMetrics.Record(api, 0, [problem.ProblemDetails.Type]);
                break;
            default:
                SubmissionMetrics.Record(api, 1, []);
                break;
        }

        return result;
    }
}
