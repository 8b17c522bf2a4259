namespace Observatory.Gateway.Http;

/// <summary>
/// Takes the caller's <c>X-Correlation-Id</c> (or makes one), echoes it on the response and keeps it
/// for the request so it can be carried into events and problem details.
/// </summary>
public static class CorrelationId
{
    public const string HeaderName = "X-Correlation-Id";
    private const int MaxLength = 128;
    private static readonly object ItemKey = new();

    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var supplied = context.Request.Headers[HeaderName].ToString();
            var id = IsAcceptable(supplied) ? supplied : Guid.CreateVersion7().ToString();
            context.Items[ItemKey] = id;
            context.Response.Headers[HeaderName] = id;
            await next(context);
        });

    public static string Get(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items[ItemKey] as string ?? throw new InvalidOperationException("UseCorrelationId must run before endpoints.");
    }

    // Printable ASCII only: the id is echoed in headers and written into logs and events.
    private static bool IsAcceptable(string value) =>
        value.Length is > 0 and <= MaxLength && value.All(c => c is > ' ' and <= '~');
}
