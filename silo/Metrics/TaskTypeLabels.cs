namespace Observatory.Silo.Metrics;

/// <summary>
/// Bounds the <c>type</c> label: the first <see cref="MaxTypes"/> registered task types (in name
/// order) keep their name, anything else, including types no handler runs, is <see cref="Other"/>.
/// </summary>
internal static class TaskTypeLabels
{
    public const int MaxTypes = 20;
    public const string Other = "other";

    public static IReadOnlyList<string> Select(IEnumerable<string> registeredTypes) =>
        [.. registeredTypes.Order(StringComparer.Ordinal).Take(MaxTypes), Other];
}
