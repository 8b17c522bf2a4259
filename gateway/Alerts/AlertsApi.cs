using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Observatory.Alerts;
using Observatory.Contracts;
using Observatory.Gateway.Http;
using Observatory.Gateway.Security;

namespace Observatory.Gateway.Alerts;

/// <summary>
/// <c>/api/v1/alerts</c>: Alertmanager's webhook (<c>POST /webhook</c>, bearer token) and the list
/// of active alerts the UIs read (<c>GET /</c>).
/// </summary>
public static class AlertsApi
{
    public const string Prefix = "/api/v1/alerts";

    public static IServiceCollection AddAlertsApi(this IServiceCollection services)
    {
        services.AddOptions<AlertWebhookOptions>().BindConfiguration(AlertWebhookOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    public static RouteGroupBuilder MapAlertsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Prefix).WithTags("Alerts");
        group.MapPost("/webhook", ReceiveAsync).WithName("AlertmanagerWebhook");
        group.MapGet("/", ListAsync).WithName("ListAlerts").RequireScope(ApiScopes.Read);
        return group;
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> ReceiveAsync(
        HttpContext context, IOptions<AlertWebhookOptions> options, ContractSchemas contracts, IClusterClient client, CancellationToken cancellationToken)
    {
        if (!BearerToken.Matches(context.Request, options.Value.WebhookToken))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Problems.Create(context, StatusCodes.Status401Unauthorized, ProblemTypes.Unauthorized, "Authentication required.",
                "Send the webhook token configured as Observatory:Alerts:WebhookToken as an Authorization: Bearer header.");
        }

        var (document, problem) = await JsonBody.ReadAsync(context, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        using (document)
        {
            var validation = contracts.Validate(ContractName.AlertmanagerWebhook, document!.RootElement);
            if (!validation.IsValid)
            {
                return Problems.Validation(context, "The body is not an Alertmanager webhook payload (version 4).", validation.ToErrorDictionary());
            }

            await client.GetGrain<IAlertsGrain>(IAlertsGrain.Key).ApplyAsync(AlertNotices.Read(document.RootElement));
            return TypedResults.NoContent();
        }
    }

    internal static async Task<Ok<AlertListResource>> ListAsync(IClusterClient client) =>
        TypedResults.Ok(AlertListResource.From(await client.GetGrain<IAlertsGrain>(IAlertsGrain.Key).GetAsync()));
}
