namespace Observatory.ArchiveBench;

/// <summary>One way of sending a batch of archived events to PostgreSQL in one statement.</summary>
internal interface IInsertStrategy
{
    string Name { get; }

    Task AppendAsync(IReadOnlyList<Observatory.EventArchive.ArchivedEvent> events, CancellationToken cancellationToken);
}
