using System.Text.Json.Nodes;
using Json.Schema;

namespace Observatory.Contracts;

/// <summary>
/// Turns JsonSchema.Net list output into client-facing errors: keeps only the failures that make the
/// instance invalid, and rewrites the messages that would otherwise not tell a client what to fix.
/// </summary>
internal sealed class EvaluationErrorReader
{
    private readonly SchemaNodeResolver _resolver;

    public EvaluationErrorReader(SchemaNodeResolver resolver)
    {
        _resolver = resolver;
    }

    public IReadOnlyList<ContractValidationError> Read(EvaluationResults results, Uri schemaId)
    {
        if (results.IsValid)
        {
            return [];
        }

        var nodes = Flatten(results).ToList();
        var children = nodes
            .Where(n => n.Parent is not null)
            .ToLookup<EvaluationResults, EvaluationResults>(n => n.Parent!, ReferenceEqualityComparer.Instance);

        var errors = new List<ContractValidationError>();
        foreach (var node in nodes)
        {
            if (node.Errors is not { Count: > 0 } nodeErrors || !Contributes(node, children))
            {
                continue;
            }

            foreach (var (keyword, message) in nodeErrors)
            {
                var error = Describe(node, keyword, message, schemaId);
                // The same rule can be stated twice (e.g. "data is an object" in properties and in the if/then shape).
                if (!errors.Exists(e => e.InstancePath == error.InstancePath && e.Keyword == error.Keyword && e.Message == error.Message))
                {
                    errors.Add(error);
                }
            }
        }

        if (errors.Count == 0)
        {
            // e.g. a failed "not" or an ambiguous "oneOf": the library reports no message for those.
            errors.Add(new ContractValidationError(string.Empty, string.Empty, "The document does not satisfy the schema.", string.Empty));
        }

        return errors;
    }

    private static IEnumerable<EvaluationResults> Flatten(EvaluationResults root)
    {
        var pending = new Stack<EvaluationResults>();
        pending.Push(root);
        var seen = new HashSet<EvaluationResults>(ReferenceEqualityComparer.Instance);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (!seen.Add(node))
            {
                continue;
            }

            yield return node;
            if (node.Details is { } details)
            {
                for (var i = details.Count - 1; i >= 0; i--)
                {
                    pending.Push(details[i]);
                }
            }
        }
    }

    /// <summary>
    /// False when the node sits under a subschema whose failure does not fail the instance:
    /// an <c>if</c> condition, a <c>not</c>, a <c>contains</c> probe, or a losing <c>anyOf</c>/<c>oneOf</c> branch.
    /// </summary>
    private static bool Contributes(EvaluationResults node, ILookup<EvaluationResults, EvaluationResults> children)
    {
        var child = node;
        while (child.Parent is { } parent)
        {
            foreach (var keyword in Keywords(RelativePath(parent, child)))
            {
                switch (keyword)
                {
                    case "if" or "not" or "contains":
                        return false;
                    case "anyOf" or "oneOf" when AnyBranchPassed(parent, keyword, children[parent]):
                        return false;
                    default:
                        break;
                }
            }

            child = parent;
        }

        return true;
    }

    private static bool AnyBranchPassed(EvaluationResults parent, string keyword, IEnumerable<EvaluationResults> siblings) =>
        siblings.Any(s =>
            s.IsValid
            && s.InstanceLocation.ToString() == parent.InstanceLocation.ToString()
            && RelativePath(parent, s) is [var first, _, ..] && first == keyword);

    private static string[] RelativePath(EvaluationResults parent, EvaluationResults child)
    {
        var parentSegments = JsonPointerText.Split(parent.EvaluationPath.ToString());
        var childSegments = JsonPointerText.Split(child.EvaluationPath.ToString());
        return childSegments.Length >= parentSegments.Length && childSegments.AsSpan(0, parentSegments.Length).SequenceEqual(parentSegments)
            ? childSegments[parentSegments.Length..]
            : childSegments;
    }

    /// <summary>The keyword segments of an evaluation path, skipping the property names and indexes that follow keyed keywords.</summary>
    internal static IEnumerable<string> Keywords(IReadOnlyList<string> segments)
    {
        for (var i = 0; i < segments.Count; i++)
        {
            yield return segments[i];
            if (SchemaNodeResolver.KeyedKeywords.Contains(segments[i]))
            {
                i++;
            }
        }
    }

    private ContractValidationError Describe(EvaluationResults node, string keyword, string message, Uri schemaId)
    {
        var instancePath = node.InstanceLocation.ToString();
        var schemaPath = node.EvaluationPath.ToString();
        var segments = JsonPointerText.Split(schemaPath);

        if (keyword.Length == 0)
        {
            // The "false" schema; under additionalProperties it means "this property is unknown".
            var applicator = Keywords(segments).LastOrDefault();
            if (applicator is "additionalProperties" or "unevaluatedProperties" && JsonPointerText.Split(instancePath) is [.., var name])
            {
                return new ContractValidationError(instancePath, applicator, $"Property \"{name}\" is not allowed", schemaPath);
            }

            return new ContractValidationError(instancePath, "false", message, schemaPath);
        }

        var enriched = keyword switch
        {
            "enum" or "const" or "pattern" => Enrich(keyword, _resolver.Resolve(schemaId, segments)),
            _ => null,
        };
        return new ContractValidationError(instancePath, keyword, enriched ?? message, schemaPath);
    }

    private static string? Enrich(string keyword, JsonNode? schema)
    {
        if (schema is not JsonObject obj || !obj.TryGetPropertyValue(keyword, out var value))
        {
            return null;
        }

        return keyword switch
        {
            "enum" when value is JsonArray values =>
                "Value should be one of " + string.Join(", ", values.Select(v => v?.ToJsonString() ?? "null")),
            "const" => "Value should be " + (value?.ToJsonString() ?? "null"),
            "pattern" when value is JsonValue pattern && pattern.TryGetValue<string>(out var regex) =>
                $"Value should match the pattern {regex}",
            _ => null,
        };
    }
}
