using System.Text.Json;

namespace Observatory.Grains.Handlers;

/// <summary>
/// Reads the fields of an already schema-checked payload. The checks repeat the schema's limits because
/// a handler can also be called directly (tests, a future caller), and a wrong payload must then fail
/// permanently rather than run with a surprising value.
/// </summary>
internal static class PayloadFields
{
    /// <summary>An integer field in <c>[min, max]</c>, or <paramref name="fallback"/> when absent.</summary>
    public static long? Integer(JsonElement payload, string name, long min, long max, long? fallback = null)
    {
        if (!TryGet(payload, name, out var field))
        {
            return fallback;
        }

        // JSON Schema counts 5.0 as an integer, so accept it here too.
        if (field.ValueKind == JsonValueKind.Number
            && (field.TryGetInt64(out var value) || (field.TryGetDouble(out var real) && Math.Floor(real) == real && TryToInt64(real, out value)))
            && value >= min && value <= max)
        {
            return value;
        }

        throw new TaskPayloadException($"\"{name}\" must be an integer from {min} to {max}.");
    }

    /// <summary>A number field in <c>[min, max]</c>, or <paramref name="fallback"/> when absent.</summary>
    public static double Number(JsonElement payload, string name, double min, double max, double fallback)
    {
        if (!TryGet(payload, name, out var field))
        {
            return fallback;
        }

        return field.ValueKind == JsonValueKind.Number && field.TryGetDouble(out var value) && value >= min && value <= max
            ? value
            : throw new TaskPayloadException($"\"{name}\" must be a number from {min} to {max}.");
    }

    public static bool Boolean(JsonElement payload, string name, bool fallback) =>
        !TryGet(payload, name, out var field)
            ? fallback
            : field.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new TaskPayloadException($"\"{name}\" must be true or false."),
            };

    public static string? Text(JsonElement payload, string name, int maxLength) =>
        !TryGet(payload, name, out var field)
            ? null
            : field.ValueKind == JsonValueKind.String && field.GetString() is { } text && text.Length <= maxLength
                ? text
                : throw new TaskPayloadException($"\"{name}\" must be a string of at most {maxLength} characters.");

    private static bool TryGet(JsonElement payload, string name, out JsonElement field)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            throw new TaskPayloadException("The payload must be a JSON object.");
        }

        return payload.TryGetProperty(name, out field) && field.ValueKind != JsonValueKind.Null;
    }

    private static bool TryToInt64(double value, out long result)
    {
        var inRange = value is >= long.MinValue and < long.MaxValue;
        result = inRange ? (long)value : 0;
        return inRange;
    }
}
