namespace Observatory.ServiceDefaults.Stats;

/// <summary>A history window the API accepts, with the resolution it is served at.</summary>
public sealed record StatsWindow(string Name, TimeSpan Length, int ResolutionSeconds)
{
    /// <summary>Up to 15 minutes at one point per second; longer windows at one point per minute.</summary>
    public static IReadOnlyList<StatsWindow> All { get; } =
    [
        new("1m", TimeSpan.FromMinutes(1), 1),
        new("5m", TimeSpan.FromMinutes(5), 1),
        new("15m", TimeSpan.FromMinutes(15), 1),
        new("1h", TimeSpan.FromHours(1), 60),
        new("6h", TimeSpan.FromHours(6), 60),
        new("24h", TimeSpan.FromHours(24), 60),
    ];

    public static bool TryParse(string? name, out StatsWindow window)
    {
        window = All.FirstOrDefault(w => string.Equals(w.Name, name, StringComparison.Ordinal))!;
        return window is not null;
    }
}
