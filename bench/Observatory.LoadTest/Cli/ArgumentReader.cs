using System.Globalization;

namespace Observatory.LoadTest.Cli;

/// <summary>
/// Reads <c>--name value</c> pairs. Every option must be consumed by the mode that parses them, so a
/// misspelt option fails loudly instead of silently running a different benchmark than intended.
/// </summary>
internal sealed class ArgumentReader
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _consumed = new(StringComparer.Ordinal);

    public ArgumentReader(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new UsageException($"expected '--option value', got '{name}'");
            }

            _values[name] = args[++i];
        }
    }

    public string String(string name, string fallback) => Take(name) ?? fallback;

    public string? OptionalString(string name) => Take(name);

    public int Int(string name, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        var text = Take(name);
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            || value < min || value > max)
        {
            throw new UsageException($"{name} must be an integer in {min}..{max}, got '{text}'");
        }

        return value;
    }

    public double? OptionalDouble(string name)
    {
        var text = Take(name);
        if (text is null)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new UsageException($"{name} must be a positive number, got '{text}'");
    }

    /// <summary>Durations as <c>500ms</c>, <c>10s</c>, <c>2m</c>, <c>1h</c> or plain seconds.</summary>
    public TimeSpan Duration(string name, TimeSpan fallback)
    {
        var text = Take(name);
        return text is null ? fallback : ParseDuration(name, text);
    }

    public Uri Uri(string name, string fallback)
    {
        var text = String(name, fallback);
        return System.Uri.TryCreate(text, UriKind.Absolute, out var uri)
            ? uri
            : throw new UsageException($"{name} must be an absolute URL, got '{text}'");
    }

    /// <summary>Fails on any option the mode did not read.</summary>
    public void EnsureAllConsumed()
    {
        var unknown = _values.Keys.Where(k => !_consumed.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"unknown option(s): {string.Join(", ", unknown)}");
        }
    }

    internal static TimeSpan ParseDuration(string name, string text)
    {
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : text.EndsWith('h') ? (text[..^1], 3600.0)
            : (text, 1.0);
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? TimeSpan.FromSeconds(value * unit)
            : throw new UsageException($"{name} must be a duration like 500ms, 10s, 2m, got '{text}'");
    }

    private string? Take(string name)
    {
        _consumed.Add(name);
        return _values.TryGetValue(name, out var value) ? value : null;
    }
}
