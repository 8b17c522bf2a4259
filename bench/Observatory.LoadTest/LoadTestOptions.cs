using System.Globalization;

namespace Observatory.LoadTest;

/// <summary>Command-line settings: <c>--gateway URL --tasks N --concurrency C --type T --payload JSON</c>.</summary>
internal sealed record LoadTestOptions(Uri Gateway, int Tasks, int Concurrency, string TaskType, string PayloadJson)
{
    public static LoadTestOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        return new LoadTestOptions(
            new Uri(values.GetValueOrDefault("--gateway", "http://127.0.0.1:5080")),
            int.Parse(values.GetValueOrDefault("--tasks", "2000"), CultureInfo.InvariantCulture),
            int.Parse(values.GetValueOrDefault("--concurrency", "32"), CultureInfo.InvariantCulture),
            values.GetValueOrDefault("--type", "noop"),
            values.GetValueOrDefault("--payload", "{}"));
    }
}
