using System.Collections.Frozen;
using System.Text.Json;
using Observatory.Contracts;
using Observatory.TaskTypes;

namespace Observatory.Grains.Handlers;

/// <summary>
/// The handlers registered in DI, looked up by task type, each with its payload schema compiled once.
/// A handler whose schema does not compile fails construction, so a bad schema stops the silo at start-up
/// instead of rejecting (or waving through) payloads later.
/// </summary>
public sealed class TaskHandlerRegistry
{
    /// <summary>Where a task's payload sits in a submission; error keys are JSON Pointers under it.</summary>
    public const string PayloadPointer = "/payload";

    private readonly FrozenDictionary<string, (ITaskHandler Handler, PayloadSchema Schema)> _handlers;
    private readonly IReadOnlyList<TaskTypeDescriptor> _descriptors;

    public TaskHandlerRegistry(IEnumerable<ITaskHandler> handlers)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        var byType = new Dictionary<string, (ITaskHandler, PayloadSchema)>(StringComparer.Ordinal);
        foreach (var handler in handlers)
        {
            if (byType.ContainsKey(handler.TaskType))
            {
                throw new InvalidOperationException($"Two task handlers are registered for type '{handler.TaskType}'.");
            }

            byType.Add(handler.TaskType, (handler, Compile(handler)));
        }

        _handlers = byType.ToFrozenDictionary(StringComparer.Ordinal);
        KnownTypes = [.. _handlers.Keys.Order(StringComparer.Ordinal)];
        _descriptors = [.. KnownTypes.Select(type => _handlers[type].Handler)
            .Select(h => new TaskTypeDescriptor(h.TaskType, h.Description, h.PayloadSchema))];
    }

    /// <summary>The registered task types, sorted.</summary>
    public IReadOnlyList<string> KnownTypes { get; }

    public ITaskHandler? Find(string taskType) => _handlers.TryGetValue(taskType, out var entry) ? entry.Handler : null;

    /// <summary>
    /// Checks <paramref name="payload"/> against the schema of <paramref name="taskType"/>. Null when it is valid;
    /// otherwise messages keyed by JSON Pointer under <see cref="PayloadPointer"/>, e.g. <c>/payload/durationMs</c>.
    /// An unknown type is reported under <c>/type</c> rather than thrown, so a caller can treat it like any other
    /// invalid submission.
    /// </summary>
    public IReadOnlyDictionary<string, string[]>? ValidatePayload(string taskType, JsonElement payload)
    {
        ArgumentNullException.ThrowIfNull(taskType);
        if (!_handlers.TryGetValue(taskType, out var entry))
        {
            return new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["/type"] = [$"Unknown task type '{taskType}'. Known types: {string.Join(", ", KnownTypes)}."],
            };
        }

        return entry.Schema.FindErrors(payload, PayloadPointer);
    }

    /// <summary>Every task type with its description and payload schema, sorted by type.</summary>
    public IReadOnlyList<TaskTypeDescriptor> Describe() => _descriptors;

    private static PayloadSchema Compile(ITaskHandler handler)
    {
        try
        {
            return PayloadSchema.Compile(handler.TaskType, handler.PayloadSchema);
        }
        catch (ArgumentException exception)
        {
            throw new InvalidOperationException(
                $"Task handler {handler.GetType().FullName} for type '{handler.TaskType}' has an invalid payload schema. {exception.Message}",
                exception);
        }
    }
}
