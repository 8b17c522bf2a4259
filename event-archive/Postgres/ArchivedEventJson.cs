using System.Text.Json;
using System.Text.Json.Serialization;

namespace Observatory.EventArchive.Postgres;

/// <summary>The archived event as the camelCase JSON document stored in <c>task_event_archive.document</c>.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ArchivedEvent))]
internal sealed partial class ArchivedEventJson : JsonSerializerContext;
