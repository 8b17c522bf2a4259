using System.Text.Json;
using Orleans.Storage;

namespace Observatory.Database.Tests.Support;

/// <summary>Grain state as camelCase UTF-8 JSON, like the silo's SystemTextJsonGrainStorageSerializer.</summary>
public sealed class CamelCaseJsonStorageSerializer : IGrainStorageSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, Options));

    public T Deserialize<T>(BinaryData input) =>
        JsonSerializer.Deserialize<T>(input.ToMemory().Span, Options) ?? throw new JsonException("Stored state is JSON null.");
}
