using MongoDB.Bson;
using MongoDB.Driver;
using Observatory.EventArchive.Mongo;
using Observatory.Testing;

namespace Observatory.EventArchive.Tests;

/// <summary>
/// The archive contract against a real MongoDB, in a database of its own that is dropped afterwards.
/// Runs only when <c>OBSERVATORY_TEST_MONGO</c> holds a connection string (no MongoDB server can be
/// installed on the development machines); otherwise every test is reported skipped, with why.
/// </summary>
public sealed class MongoEventArchiveTests : EventArchiveContract, IAsyncDisposable
{
    private const string ConnectionStringVariable = "OBSERVATORY_TEST_MONGO";

    private static readonly string? ConnectionString = Environment.GetEnvironmentVariable(ConnectionStringVariable);

    private readonly string _databaseName = $"obs_test_archive_{Guid.NewGuid():N}";
    private MongoClient? _client;
    private MongoEventArchive? _archive;

    protected override Task<IEventArchive> OpenArchiveAsync(TimeSpan? retention = null)
    {
        Assert.SkipWhen(
            string.IsNullOrWhiteSpace(ConnectionString),
            $"{ConnectionStringVariable} is not set: no MongoDB server to test against (set it to a connection string, e.g. mongodb://127.0.0.1:27017).");

        var settings = MongoClientSettings.FromConnectionString(ConnectionString);
        settings.ServerSelectionTimeout = TimeSpan.FromSeconds(5);
        _client = new MongoClient(settings);
        _archive = new MongoEventArchive(_client, new MongoArchiveSettings { Database = _databaseName, Collection = "taskEvents" }, retention);
        return Task.FromResult<IEventArchive>(_archive);
    }

    protected override async Task ExpireAsync(IEventArchive archive, TimeSpan retention, DateTimeOffset now)
    {
        // MongoDB's TTL monitor removes expired documents once a minute: wait for it.
        var indexes = await (await _client!.GetDatabase(_databaseName).GetCollection<BsonDocument>("taskEvents").Indexes.ListAsync(TestContext.Current.CancellationToken))
            .ToListAsync(TestContext.Current.CancellationToken);
        Assert.Contains(indexes, i => i.TryGetValue("expireAfterSeconds", out var seconds) && seconds.ToDouble() == retention.TotalSeconds);
        await Eventually.ReturnsAsync(
            () => archive.QueryAsync(new ArchivedEventQuery { Before = new ArchiveCursor(now - retention, Guid.Empty) }, TestContext.Current.CancellationToken),
            page => page.Items.Count == 0,
            TimeSpan.FromSeconds(150),
            "MongoDB's TTL monitor to remove the expired events");
    }

    public async ValueTask DisposeAsync()
    {
        _archive?.Dispose();
        if (_client is not null)
        {
            await _client.DropDatabaseAsync(_databaseName);
            _client.Dispose();
        }
    }
}
