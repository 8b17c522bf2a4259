using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using Observatory.EventArchive.Mongo;
using Observatory.Testing;

namespace Observatory.EventArchive.Tests;

/// <summary>
/// What the MongoDB backend sends, checked without a server (none can run here): the document
/// shape, and that an unreachable server is reported as the archive being unavailable.
/// </summary>
public sealed class MongoDocumentTests
{
    [Fact]
    public void Document_HasCamelCaseFields_UuidIds_AndABsonDate()
    {
        var archived = ArchivedEvents.Create(Guid.CreateVersion7(), ArchivedEvents.Start.AddMilliseconds(123), "task.succeeded", attempt: 2);

        var bson = ArchivedEventDocument.From(archived).ToBsonDocument();

        Assert.Equal(["_id", "taskId", "taskType", "eventType", "occurredAt", "attempt", "silo", "correlationId", "summary"], bson.Names);
        Assert.Equal(new BsonBinaryData(archived.EventId, GuidRepresentation.Standard), bson["_id"]);
        Assert.Equal(new BsonBinaryData(archived.TaskId, GuidRepresentation.Standard), bson["taskId"]);
        Assert.Equal(new BsonDateTime(archived.OccurredAt.UtcDateTime), bson["occurredAt"]);
        Assert.Equal(2, bson["attempt"].AsInt32);
        Assert.Equal("task.succeeded", bson["eventType"].AsString);
    }

    [Fact]
    public void Document_WithoutSiloOrSummary_LeavesThemOut_AndReadsBackEqual()
    {
        var archived = ArchivedEvents.Create(Guid.CreateVersion7(), ArchivedEvents.Start) with { Silo = null, Summary = null };

        var bson = ArchivedEventDocument.From(archived).ToBsonDocument();
        var back = BsonSerializer.Deserialize<ArchivedEventDocument>(bson).ToEvent();

        Assert.DoesNotContain("silo", bson.Names);
        Assert.DoesNotContain("summary", bson.Names);
        Assert.Equal(archived, back);
    }

    [Fact]
    public void PageFilter_MatchesTaskAndType_AndStartsStrictlyAfterTheCursor()
    {
        var taskId = Guid.CreateVersion7();
        var cursor = new ArchiveCursor(ArchivedEvents.Start, Guid.CreateVersion7());
        var time = new BsonDateTime(ArchivedEvents.Start.UtcDateTime);
        var id = new BsonBinaryData(cursor.EventId, GuidRepresentation.Standard);

        var filter = Render(MongoEventArchive.BuildFilter(new ArchivedEventQuery { TaskId = taskId, EventType = "task.started", Before = cursor }));
        var sort = MongoEventArchive.NewestFirst.Render(Args());

        Assert.Equal(
            new BsonDocument
            {
                ["taskId"] = new BsonBinaryData(taskId, GuidRepresentation.Standard),
                ["eventType"] = "task.started",
                ["$or"] = new BsonArray
                {
                    new BsonDocument("occurredAt", new BsonDocument("$lt", time)),
                    new BsonDocument { ["occurredAt"] = time, ["_id"] = new BsonDocument("$lt", id) },
                },
            },
            filter);
        Assert.Equal(new BsonDocument { ["occurredAt"] = -1, ["_id"] = -1 }, sort);
        Assert.Equal(new BsonDocument(), Render(MongoEventArchive.BuildFilter(new ArchivedEventQuery())));
    }

    [Fact]
    public async Task Append_ServerUnreachable_ThrowsArchiveUnavailable()
    {
        var settings = MongoClientSettings.FromConnectionString($"mongodb://127.0.0.1:{FreePort.Next()}");
        settings.ServerSelectionTimeout = TimeSpan.FromMilliseconds(300);
        using var client = new MongoClient(settings);
        using var archive = new MongoEventArchive(client, new MongoArchiveSettings(), retention: null);

        var exception = await Assert.ThrowsAsync<EventArchiveUnavailableException>(
            () => archive.AppendAsync([ArchivedEvents.Create(Guid.CreateVersion7(), ArchivedEvents.Start)], TestContext.Current.CancellationToken));

        Assert.IsType<TimeoutException>(exception.InnerException);
    }

    private static BsonDocument Render(FilterDefinition<ArchivedEventDocument> filter) => filter.Render(Args());

    private static RenderArgs<ArchivedEventDocument> Args() =>
        new(BsonSerializer.SerializerRegistry.GetSerializer<ArchivedEventDocument>(), BsonSerializer.SerializerRegistry);
}
