namespace Observatory.Alerts;

/// <summary>
/// The deployment's alerts as Alertmanager reported them, so the UIs can list them without asking
/// Alertmanager. One grain (key <see cref="Key"/>); its state is persisted, so a restart keeps them.
/// </summary>
[Alias("observatory.alerts-grain")]
public interface IAlertsGrain : IGrainWithIntegerKey
{
    const long Key = 0;

    /// <summary>Records one webhook notification: firing alerts become (or stay) active, resolved ones leave the active list.</summary>
    [Alias("apply")]
    Task ApplyAsync(IReadOnlyList<AlertNotice> notices);

    /// <summary>Active alerts, newest first, and the recently resolved ones, newest resolution first.</summary>
    [Alias("get")]
    Task<AlertBoard> GetAsync();
}
