using System.Text.Json;

namespace Observatory.EventArchive;

/// <summary>The short summary of an event's data that the archive keeps instead of the data itself.</summary>
public static class ArchivedEventSummary
{
    /// <summary>Longest summary kept; payloads can be large and the archive is for browsing, not replay.</summary>
    public const int MaxLength = 256;

    /// <summary>The data as compact JSON, cut at <see cref="MaxLength"/> characters with a trailing ellipsis; null for no data.</summary>
    public static string? Of(JsonElement data)
    {
        if (data.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null
            || (data.ValueKind == JsonValueKind.Object && !data.EnumerateObject().Any()))
        {
            return null;
        }

        // Serialising (rather than GetRawText) compacts data that was parsed from indented JSON.
        var text = JsonSerializer.Serialize(data);
        if (text.Length <= MaxLength)
        {
            return text;
        }

        // Never cut a surrogate pair in half.
        var cut = MaxLength - 1;
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut), "…");
    }
}
