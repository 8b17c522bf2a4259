using System.Text.Json;

namespace Observatory.Contracts.Tests;

/// <summary>
/// Golden fixtures must validate; negative fixtures must fail with exactly the errors their
/// <c>.expected.txt</c> names, so each proves one rule rather than "fails somehow".
/// </summary>
public sealed class FixtureTests
{
    public static TheoryData<string> GoldenFixtures() => Fixtures("golden");

    public static TheoryData<string> NegativeFixtures() => Fixtures("negative");

    [Theory]
    [MemberData(nameof(GoldenFixtures))]
    public void Validate_GoldenFixture_IsValid(string fixture)
    {
        var result = Validate(fixture);

        Assert.True(result.IsValid, $"{fixture} should be valid but: {string.Join("; ", result.Errors)}");
    }

    [Theory]
    [MemberData(nameof(NegativeFixtures))]
    public void Validate_NegativeFixture_FailsForTheExpectedReasonOnly(string fixture)
    {
        var expectedPath = Path.ChangeExtension(Path.Combine(RepositoryPaths.Fixtures, fixture), ".expected.txt");
        Assert.True(File.Exists(expectedPath), $"{fixture} has no {Path.GetFileName(expectedPath)} naming why it must fail.");
        var expected = ExpectedError.Load(expectedPath);

        var result = Validate(fixture);

        Assert.False(result.IsValid, $"{fixture} should be invalid.");
        var reported = result.Errors.Select(e => (e.InstancePath, e.Keyword)).ToHashSet();
        var wanted = expected.Select(e => (e.At, e.Keyword)).ToHashSet();
        Assert.True(
            reported.SetEquals(wanted),
            $"{fixture}: expected exactly [{string.Join("; ", expected)}] but got [{string.Join("; ", result.Errors)}]");
        foreach (var error in expected.Where(e => e.MessageContains is not null))
        {
            Assert.Contains(
                result.Errors,
                e => e.InstancePath == error.At && e.Keyword == error.Keyword && e.Message.Contains(error.MessageContains!, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Fixtures_EveryContract_HasGoldenAndNegativeFixtures()
    {
        foreach (var contract in Enum.GetValues<ContractName>())
        {
            var folder = Path.GetFileNameWithoutExtension(ContractSchemas.FileNameOf(contract));
            Assert.True(Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Fixtures, "golden", folder), "*.json").Any(), $"no golden fixture for {folder}");
            Assert.True(Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Fixtures, "negative", folder), "*.json").Any(), $"no negative fixture for {folder}");
        }
    }

    [Fact]
    public void Fixtures_EveryFolder_NamesAContract()
    {
        foreach (var kind in (string[])["golden", "negative"])
        {
            foreach (var folder in Directory.EnumerateDirectories(Path.Combine(RepositoryPaths.Fixtures, kind)))
            {
                Assert.True(
                    ContractSchemas.TryGetByFileName(Path.GetFileName(folder) + ".json", out _),
                    $"{kind}/{Path.GetFileName(folder)} does not match a schema file; its fixtures would never run against anything.");
            }
        }
    }

    [Fact]
    public void Fixtures_EveryExpectationFile_HasItsFixture()
    {
        foreach (var expected in Directory.EnumerateFiles(RepositoryPaths.Fixtures, "*.expected.txt", SearchOption.AllDirectories))
        {
            var fixture = expected[..^".expected.txt".Length] + ".json";
            Assert.True(File.Exists(fixture), $"{expected} has no fixture {Path.GetFileName(fixture)}.");
        }
    }

    [Fact]
    public void Fixtures_EveryEventType_HasAGoldenEnvelope()
    {
        var eventTypes = JsonDocument.Parse(ContractSchemas.Default.GetInfo(ContractName.EventEnvelope).Text)
            .RootElement.GetProperty("properties").GetProperty("eventType").GetProperty("enum")
            .EnumerateArray().Select(e => e.GetString()!).ToList();
        var covered = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Fixtures, "golden", "event-envelope"), "*.json")
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("eventType").GetString())
            .ToHashSet();

        Assert.Equal(8, eventTypes.Count);
        Assert.All(eventTypes, t => Assert.Contains(t, covered));
    }

    private static ContractValidationResult Validate(string fixture)
    {
        var folder = Path.GetFileName(Path.GetDirectoryName(fixture)!);
        Assert.True(ContractSchemas.TryGetByFileName(folder + ".json", out var contract), $"{fixture}: no contract named {folder}.");
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Fixtures, fixture)));
        return ContractSchemas.Default.Validate(contract, document.RootElement);
    }

    private static TheoryData<string> Fixtures(string kind)
    {
        var root = Path.Combine(RepositoryPaths.Fixtures, kind);
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(RepositoryPaths.Fixtures, file).Replace('\\', '/'));
        }

        return data;
    }
}
