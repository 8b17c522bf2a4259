using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Observatory.Contracts;

/// <summary>
/// The embedded contract schemas, built once into a private registry, and the validator the gateway runs per request.
/// Thread-safe: the built schemas are immutable and every evaluation gets its own context.
/// </summary>
public sealed class ContractSchemas
{
    private static readonly Lazy<ContractSchemas> _default = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    // List output skips the hierarchy the gateway never shows; formats are asserted, not just annotated,
    // because "uuid" and "date-time" are part of the contract.
    private static readonly EvaluationOptions _evaluationOptions = new()
    {
        OutputFormat = OutputFormat.List,
        RequireFormatValidation = true,
    };

    private static readonly FrozenDictionary<ContractName, string> _fileNames = new Dictionary<ContractName, string>
    {
        [ContractName.TaskSubmission] = "task-submission.json",
        [ContractName.Task] = "task.json",
        [ContractName.TaskAccepted] = "task-accepted.json",
        [ContractName.EventEnvelope] = "event-envelope.json",
        [ContractName.ProblemDetails] = "problem-details.json",
        [ContractName.TaskBatchSubmission] = "task-batch-submission.json",
        [ContractName.TaskBatchResult] = "task-batch-result.json",
        [ContractName.TaskPage] = "task-page.json",
        [ContractName.TaskCounts] = "task-counts.json",
        [ContractName.TaskTypes] = "task-types.json",
        [ContractName.Stats] = "stats.json",
        [ContractName.StatsHistory] = "stats-history.json",
        [ContractName.Cluster] = "cluster.json",
        [ContractName.AlertmanagerWebhook] = "alertmanager-webhook.json",
        [ContractName.AlertList] = "alert-list.json",
        [ContractName.EventPage] = "event-page.json",
        [ContractName.RetryMatchingResult] = "retry-matching-result.json",
        [ContractName.LiveTaskBatch] = "live-task-batch.json",
        [ContractName.LiveStats] = "live-stats.json",
        [ContractName.DashboardSession] = "dashboard-session.json",
        [ContractName.Dashboard] = "dashboard.json",
    }.ToFrozenDictionary();

    private readonly FrozenDictionary<ContractName, (ContractSchemaInfo Info, JsonSchema Schema)> _contracts;
    private readonly EvaluationErrorReader _errorReader;

    private ContractSchemas(
        FrozenDictionary<ContractName, (ContractSchemaInfo Info, JsonSchema Schema)> contracts,
        EvaluationErrorReader errorReader)
    {
        _contracts = contracts;
        _errorReader = errorReader;
        All = [.. contracts.Values.Select(c => c.Info).OrderBy(i => i.Name)];
    }

    /// <summary>The process-wide instance, loaded on first use.</summary>
    public static ContractSchemas Default => _default.Value;

    /// <summary>Every contract, in <see cref="ContractName"/> order.</summary>
    public IReadOnlyList<ContractSchemaInfo> All { get; }

    /// <summary>The schema file name of a contract, e.g. <c>task.json</c>.</summary>
    public static string FileNameOf(ContractName contract) =>
        _fileNames.TryGetValue(contract, out var fileName)
            ? fileName
            : throw new ArgumentOutOfRangeException(nameof(contract), contract, "Unknown contract.");

    /// <summary>The contract whose schema file is <paramref name="fileName"/>, e.g. <c>task.json</c>.</summary>
    public static bool TryGetByFileName(string fileName, out ContractName contract)
    {
        foreach (var (name, file) in _fileNames)
        {
            if (string.Equals(file, fileName, StringComparison.Ordinal))
            {
                contract = name;
                return true;
            }
        }

        contract = default;
        return false;
    }

    /// <summary><c>$id</c>, <c>$version</c>, title and text of one contract.</summary>
    public ContractSchemaInfo GetInfo(ContractName contract) => Get(contract).Info;

    /// <summary>Validates <paramref name="instance"/> against <paramref name="contract"/>.</summary>
    public ContractValidationResult Validate(ContractName contract, JsonElement instance)
    {
        var (info, schema) = Get(contract);
        var results = schema.Evaluate(instance, _evaluationOptions);
        return results.IsValid
            ? ContractValidationResult.Valid
            : new ContractValidationResult(_errorReader.Read(results, info.Id));
    }

    /// <summary>Validates <paramref name="instance"/> against <paramref name="contract"/>; a null node is the JSON literal null.</summary>
    public ContractValidationResult Validate(ContractName contract, JsonNode? instance)
    {
        using var document = JsonDocument.Parse(instance?.ToJsonString() ?? "null");
        return Validate(contract, document.RootElement);
    }

    private (ContractSchemaInfo Info, JsonSchema Schema) Get(ContractName contract) =>
        _contracts.TryGetValue(contract, out var entry)
            ? entry
            : throw new ArgumentOutOfRangeException(nameof(contract), contract, "Unknown contract.");

    private static ContractSchemas Load()
    {
        var assembly = typeof(ContractSchemas).Assembly;
        // A private registry: the global one refuses a second registration of the same $id,
        // and other code in the process has no business resolving our schemas.
        var buildOptions = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        var contracts = new Dictionary<ContractName, (ContractSchemaInfo, JsonSchema)>();
        var documents = new Dictionary<Uri, JsonNode>();

        foreach (var (name, fileName) in _fileNames)
        {
            var resourceName = "schemas/" + fileName;
            using var stream = assembly.GetManifestResourceStream(resourceName)
                ?? throw new InvalidOperationException($"Embedded schema {resourceName} is missing from {assembly.GetName().Name}.");
            using var reader = new StreamReader(stream);
            var text = reader.ReadToEnd();

            var document = JsonNode.Parse(text) as JsonObject
                ?? throw new InvalidOperationException($"Schema {fileName} is not a JSON object.");
            var id = document["$id"] is JsonValue idValue && idValue.TryGetValue<string>(out var idText)
                && Uri.TryCreate(idText, UriKind.Absolute, out var parsedId)
                    ? parsedId
                    : throw new InvalidOperationException($"Schema {fileName} has no absolute $id.");
            var version = SchemaVersion.FromSchema(document)
                ?? throw new InvalidOperationException($"Schema {fileName} has no valid {SchemaVersion.Keyword}.");
            var title = document["title"]?.GetValue<string>() ?? fileName;

            // Building registers the schema by $id, so a $ref from one contract to another resolves at evaluation.
            var schema = JsonSchema.FromText(text, buildOptions);
            contracts[name] = (new ContractSchemaInfo(name, fileName, id, version, title, text), schema);
            documents[id] = document;
        }

        var errorReader = new EvaluationErrorReader(new SchemaNodeResolver(documents));
        return new ContractSchemas(contracts.ToFrozenDictionary(), errorReader);
    }
}
