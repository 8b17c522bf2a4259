using System.Text.Json;
using System.Text.Json.Serialization;
using Observatory.Tasks;

namespace Observatory.Grains.Events;

/// <summary>The <c>data</c> bodies of the lifecycle events a task grain emits, as the envelope contract defines them.</summary>
internal static partial class TaskEventData
{
    public static JsonElement Scheduled(DateTimeOffset runAt) => Serialize(new ScheduledData(runAt), Json.Default.ScheduledData);

    public static JsonElement Started(string silo) => Serialize(new SiloData(silo), Json.Default.SiloData);

    public static JsonElement AttemptFailed(string silo, TaskError error) => Serialize(new AttemptFailedData(silo, error), Json.Default.AttemptFailedData);

    public static JsonElement RetryScheduled(DateTimeOffset retryAt) => Serialize(new RetryScheduledData(retryAt), Json.Default.RetryScheduledData);

    public static JsonElement Succeeded(string silo, double durationMs) => Serialize(new SucceededData(silo, durationMs), Json.Default.SucceededData);

    public static JsonElement DeadLettered(string reason) => Serialize(new ReasonData(reason), Json.Default.ReasonData);

    public static JsonElement Cancelled(string? reason) => Serialize(new ReasonData(reason), Json.Default.ReasonData);

    private static JsonElement Serialize<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.SerializeToElement(value, typeInfo);

    internal sealed record ScheduledData(DateTimeOffset RunAt);

    internal sealed record SiloData(string Silo);

    internal sealed record AttemptFailedData(string Silo, TaskError Error);

    internal sealed record RetryScheduledData(DateTimeOffset RetryAt);

    internal sealed record SucceededData(string Silo, double DurationMs);

    internal sealed record ReasonData(string? Reason);

    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonSerializable(typeof(ScheduledData))]
    [JsonSerializable(typeof(SiloData))]
    [JsonSerializable(typeof(AttemptFailedData))]
    [JsonSerializable(typeof(RetryScheduledData))]
    [JsonSerializable(typeof(SucceededData))]
    [JsonSerializable(typeof(ReasonData))]
    internal sealed partial class Json : JsonSerializerContext;
}
