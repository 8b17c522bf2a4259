using Microsoft.AspNetCore.Http.HttpResults;

namespace Observatory.Gateway.Http;

/// <summary>Builds the gateway's RFC 9457 problem responses, each with its stable type and the correlation id.</summary>
public static class Problems
{
    public static ProblemHttpResult Create(HttpContext context, int status, string type, string title, string detail, IDictionary<string, object?>? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var all = new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>())
        {
            ["correlationId"] = CorrelationId.Get(context),
        };
        return TypedResults.Problem(detail, context.Request.Path, status, title, type, all);
    }

    public static ProblemHttpResult Validation(HttpContext context, string detail, IReadOnlyDictionary<string, string[]> errors) =>
        Create(context, StatusCodes.Status400BadRequest, ProblemTypes.Validation, "The request is not valid.", detail, new Dictionary<string, object?> { ["errors"] = errors });
}
