namespace Observatory.LoadTest.Completion;

/// <summary>Finds out how submitted tasks ended, after the measured window (never during it, so it adds no load then).</summary>
internal interface ICompletionTracker : IAsyncDisposable
{
    /// <summary>Where outcomes come from, for the report.</summary>
    string Source { get; }

    /// <summary>
    /// Reads the tasks until all are terminal or <paramref name="timeout"/> passed. Tasks missing from
    /// the result were never seen; tasks in it may still be non-terminal.
    /// </summary>
    Task<IReadOnlyDictionary<Guid, TaskOutcome>> WaitForTerminalAsync(IReadOnlyCollection<Guid> ids, TimeSpan timeout, CancellationToken ct);
}
