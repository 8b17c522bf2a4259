using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Storage;

namespace Observatory.Silo.Storage;

/// <summary>
/// Stores grain state as camelCase JSON with enum names, so rows in PostgreSQL are readable and
/// queryable by operators (<c>payload::jsonb ->> 'status'</c>) and independent of .NET type names,
/// unlike the default Newtonsoft serializer with embedded type information.
/// </summary>
public sealed class SystemTextJsonGrainStorageSerializer : IGrainStorageSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, Options));

    public T Deserialize<T>(BinaryData input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return JsonSerializer.Deserialize<T>(input.ToMemory().Span, Options)
            ?? throw new JsonException($"Stored state of type {typeof(T).Name} is JSON null.");
    }
}
