using Microsoft.OpenApi;
using Observatory.Gateway.Security;

namespace Observatory.Gateway.OpenApi;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>) and a reference page served from the gateway itself
/// (<c>/api/reference</c>, Swagger UI's assets embedded in the package: no CDN, works offline).
/// </summary>
public static class ApiDocumentation
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "api/reference";

    public static IServiceCollection AddApiDocumentation(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Observatory API",
                Version = "v1",
                Description = "Submit tasks, follow them through their lifecycle and operate the cluster. Errors are RFC 9457 problem details with a stable type.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.HeaderName,
                Description = "An API key (or 'Authorization: Bearer <key>'); required for everything that changes state.",
            };
            return Task.CompletedTask;
        }));

    public static WebApplication MapApiDocumentation(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapOpenApi("/openapi/{documentName}.json");
        app.UseSwaggerUI(ui =>
        {
            ui.SwaggerEndpoint(DocumentPath, "Observatory API v1");
            ui.RoutePrefix = ReferencePath;
            ui.DocumentTitle = "Observatory API reference";
        });
        return app;
    }
}
