using System.Text.Json;

namespace Observatory.Gateway.Tasks;

/// <summary>One entry of <c>GET /api/v1/task-types</c> (task-types.json).</summary>
/// <param name="Type">The value to send as <c>type</c> in a submission.</param>
/// <param name="Description">What the handler does, for people choosing a type.</param>
/// <param name="PayloadSchema">The JSON Schema the payload must match, as an object so clients can use it directly.</param>
public sealed record TaskTypeResource(string Type, string Description, JsonElement PayloadSchema);

/// <summary>The body of <c>GET /api/v1/task-types</c>.</summary>
public sealed record TaskTypeList(IReadOnlyList<TaskTypeResource> Items);
