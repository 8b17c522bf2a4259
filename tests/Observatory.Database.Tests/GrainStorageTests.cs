using Npgsql;
using Observatory.Database.Tests.Support;
using Orleans.Storage;

namespace Observatory.Database.Tests;

/// <summary>
/// The grain storage queries, driven through the real AdoNetGrainStorage provider of a running silo.
/// Every test uses grain ids of its own, so the tests share one silo and database.
/// </summary>
public sealed class GrainStorageTests(StorageSilo silo) : IClassFixture<StorageSilo>
{
    private const string StateName = "counter";

    /// <summary>Grain state as a real grain would declare it (the JSON storage serializer only accepts known types).</summary>
    [GenerateSerializer]
    public sealed class Counter
    {
        [Id(0)]
        public int Value { get; set; }

        [Id(1)]
        public string? Note { get; set; }
    }

    private IGrainStorage Keep => silo.Storage(StorageSilo.KeepOnClear);

    private IGrainStorage Delete => silo.Storage(StorageSilo.DeleteOnClear);

    [Fact]
    public async Task Read_NeverWritten_GivesDefaultStateWithoutETagOrRecord()
    {
        var state = await ReadAsync(Keep, NewGrainId());

        Assert.Equal(0, state.State!.Value);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task Write_ThenReadWithAFreshState_RoundTripsStateAndETag()
    {
        var grainId = NewGrainId();
        var written = new GrainState<Counter>(new Counter { Value = 5, Note = "five" });

        await Keep.WriteStateAsync(StateName, grainId, written);
        var read = await ReadAsync(Keep, grainId);

        Assert.Equal("1", written.ETag);
        Assert.True(written.RecordExists);
        Assert.Equal(5, read.State!.Value);
        Assert.Equal("five", read.State!.Note);
        Assert.Equal(written.ETag, read.ETag);
        Assert.True(read.RecordExists);
    }

    [Fact]
    public async Task Write_AgainWithTheCurrentETag_UpdatesTheOneRowAndAdvancesTheETag()
    {
        var grainId = NewGrainId();
        var state = new GrainState<Counter>(new Counter { Value = 1 });
        await Keep.WriteStateAsync(StateName, grainId, state);

        state.State!.Value = 2;
        await Keep.WriteStateAsync(StateName, grainId, state);

        Assert.Equal("2", state.ETag);
        var read = await ReadAsync(Keep, grainId);
        Assert.Equal(2, read.State!.Value);
        Assert.Equal("2", read.ETag);
        Assert.Equal(1, await CountRowsAsync(grainId));
    }

    [Fact]
    public async Task Write_WithAStaleETag_ThrowsInconsistentStateAndKeepsTheNewerState()
    {
        var grainId = NewGrainId();
        var winner = new GrainState<Counter>(new Counter { Value = 1 });
        await Keep.WriteStateAsync(StateName, grainId, winner);
        var stale = await ReadAsync(Keep, grainId);
        winner.State!.Value = 2;
        await Keep.WriteStateAsync(StateName, grainId, winner);

        stale.State!.Value = 99;
        await Assert.ThrowsAsync<InconsistentStateException>(() => Keep.WriteStateAsync(StateName, grainId, stale));

        Assert.Equal(2, (await ReadAsync(Keep, grainId)).State!.Value);
    }

    [Fact]
    public async Task Write_WithoutETagWhileTheRowExists_ThrowsInconsistentState()
    {
        var grainId = NewGrainId();
        await Keep.WriteStateAsync(StateName, grainId, new GrainState<Counter>(new Counter { Value = 1 }));

        // A second activation that never read the state tries a "first" write.
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => Keep.WriteStateAsync(StateName, grainId, new GrainState<Counter>(new Counter { Value = 2 })));

        Assert.Equal(1, (await ReadAsync(Keep, grainId)).State!.Value);
    }

    [Fact]
    public async Task Clear_KeepsAnEmptyRowWithANewETag_AndReadGivesDefaultState()
    {
        var grainId = NewGrainId();
        var state = new GrainState<Counter>(new Counter { Value = 7 });
        await Keep.WriteStateAsync(StateName, grainId, state);

        await Keep.ClearStateAsync(StateName, grainId, state);

        Assert.Equal("2", state.ETag);
        Assert.False(state.RecordExists);
        var read = await ReadAsync(Keep, grainId);
        Assert.Equal(0, read.State!.Value);
        Assert.Equal("2", read.ETag);
        Assert.False(read.RecordExists);
        Assert.Equal(1, await CountRowsAsync(grainId));
    }

