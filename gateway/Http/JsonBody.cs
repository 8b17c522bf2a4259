using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Observatory.Gateway.Http;

/// <summary>Reads a JSON request body, answering the ways it can be unusable with problem details.</summary>
public static class JsonBody
{
    public static async Task<(JsonDocument? Document, ProblemHttpResult? Problem)> ReadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.HasJsonContentType())
        {
            return (null, Problems.Create(context, StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType,
                "Unsupported media type.", "Send the body as application/json."));
        }

        try
        {
            return (await JsonDocument.ParseAsync(context.Request.Body, default, cancellationToken), null);
        }
        catch (JsonException exception)
        {
            return (null, Problems.Create(context, StatusCodes.Status400BadRequest, ProblemTypes.MalformedJson,
                "The body is not valid JSON.", exception.Message));
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Problems.Create(context, StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge,
                "The request body is too large.", $"A request body may be at most {GatewayLimits.MaxRequestBodyBytes} bytes."));
        }
    }
}
