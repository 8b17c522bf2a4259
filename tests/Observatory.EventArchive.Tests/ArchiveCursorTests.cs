namespace Observatory.EventArchive.Tests;

/// <summary>The opaque paging cursor: round trips, and anything a client makes up is refused rather than misread.</summary>
public sealed class ArchiveCursorTests
{
    [Fact]
    public void Encode_ThenDecode_GivesTheSameCursor()
    {
        var cursor = new ArchiveCursor(new DateTimeOffset(2026, 11, 27, 23, 59, 59, TimeSpan.Zero).AddTicks(1234560), Guid.CreateVersion7());

        var text = cursor.Encode();

        Assert.Matches("^[A-Za-z0-9_-]{32}$", text);
        Assert.True(ArchiveCursor.TryDecode(text, out var decoded));
        Assert.Equal(cursor, decoded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("AAAA")]
    [InlineData("CN4t3s3AcYABk5peinB6O4whXW96i5w+")]
    [InlineData("CN4t3s3AcYABk5peinB6O4whXW96i5w/")]
    [InlineData("CN4t3s3AcYABk5peinB6O4whXW96i5w=")]
    [InlineData("CN4t3s3AcYABk5peinB6O4whXW96i5wOO")]
    [InlineData("__________________________________")]
    [InlineData("________AYABk5peinB6O4whXW96i5wO")]
    public void TryDecode_OfTextThisApiNeverMade_IsRefused(string text)
    {
        Assert.False(ArchiveCursor.TryDecode(text, out _));
    }
}
