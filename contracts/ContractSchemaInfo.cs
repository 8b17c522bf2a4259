using System.Text.Json.Nodes;

namespace Observatory.Contracts;

/// <summary>Identity and raw text of one embedded contract schema.</summary>
/// <param name="Name">Which contract.</param>
/// <param name="FileName">File name under <c>contracts/schemas/</c>, e.g. <c>task.json</c>.</param>
/// <param name="Id">The schema's <c>$id</c>.</param>
/// <param name="Version">The schema's <c>$version</c>.</param>
/// <param name="Title">The schema's <c>title</c>.</param>
/// <param name="Text">The schema document exactly as embedded.</param>
public sealed record ContractSchemaInfo(
    ContractName Name,
    string FileName,
    Uri Id,
    SchemaVersion Version,
    string Title,
    string Text)
{
    /// <summary>A fresh, mutable parse of <see cref="Text"/> (callers may edit it without affecting others).</summary>
    public JsonNode ParseDocument() =>
        JsonNode.Parse(Text) ?? throw new InvalidOperationException($"Schema {FileName} is the JSON literal null.");
}
