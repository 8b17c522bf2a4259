using System.Collections.Frozen;
using System.Text.Json.Nodes;

namespace Observatory.Contracts;

/// <summary>
/// Finds the raw schema node an evaluation path points at, following <c>$ref</c>s, so error messages
/// can quote the allowed values or the pattern instead of the library's generic wording.
/// Best effort: returns null whenever the path cannot be followed, and the caller keeps the library message.
/// </summary>
internal sealed class SchemaNodeResolver
{
    // After these keywords the next evaluation-path segment is a property name or an array index, not a keyword.
    internal static readonly FrozenSet<string> KeyedKeywords = FrozenSet.Create(
        StringComparer.Ordinal,
        "properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "allOf", "anyOf", "oneOf", "prefixItems");

    private const int MaxReferenceHops = 64;

    private readonly IReadOnlyDictionary<Uri, JsonNode> _documents;

    /// <param name="documents">Raw schema documents keyed by their <c>$id</c> (no fragment).</param>
    public SchemaNodeResolver(IReadOnlyDictionary<Uri, JsonNode> documents)
    {
        _documents = documents;
    }

    public JsonNode? Resolve(Uri rootId, IReadOnlyList<string> evaluationPath)
    {
        if (!_documents.TryGetValue(rootId, out var current))
        {
            return null;
        }

        var baseUri = rootId;
        var expectName = false;
        string? previousKeyword = null;
        var hops = 0;
        foreach (var segment in evaluationPath)
        {
            if (expectName)
            {
                current = JsonPointerText.Child(current, segment);
                expectName = false;
            }
            else if (segment is "$ref" && current is JsonObject withRef)
            {
                if (++hops > MaxReferenceHops || !TryFollow(withRef, ref baseUri, out current))
                {
                    return null;
                }

                previousKeyword = segment;
            }
            else if (current is JsonObject obj && obj.TryGetPropertyValue(segment, out var next))
            {
                current = next;
                expectName = KeyedKeywords.Contains(segment);
                previousKeyword = segment;
            }
            else if (segment == previousKeyword)
            {
                // JsonSchema.Net 8.0.5 repeats the applicator in item paths (".../items/items"); stay put.
                continue;
            }
            else
            {
                return null;
            }

            if (current is null)
            {
                return null;
            }
        }

        return expectName ? null : current;
    }

    private bool TryFollow(JsonObject schema, ref Uri baseUri, out JsonNode? target)
    {
        target = null;
        if (schema["$ref"] is not JsonValue refValue || !refValue.TryGetValue<string>(out var reference)
            || !Uri.TryCreate(baseUri, reference, out var absolute))
        {
            return false;
        }

        var documentUri = new UriBuilder(absolute) { Fragment = string.Empty }.Uri;
        if (!_documents.TryGetValue(documentUri, out var document))
        {
            return false;
        }

        var fragment = Uri.UnescapeDataString(absolute.Fragment.TrimStart('#'));
        if (fragment.Length > 0 && fragment[0] != '/')
        {
            return false; // a plain-name anchor; none of our schemas use one
        }

        baseUri = documentUri;
        target = JsonPointerText.Resolve(document, fragment);
        return target is not null;
    }
}
