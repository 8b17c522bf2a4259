using System.Buffers.Text;

namespace Observatory.Gateway.Tasks;

/// <summary>The opaque paging cursor: the id of the last task of the previous page, base64url.</summary>
public static class TaskCursor
{
    public static string Encode(Guid lastId) => Base64Url.EncodeToString(lastId.ToByteArray(bigEndian: true));

    public static bool TryDecode(string cursor, out Guid lastId)
    {
        Span<byte> bytes = stackalloc byte[16];
        // TryDecodeFromChars throws on characters outside the alphabet, so check them first.
        if (cursor.Length == 22
            && Base64Url.IsValid(cursor, out var length) && length == 16
            && Base64Url.TryDecodeFromChars(cursor, bytes, out var written) && written == 16)
        {
            lastId = new Guid(bytes, bigEndian: true);
            return true;
        }

        lastId = Guid.Empty;
        return false;
    }
}
