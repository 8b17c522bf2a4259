using MongoDB.Bson;
using MongoDB.Driver;

namespace Observatory.EventArchive.Mongo;

/// <summary>
/// The archive in MongoDB: one document per event, <c>_id</c> = event id. A batch is one unordered
/// <c>insertMany</c>; duplicate-key errors mean "already archived" and count as success. Indexes
/// are created before the first operation that reaches the server (and again after a failure), so
/// a MongoDB that is down at start-up delays the archive instead of stopping the silo.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class MongoEventArchive : IEventArchive, IDisposable
{
    private const string TtlIndexName = "occurredAt_ttl";

    private static readonly FilterDefinitionBuilder<ArchivedEventDocument> Filter = Builders<ArchivedEventDocument>.Filter;
    private static readonly InsertManyOptions Unordered = new() { IsOrdered = false };

    /// <summary>The order of every page; each index ends in these keys.</summary>
    internal static readonly SortDefinition<ArchivedEventDocument> NewestFirst =
        Builders<ArchivedEventDocument>.Sort.Descending(d => d.OccurredAt).Descending(d => d.Id);

    private readonly IMongoCollection<ArchivedEventDocument> _collection;
    private readonly TimeSpan? _retention;
    private readonly SemaphoreSlim _indexGate = new(1, 1);
    private volatile bool _indexesReady;

    public MongoEventArchive(IMongoClient client, MongoArchiveSettings settings, TimeSpan? retention)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        _collection = client.GetDatabase(settings.Database).GetCollection<ArchivedEventDocument>(settings.Collection);
        _retention = retention;
    }

    public string Backend => "mongo";

    public async Task AppendAsync(IReadOnlyList<ArchivedEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        await EnsureIndexesAsync(cancellationToken);
        try
        {
            await _collection.InsertManyAsync(events.Select(ArchivedEventDocument.From), Unordered, cancellationToken);
        }
        catch (MongoBulkWriteException<ArchivedEventDocument> exception)
            when (exception.WriteConcernError is null && exception.WriteErrors.All(e => e.Category == ServerErrorCategory.DuplicateKey))
        {
            // Unordered: every other document was inserted; the duplicates are events archived before.
        }
        catch (Exception exception) when (exception is MongoException or TimeoutException)
        {
            throw Unavailable("append to", exception);
        }
    }

    public async Task<ArchivedEventPage> QueryAsync(ArchivedEventQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        await EnsureIndexesAsync(cancellationToken);

        try
        {
            var documents = await _collection.Find(BuildFilter(query))
                .Sort(NewestFirst)
                .Limit(query.Limit + 1)
                .ToListAsync(cancellationToken);
            return ArchivedEventPage.FromRows([.. documents.Select(d => d.ToEvent())], query.Limit);
        }
        catch (Exception exception) when (exception is MongoException or TimeoutException)
        {
            throw Unavailable("query", exception);
        }
    }

    /// <summary>The page filter: the query's task and type, and strictly after the cursor in (occurredAt, _id) descending order.</summary>
    internal static FilterDefinition<ArchivedEventDocument> BuildFilter(ArchivedEventQuery query)
    {
        var filter = Filter.Empty;
        if (query.TaskId is { } taskId)
        {
            filter &= Filter.Eq(d => d.TaskId, taskId);
        }

        if (query.EventType is { } eventType)
        {
            filter &= Filter.Eq(d => d.EventType, eventType);
        }

        if (query.Before is { } before)
        {
            var time = before.OccurredAt.UtcDateTime;
            filter &= Filter.Or(
                Filter.Lt(d => d.OccurredAt, time),
                Filter.And(Filter.Eq(d => d.OccurredAt, time), Filter.Lt(d => d.Id, before.EventId)));
        }

        return filter;
    }

    private async Task EnsureIndexesAsync(CancellationToken cancellationToken)
    {
        if (_indexesReady)
        {
            return;
        }

        await _indexGate.WaitAsync(cancellationToken);
        try
        {
            if (_indexesReady)
            {
                return;
            }

            var keys = Builders<ArchivedEventDocument>.IndexKeys;

            // The sort of every page is (occurredAt desc, _id desc); each filter gets an index that
            // delivers it in that order, so a page reads only its own documents.
            await _collection.Indexes.CreateManyAsync(
                [
                    new CreateIndexModel<ArchivedEventDocument>(
                        keys.Ascending(d => d.TaskId).Descending(d => d.OccurredAt).Descending(d => d.Id), new CreateIndexOptions { Name = "taskId_occurredAt" }),
                    new CreateIndexModel<ArchivedEventDocument>(
                        keys.Descending(d => d.OccurredAt).Descending(d => d.Id), new CreateIndexOptions { Name = "occurredAt_desc" }),
                    new CreateIndexModel<ArchivedEventDocument>(
                        keys.Ascending(d => d.EventType).Descending(d => d.OccurredAt).Descending(d => d.Id), new CreateIndexOptions { Name = "eventType_occurredAt" }),
                ],
                cancellationToken);
            if (_retention is { } retention)
            {
                await EnsureTtlIndexAsync(retention, cancellationToken);
            }

            _indexesReady = true;
        }
        catch (Exception exception) when (exception is MongoException or TimeoutException)
        {
            throw Unavailable("create the indexes of", exception);
        }
        finally
        {
            _indexGate.Release();
        }
    }

    /// <summary>A TTL index must be a single-field index; a changed retention is applied to the existing index with collMod.</summary>
    private async Task EnsureTtlIndexAsync(TimeSpan retention, CancellationToken cancellationToken)
    {
        try
        {
            await _collection.Indexes.CreateOneAsync(
                new CreateIndexModel<ArchivedEventDocument>(
                    Builders<ArchivedEventDocument>.IndexKeys.Ascending(d => d.OccurredAt),
                    new CreateIndexOptions { Name = TtlIndexName, ExpireAfter = retention }),
                cancellationToken: cancellationToken);
        }
        catch (MongoCommandException exception) when (exception.CodeName is "IndexOptionsConflict" or "IndexKeySpecsConflict")
        {
            var command = new BsonDocument
            {
                ["collMod"] = _collection.CollectionNamespace.CollectionName,
                ["index"] = new BsonDocument { ["name"] = TtlIndexName, ["expireAfterSeconds"] = (long)retention.TotalSeconds },
            };
            await _collection.Database.RunCommandAsync<BsonDocument>(command, cancellationToken: cancellationToken);
        }
    }

    public void Dispose() => _indexGate.Dispose();

    private static EventArchiveUnavailableException Unavailable(string what, Exception exception) =>
        new($"MongoDB did not {what} the event archive: {exception.Message}", exception);
}
