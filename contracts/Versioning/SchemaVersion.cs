using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Observatory.Contracts;

/// <summary>
/// A schema's <c>$version</c>: strict <c>MAJOR.MINOR.PATCH</c> SemVer core, no leading zeros.
/// Pre-release and build suffixes are rejected on purpose: a published contract has exactly one
/// meaning per version, and the bump check needs a total order.
/// </summary>
public readonly record struct SchemaVersion(int Major, int Minor, int Patch) : IComparable<SchemaVersion>
{
    /// <summary>The keyword every Observatory schema carries its version in.</summary>
    public const string Keyword = "$version";

    public static SchemaVersion Parse(string text) =>
        TryParse(text, out var version)
            ? version
            : throw new FormatException($"\"{text}\" is not a MAJOR.MINOR.PATCH version.");

    public static bool TryParse([NotNullWhen(true)] string? text, out SchemaVersion version)
    {
        version = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var parts = text.Split('.');
        if (parts.Length != 3
            || !TryParsePart(parts[0], out var major)
            || !TryParsePart(parts[1], out var minor)
            || !TryParsePart(parts[2], out var patch))
        {
            return false;
        }

        version = new SchemaVersion(major, minor, patch);
        return true;
    }

    /// <summary>Reads <c>$version</c> from a schema document; null when absent or not a valid version.</summary>
    public static SchemaVersion? FromSchema(JsonNode? schema) =>
        schema is JsonObject obj
        && obj.TryGetPropertyValue(Keyword, out var node)
        && node is JsonValue value
        && value.TryGetValue<string>(out var text)
        && TryParse(text, out var version)
            ? version
            : null;

    /// <summary>How far <paramref name="newer"/> moved from this version; null when it went backwards.</summary>
    public BumpLevel? BumpTo(SchemaVersion newer) =>
        newer.CompareTo(this) switch
        {
            < 0 => null,
            0 => BumpLevel.None,
            _ when newer.Major != Major => BumpLevel.Major,
            _ when newer.Minor != Minor => BumpLevel.Minor,
            _ => BumpLevel.Patch,
        };

    public int CompareTo(SchemaVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major)
        : Minor != other.Minor ? Minor.CompareTo(other.Minor)
        : Patch.CompareTo(other.Patch);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");

    public static bool operator <(SchemaVersion left, SchemaVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(SchemaVersion left, SchemaVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(SchemaVersion left, SchemaVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(SchemaVersion left, SchemaVersion right) => left.CompareTo(right) >= 0;

    private static bool TryParsePart(string part, out int value)
    {
        value = 0;
        // SemVer forbids leading zeros ("01"); only ASCII digits, so no signs or whitespace slip through int.Parse.
        if (part.Length == 0 || (part.Length > 1 && part[0] == '0') || !part.All(char.IsAsciiDigit))
        {
            return false;
        }

        return int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
