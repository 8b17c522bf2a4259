using System.Globalization;
using System.Text.Json.Nodes;

namespace Observatory.Contracts;

/// <summary>RFC 6901 JSON Pointers as plain strings: the one format paths take in errors and change reports.</summary>
internal static class JsonPointerText
{
    public static string Append(string pointer, string segment) =>
        string.Concat(pointer, "/", Escape(segment));

    public static string Append(string pointer, int index) =>
        string.Concat(pointer, "/", index.ToString(CultureInfo.InvariantCulture));

    public static string Escape(string segment) =>
        segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    public static string Unescape(string segment) =>
        segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    /// <summary>Unescaped segments; the root pointer <c>""</c> has none.</summary>
    public static string[] Split(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }

        if (pointer[0] != '/')
        {
            throw new FormatException($"\"{pointer}\" is not a JSON Pointer: it must be empty or start with '/'.");
        }

        return pointer[1..].Split('/').Select(Unescape).ToArray();
    }

    /// <summary>The node at <paramref name="pointer"/>, or null when a segment does not exist.</summary>
    public static JsonNode? Resolve(JsonNode? root, string pointer)
    {
        var current = root;
        foreach (var segment in Split(pointer))
        {
            current = Child(current, segment);
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>A property of an object or an element of an array by decimal index; null when absent.</summary>
    public static JsonNode? Child(JsonNode? node, string segment) =>
        node switch
        {
            JsonObject obj => obj.TryGetPropertyValue(segment, out var value) ? value : null,
            JsonArray array when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && index < array.Count => array[index],
            _ => null,
        };
}
