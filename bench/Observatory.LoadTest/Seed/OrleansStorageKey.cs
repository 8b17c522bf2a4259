using System.Text;
using Orleans.Storage;

namespace Observatory.LoadTest.Seed;

/// <summary>
/// The primary-key values the Orleans ADO.NET storage provider (10.4.2, default hasher) writes for a
/// Guid-keyed grain without key extension, so a seeded row is the same row the task grain would
/// read and write: n0/n1 are the Guid's bytes as two little-endian longs, the hash is
/// OrleansDefaultHasher over those 16 bytes reversed.
/// </summary>
internal static class OrleansStorageKey
{
    private static readonly OrleansDefaultHasher Hasher = new();

    public static int GrainTypeHash(string grainType) => Hasher.Hash(Encoding.UTF8.GetBytes(grainType));

    public static (int Hash, long N0, long N1) ForGuid(Guid id)
    {
        var bytes = id.ToByteArray();
        var n0 = BitConverter.ToInt64(bytes, 0);
        var n1 = BitConverter.ToInt64(bytes, 8);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(bytes);
        }

        return (Hasher.Hash(bytes), n0, n1);
    }
}