    [Fact]
    public async Task Write_AfterClear_StoresTheNewState()
    {
        var grainId = NewGrainId();
        var state = new GrainState<Counter>(new Counter { Value = 7 });
        await Keep.WriteStateAsync(StateName, grainId, state);
        await Keep.ClearStateAsync(StateName, grainId, state);

        state.State = new Counter { Value = 8 };
        await Keep.WriteStateAsync(StateName, grainId, state);

        var read = await ReadAsync(Keep, grainId);
        Assert.Equal(8, read.State!.Value);
        Assert.Equal("3", read.ETag);
        Assert.True(read.RecordExists);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Clear_WithAStaleETag_ThrowsInconsistentStateAndKeepsTheState(bool deleteStateOnClear)
    {
        var storage = deleteStateOnClear ? Delete : Keep;
        var grainId = NewGrainId();
        var winner = new GrainState<Counter>(new Counter { Value = 1 });
        await storage.WriteStateAsync(StateName, grainId, winner);
        var stale = await ReadAsync(storage, grainId);
        winner.State!.Value = 2;
        await storage.WriteStateAsync(StateName, grainId, winner);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, grainId, stale));

        Assert.Equal(2, (await ReadAsync(storage, grainId)).State!.Value);
    }

    [Fact]
    public async Task ClearWithDeleteOnClear_RemovesTheRow_AndAFirstWriteStartsOver()
    {
        var grainId = NewGrainId();
        var state = new GrainState<Counter>(new Counter { Value = 3 });
        await Delete.WriteStateAsync(StateName, grainId, state);

        await Delete.ClearStateAsync(StateName, grainId, state);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.Equal(0, await CountRowsAsync(grainId));
        state.State = new Counter { Value = 4 };
        await Delete.WriteStateAsync(StateName, grainId, state);
        Assert.Equal("1", state.ETag);
        Assert.Equal(4, (await ReadAsync(Delete, grainId)).State!.Value);
    }

    [Fact]
    public async Task ConcurrentFirstWrites_ExactlyOneWins_TheOthersGetInconsistentState()
    {
        var grainId = NewGrainId();
        const int writers = 8;
        var start = new TaskCompletionSource();

        var attempts = Enumerable.Range(1, writers).Select(async i =>
        {
            await start.Task;
            try
            {
                await Keep.WriteStateAsync(StateName, grainId, new GrainState<Counter>(new Counter { Value = i }));
                return (Won: true, Value: i);
            }
            catch (InconsistentStateException)
            {
                return (Won: false, Value: i);
            }
        }).ToList();
        start.SetResult();
        var outcomes = await Task.WhenAll(attempts);

        var winners = outcomes.Where(o => o.Won).ToList();
        Assert.Single(winners);
        Assert.Equal(winners[0].Value, (await ReadAsync(Keep, grainId)).State!.Value);
        Assert.Equal(1, await CountRowsAsync(grainId));
    }

    [Fact]
    public async Task ConcurrentUpdates_WithTheSameETag_ExactlyOneWins()
    {
        var grainId = NewGrainId();
        await Keep.WriteStateAsync(StateName, grainId, new GrainState<Counter>(new Counter()));
        var states = new List<GrainState<Counter>>();
        for (var i = 0; i < 6; i++)
        {
            states.Add(await ReadAsync(Keep, grainId));
        }

        var outcomes = await Task.WhenAll(states.Select((state, i) => Task.Run(async () =>
        {
            state.State!.Value = i + 1;
            try
            {
                await Keep.WriteStateAsync(StateName, grainId, state);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        })));

        Assert.Single(outcomes, won => won);
        Assert.Equal("2", (await ReadAsync(Keep, grainId)).ETag);
    }

    [Fact]
    public async Task GrainKeysOfEveryKind_AreStoredApartAndReadBack()
    {
        var guid = Guid.NewGuid();
        var number = Random.Shared.NextInt64();
        var stringKey = Guid.NewGuid().ToString("N")[..12] + "-text";
        GrainId[] ids =
        [
            GrainId.Create(GrainType.Create("test"), GrainIdKeyExtensions.CreateGuidKey(guid)),
            GrainId.Create(GrainType.Create("test"), GrainIdKeyExtensions.CreateGuidKey(guid, "ext")),
            GrainId.Create(GrainType.Create("test"), GrainIdKeyExtensions.CreateIntegerKey(number)),
            GrainId.Create(GrainType.Create("test"), GrainIdKeyExtensions.CreateIntegerKey(number, "ext")),
            GrainId.Create(GrainType.Create("test"), IdSpan.Create(stringKey)),
        ];

        for (var i = 0; i < ids.Length; i++)
        {
            await Keep.WriteStateAsync(StateName, ids[i], new GrainState<Counter>(new Counter { Value = i + 100 }));
        }

        for (var i = 0; i < ids.Length; i++)
        {
            Assert.Equal(i + 100, (await ReadAsync(Keep, ids[i])).State!.Value);
        }
    }

    [Fact]
    public async Task StateNames_OfOneGrain_AreStoredApart()
    {
        var grainId = NewGrainId();
        await Keep.WriteStateAsync("first", grainId, new GrainState<Counter>(new Counter { Value = 1 }));
        await Keep.WriteStateAsync("second", grainId, new GrainState<Counter>(new Counter { Value = 2 }));

        var first = new GrainState<Counter>(new Counter());
        await Keep.ReadStateAsync("first", grainId, first);

        Assert.Equal(1, first.State!.Value);
        Assert.Equal(2, await CountRowsAsync(grainId, stateName: null));
    }

    [Fact]
    public async Task Write_StoresTheRowUnderServiceAndStateName()
    {
        var guid = Guid.NewGuid();
        var grainId = GrainId.Create(GrainType.Create("test"), GrainIdKeyExtensions.CreateGuidKey(guid, "ext"));
        await Keep.WriteStateAsync(StateName, grainId, new GrainState<Counter>(new Counter { Value = 1 }));

        await using var connection = new NpgsqlConnection(silo.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT service_id, grain_type, grain_id_extension, version, payload IS NOT NULL FROM orleans_storage WHERE grain_id_extension = 'ext' AND grain_id_n0 = @n0",
            connection);
        command.Parameters.AddWithValue("n0", BitConverter.ToInt64(guid.ToByteArray(), 0));
        await using var reader = await command.ExecuteReaderAsync();

        Assert.True(await reader.ReadAsync());
        Assert.Equal(StorageSilo.ServiceId, reader.GetString(0));
        Assert.Equal(StateName, reader.GetString(1));
        Assert.Equal("ext", reader.GetString(2));
        Assert.Equal(1, reader.GetInt32(3));
        Assert.True(reader.GetBoolean(4));
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task StorageTable_RejectsASecondRowForTheSameGrainAndState()
    {
        var grainId = NewGrainId();
        await Keep.WriteStateAsync(StateName, grainId, new GrainState<Counter>(new Counter { Value = 1 }));

        await using var connection = new NpgsqlConnection(silo.ConnectionString);
        await connection.OpenAsync();
        await using var duplicate = new NpgsqlCommand(
            """
            INSERT INTO orleans_storage
            SELECT * FROM orleans_storage WHERE grain_id_n0 = @n0 AND grain_id_n1 = @n1
            """,
            connection);
        AddKeyParameters(duplicate, grainId);

        var exception = await Assert.ThrowsAsync<PostgresException>(() => duplicate.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.UniqueViolation, exception.SqlState);
        Assert.Equal("orleans_storage_pkey", exception.ConstraintName);
    }

    private static GrainId NewGrainId() =>
        GrainId.Create(GrainType.Create("test"), GrainIdKeyExtensions.CreateGuidKey(Guid.NewGuid()));

    private static async Task<GrainState<Counter>> ReadAsync(IGrainStorage storage, GrainId grainId)
    {
        var state = new GrainState<Counter>(new Counter());
        await storage.ReadStateAsync(StateName, grainId, state);
        return state;
    }

    private async Task<long> CountRowsAsync(GrainId grainId, string? stateName = StateName)
    {
        await using var connection = new NpgsqlConnection(silo.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM orleans_storage WHERE grain_id_n0 = @n0 AND grain_id_n1 = @n1 AND (@state::text IS NULL OR grain_type = @state)",
            connection);
        AddKeyParameters(command, grainId);
        command.Parameters.AddWithValue("state", (object?)stateName ?? DBNull.Value);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static void AddKeyParameters(NpgsqlCommand command, GrainId grainId)
    {
        // The provider stores a Guid key as the two halves of its byte representation.
        var bytes = grainId.GetGuidKey().ToByteArray();
        command.Parameters.AddWithValue("n0", BitConverter.ToInt64(bytes, 0));
        command.Parameters.AddWithValue("n1", BitConverter.ToInt64(bytes, 8));
    }
}
