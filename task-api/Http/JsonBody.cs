using System.Text.Json;
using System.Text.Unicode;
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
            // Buffered so the bytes can be checked as UTF-8 first: JsonDocument checks structure
            // only, and an invalid sequence inside a string would throw later, when it is read.
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, cancellationToken);
            var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
            if (!Utf8.IsValid(body.Span))
            {
                return (null, Problems.Create(context, StatusCodes.Status400BadRequest, ProblemTypes.MalformedJson,
                    "The body is not valid JSON.", "The body is not valid UTF-8."));
            }

            return (JsonDocument.Parse(body), null);
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
        catch (BadHttpRequestException exception)
        {
            // A body cut short or badly framed: the client's fault, never a 500.
            return (null, Problems.Create(context, StatusCodes.Status400BadRequest, ProblemTypes.MalformedJson,
                "The body could not be read.", exception.Message));
        }
    }
}
