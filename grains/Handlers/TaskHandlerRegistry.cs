using System.Collections.Frozen;

namespace Observatory.Grains.Handlers;

/// <summary>The handlers registered in DI, looked up by task type.</summary>
public sealed class TaskHandlerRegistry
{
    private readonly FrozenDictionary<string, ITaskHandler> _handlers;

    public TaskHandlerRegistry(IEnumerable<ITaskHandler> handlers)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        var byType = new Dictionary<string, ITaskHandler>(StringComparer.Ordinal);
        foreach (var handler in handlers)
        {
            if (!byType.TryAdd(handler.TaskType, handler))
            {
                throw new InvalidOperationException($"Two task handlers are registered for type '{handler.TaskType}'.");
            }
        }

        _handlers = byType.ToFrozenDictionary(StringComparer.Ordinal);
        KnownTypes = [.. _handlers.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>The registered task types, sorted.</summary>
    public IReadOnlyList<string> KnownTypes { get; }

    public ITaskHandler? Find(string taskType) => _handlers.GetValueOrDefault(taskType);
}
