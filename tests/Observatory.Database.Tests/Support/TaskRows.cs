using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Observatory.Database.Tests.Support;

/// <summary>
/// Writes task states with the WriteToStorageKey query text itself and the parameter types the
/// provider sends, for tests that need many tasks or their own service id without a silo.
/// </summary>
public sealed class TaskRows(string connectionString, string writeQuery)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<TaskRows> CreateAsync(string connectionString) =>
        new(connectionString, (await OrleansQueries.LoadAsync(connectionString))["WriteToStorageKey"]);

    /// <summary>A UUIDv7 with the given millisecond and random remaining bits.</summary>
    public static Guid IdAt(DateTimeOffset time)
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        var (random6, random7) = (bytes[6], bytes[7]);
        BinaryPrimitives.WriteInt64BigEndian(bytes, time.ToUnixTimeMilliseconds() << 16);
        bytes[6] = (byte)(0x70 | (random6 & 0x0F));
        bytes[7] = random7;
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>Stores <paramref name="task"/> as the "task" state of the grain keyed by its id; returns the new ETag or null on conflict.</summary>
    public async Task<int?> WriteAsync(NpgsqlConnection connection, string serviceId, TaskDocument task, int? etag = null, string stateName = TaskStorageSilo.TaskStateName)
    {
        await using var command = new NpgsqlCommand(writeQuery, connection);
        var key = task.Id.ToByteArray();
        command.Parameters.Add(new NpgsqlParameter("GrainIdHash", NpgsqlDbType.Integer) { Value = task.Id.GetHashCode() });
        command.Parameters.Add(new NpgsqlParameter("GrainIdN0", NpgsqlDbType.Bigint) { Value = BitConverter.ToInt64(key, 0) });
        command.Parameters.Add(new NpgsqlParameter("GrainIdN1", NpgsqlDbType.Bigint) { Value = BitConverter.ToInt64(key, 8) });
        command.Parameters.Add(new NpgsqlParameter("GrainTypeHash", NpgsqlDbType.Integer) { Value = stateName.GetHashCode(StringComparison.Ordinal) });
        command.Parameters.Add(new NpgsqlParameter("GrainTypeString", NpgsqlDbType.Text) { Value = stateName });
        command.Parameters.Add(new NpgsqlParameter("GrainIdExtensionString", NpgsqlDbType.Text) { Value = DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("ServiceId", NpgsqlDbType.Text) { Value = serviceId });
        command.Parameters.Add(new NpgsqlParameter("GrainStateVersion", NpgsqlDbType.Integer) { Value = (object?)etag ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("PayloadBinary", NpgsqlDbType.Bytea) { Value = JsonSerializer.SerializeToUtf8Bytes(task, Json) });
        return (int?)await command.ExecuteScalarAsync();
    }

    public async Task<int?> WriteAsync(string serviceId, TaskDocument task, int? etag = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return await WriteAsync(connection, serviceId, task, etag);
    }
}
