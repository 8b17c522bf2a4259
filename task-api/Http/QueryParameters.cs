using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Observatory.Gateway.Http;

/// <summary>Query-string checks shared by the list endpoints: errors are collected per parameter and answered together.</summary>
public static class QueryParameters
{
    /// <summary>The page size: <paramref name="defaultLimit"/> when absent, else an integer 1..<paramref name="maxLimit"/> (an error under <c>limit</c> otherwise).</summary>
    public static int ReadLimit(string? limit, int defaultLimit, int maxLimit, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (limit is null)
        {
            return defaultLimit;
        }

        if (int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var pageSize) && pageSize >= 1 && pageSize <= maxLimit)
        {
            return pageSize;
        }

        errors["limit"] = [$"limit must be an integer from 1 to {maxLimit}."];
        return defaultLimit;
    }

    /// <summary>400 invalid-query problem listing every malformed parameter under <c>errors</c>.</summary>
    public static ProblemHttpResult Invalid(HttpContext context, Dictionary<string, string[]> errors) =>
        Problems.Create(context, StatusCodes.Status400BadRequest, ProblemTypes.InvalidQuery, "The query is not valid.", "See errors.",
            new Dictionary<string, object?> { ["errors"] = errors });
}
