using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Observatory.Contracts;

/// <summary>
/// The JSON Schema (draft 2020-12) of one task type's payload, compiled once. The silo validates with it
/// before running a task (tasks can arrive over AMQP without passing the gateway) and the gateway before
/// accepting one; both go through this class so a client sees the same errors, in the same words, whichever
/// side caught the mistake. Thread-safe: the built schema is immutable and every evaluation has its own context.
/// </summary>
public sealed class PayloadSchema
{
    private static readonly Uri _defaultBase = new("https://observatory.dev/task-types/");

    // The same evaluation style as the contracts: list output, formats asserted rather than annotated.
    private static readonly EvaluationOptions _evaluationOptions = new()
    {
        OutputFormat = OutputFormat.List,
        RequireFormatValidation = true,
    };

    private readonly JsonSchema _schema;
    private readonly Uri _id;
    private readonly EvaluationErrorReader _errorReader;

    private PayloadSchema(string taskType, string text, JsonNode document, JsonSchema schema, Uri id)
    {
        TaskType = taskType;
        Text = text;
        Document = document;
        _schema = schema;
        _id = id;
        _errorReader = new EvaluationErrorReader(new SchemaNodeResolver(new Dictionary<Uri, JsonNode> { [id] = document }));
    }

    /// <summary>The task type whose payload this schema describes.</summary>
    public string TaskType { get; }

    /// <summary>The schema as the handler wrote it.</summary>
    public string Text { get; }

    /// <summary>The schema as a JSON object, e.g. to embed in a response rather than quote as a string.</summary>
    public JsonNode Document { get; }

    /// <summary>
    /// Parses, checks against the draft 2020-12 meta-schema, and builds <paramref name="schemaText"/>.
    /// A schema that is not valid fails here, once, instead of as a confusing result on every payload.
    /// </summary>
    /// <exception cref="ArgumentException">The text is not JSON, not an object, or not a valid draft 2020-12 schema.</exception>
    public static PayloadSchema Compile(string taskType, string schemaText)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskType);
        ArgumentNullException.ThrowIfNull(schemaText);

        JsonNode? document;
        try
        {
            document = JsonNode.Parse(schemaText);
        }
        catch (JsonException exception)
        {
            throw Invalid(taskType, $"it is not valid JSON ({exception.Message})", exception);
        }

        if (document is not JsonObject root)
        {
            throw Invalid(taskType, "it is not a JSON object");
        }

        if (root["$schema"] is { } declared
            && !(declared is JsonValue value && value.TryGetValue<string>(out var dialect)
                && string.Equals(dialect.TrimEnd('#'), MetaSchemas.Draft202012Id.ToString().TrimEnd('#'), StringComparison.Ordinal)))
        {
            throw Invalid(taskType, $"its $schema must be {MetaSchemas.Draft202012Id} when present, not {declared.ToJsonString()}");
        }

        using (var parsed = JsonDocument.Parse(schemaText))
        {
            var meta = MetaSchemas.Draft202012.Evaluate(parsed.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (!meta.IsValid)
            {
                var reasons = new EvaluationErrorReader(new SchemaNodeResolver(new Dictionary<Uri, JsonNode>()))
                    .Read(meta, MetaSchemas.Draft202012Id)
                    .Select(e => (e.InstancePath.Length == 0 ? "(root)" : e.InstancePath) + ": " + e.Message);
                throw Invalid(taskType, "it does not satisfy the draft 2020-12 meta-schema: " + string.Join("; ", reasons));
            }
        }

        try
        {
            // A private registry per schema: the global one refuses a second schema with the same $id,
            // and a gateway rebuilds its schemas whenever it refreshes the catalog.
            var buildOptions = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
            var schema = JsonSchema.FromText(schemaText, buildOptions, new Uri(_defaultBase, Uri.EscapeDataString(taskType) + ".json"));
            return new PayloadSchema(taskType, schemaText, root, schema, schema.BaseUri);
        }
        catch (Exception exception) when (exception is JsonSchemaException or JsonException or ArgumentException or InvalidOperationException)
        {
            throw Invalid(taskType, exception.Message, exception);
        }
    }

    /// <summary>Validates a payload; error paths are relative to the payload itself (<c>""</c> is the payload).</summary>
    public ContractValidationResult Validate(JsonElement payload)
    {
        var results = _schema.Evaluate(payload, _evaluationOptions);
        return results.IsValid
            ? ContractValidationResult.Valid
            : new ContractValidationResult(_errorReader.Read(results, _id));
    }

    /// <summary>
    /// Validates a payload that sits at <paramref name="pointerPrefix"/> in a larger document, e.g. <c>/payload</c>
    /// in a task submission. Returns null when it is valid, else messages keyed by JSON Pointer under the prefix,
    /// the shape of the <c>errors</c> member of a validation problem.
    /// </summary>
    public IReadOnlyDictionary<string, string[]>? FindErrors(JsonElement payload, string pointerPrefix)
    {
        ArgumentNullException.ThrowIfNull(pointerPrefix);
        var result = Validate(payload);
        if (result.IsValid)
        {
            return null;
        }

        return result.ToErrorDictionary()
            .ToDictionary(e => pointerPrefix + e.Key, e => e.Value, StringComparer.Ordinal);
    }

    private static ArgumentException Invalid(string taskType, string reason, Exception? inner = null) =>
        new($"The payload schema of task type '{taskType}' is not usable: {reason}.", inner);
}
