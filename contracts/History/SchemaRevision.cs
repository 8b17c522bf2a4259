using System.Text.Json.Nodes;

namespace Observatory.Contracts;

/// <summary>One version of a schema file: a commit's copy, or the uncommitted working-tree copy.</summary>
/// <param name="Revision">Full commit hash, or <see cref="SchemaHistory.WorkingTree"/>.</param>
/// <param name="Text">The file's content at that revision.</param>
public sealed record SchemaRevision(string Revision, string Text)
{
    public JsonNode Parse() =>
        JsonNode.Parse(Text) ?? throw new InvalidOperationException($"The schema at {Revision} is the JSON literal null.");
}
