using Microsoft.Extensions.Options;
using Observatory.Grains.Tasks;

namespace Observatory.Grains.Handlers;

/// <summary>
/// Runs CPU-bound handler work on dedicated threads, at most <see cref="Capacity"/> at once. The
/// .NET thread pool is where Orleans runs every grain turn, message and health probe; compute that
/// occupied its threads would slow every grain of the silo (and can get the silo voted dead), so
/// heavy work waits here, without holding a thread, for a dedicated one.
/// </summary>
public sealed class CpuWorkers : IDisposable
{
    private readonly SemaphoreSlim _gate;

    public CpuWorkers(IOptions<TaskExecutionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Capacity = options.Value.MaxConcurrentCpuWork;
        _gate = new SemaphoreSlim(Capacity, Capacity);
    }

    public int Capacity { get; }

    public async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
