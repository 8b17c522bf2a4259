namespace Observatory.Contracts.Tests;

/// <summary>
/// One line-group of a negative fixture's <c>.expected.txt</c>:
/// <c>at:</c> instance JSON Pointer (empty = document), <c>keyword:</c> failing keyword, optional <c>message:</c> substring.
/// Lines starting with <c>#</c> say why the fixture must fail.
/// </summary>
internal sealed record ExpectedError(string At, string Keyword, string? MessageContains)
{
    public static IReadOnlyList<ExpectedError> Load(string path)
    {
        var expected = new List<ExpectedError>();
        string? at = null;
        string? keyword = null;
        string? message = null;

        void Flush()
        {
            if (at is null)
            {
                return;
            }

            expected.Add(new ExpectedError(at, keyword ?? throw new FormatException($"{path}: 'at: {at}' has no 'keyword:' line."), message));
            (at, keyword, message) = (null, null, null);
        }

        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                throw new FormatException($"{path}: line \"{line}\" is not 'key: value'.");
            }

            var (key, value) = (line[..colon].Trim(), line[(colon + 1)..].Trim());
            switch (key)
            {
                case "at":
                    Flush();
                    at = value;
                    break;
                case "keyword":
                    keyword = value;
                    break;
                case "message":
                    message = value;
                    break;
                default:
                    throw new FormatException($"{path}: unknown key \"{key}\".");
            }
        }

        Flush();
        if (expected.Count == 0)
        {
            throw new FormatException($"{path} names no expected error.");
        }

        return expected;
    }

    public override string ToString() => $"at '{At}' keyword '{Keyword}'" + (MessageContains is null ? string.Empty : $" message ~ \"{MessageContains}\"");
}
