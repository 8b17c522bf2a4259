using System.ComponentModel.DataAnnotations;

namespace Observatory.Gateway.Alerts;

/// <summary>The <c>Observatory:Alerts</c> section: how Alertmanager authenticates to the gateway.</summary>
public sealed class AlertWebhookOptions
{
    public const string SectionName = "Observatory:Alerts";

    /// <summary>
    /// The bearer token Alertmanager sends to <c>POST /api/v1/alerts/webhook</c>. Unset, the webhook
    /// accepts nothing. Set it from a secret (<c>Observatory__Alerts__WebhookToken</c>), never in a file in git.
    /// </summary>
    [MinLength(16, ErrorMessage = "Observatory:Alerts:WebhookToken must be at least 16 characters.")]
    public string? WebhookToken { get; set; }
}
