namespace Observatory.Contracts.Tests;

public sealed class SchemaHistoryTests
{
    private const string SchemaPath = "contracts/schemas/sample.json";

    // Properties are written with single quotes to keep the call sites readable.
    private static string Schema(string version, string properties = "'a':{'type':'string'},'b':{'type':'integer'}") => $$"""
        {
          "$id": "https://observatory.dev/schemas/sample.json",
          "$version": "{{version}}",
          "type": "object",
          "properties": { {{properties.Replace('\'', '"')}} }
        }
        """;

    [Fact]
    public void Check_ThisRepository_HasNoVersionViolations()
    {
        var report = new SchemaHistory(RepositoryPaths.Root).Check();

        Assert.True(report.IsOk, string.Join("\n", report.Violations));
        // The check must have looked at the real files, not an empty folder.
        foreach (var contract in Enum.GetValues<ContractName>())
        {
            Assert.Contains("contracts/schemas/" + ContractSchemas.FileNameOf(contract), report.Files);
        }
    }

    [Fact]
    public void Check_BreakingChangeCommittedAsMinor_ReportsTheViolation()
    {
        using var repository = new TemporaryGitRepository();
        repository.Write(SchemaPath, Schema("1.0.0"));
        var first = repository.Commit("v1.0.0");
        repository.Write(SchemaPath, Schema("1.1.0", "'a':{'type':'string'}"));
        var second = repository.Commit("remove b, only a minor bump");

        var report = new SchemaHistory(repository.Root).Check();

        var step = Assert.Single(report.Steps);
        Assert.Equal((SchemaPath, first, second), (step.File, step.FromRevision, step.ToRevision));
        var violation = Assert.Single(report.Violations);
        Assert.Equal((SchemaPath, first, second), (violation.File, violation.FromRevision, violation.ToRevision));
        Assert.Contains("RemovedProperty at /properties/b", violation.Message, StringComparison.Ordinal);
        Assert.False(report.IsOk);
    }

    [Fact]
    public void Check_BreakingChangeCommittedAsMajor_IsClean()
    {
        using var repository = new TemporaryGitRepository();
        repository.Write(SchemaPath, Schema("1.0.0"));
        repository.Commit("v1.0.0");
        repository.Write(SchemaPath, Schema("2.0.0", "'a':{'type':'string'}"));
        repository.Commit("remove b with a major bump");

        var report = new SchemaHistory(repository.Root).Check();

        Assert.True(report.IsOk, string.Join("\n", report.Violations));
        Assert.True(Assert.Single(report.Steps).Result.Comparison.HasBreakingChanges);
    }

    [Fact]
    public void Check_ViolationInTheMiddleOfHistory_IsStillReported()
    {
        using var repository = new TemporaryGitRepository();
        repository.Write(SchemaPath, Schema("1.0.0"));
        repository.Commit("v1.0.0");
        repository.Write(SchemaPath, Schema("1.0.1", "'a':{'type':'string'},'b':{'type':'string'}"));
        var bad = repository.Commit("type change as a patch");
        repository.Write(SchemaPath, Schema("2.0.0", "'a':{'type':'string'},'b':{'type':'string'},'c':{}"));
        repository.Commit("later, a major bump does not excuse the past");

        var report = new SchemaHistory(repository.Root).Check();

        Assert.Equal(2, report.Steps.Count);
        Assert.Equal(bad, Assert.Single(report.Violations).ToRevision);
    }

    [Fact]
    public void Check_UncommittedBreakingChange_IsComparedAgainstHead()
    {
        using var repository = new TemporaryGitRepository();
        repository.Write(SchemaPath, Schema("1.0.0"));
        var head = repository.Commit("v1.0.0");
        repository.Write(SchemaPath, Schema("1.0.0", "'a':{'type':'integer'},'b':{'type':'integer'}"));

        var report = new SchemaHistory(repository.Root).Check();

        var violation = Assert.Single(report.Violations);
        Assert.Equal((head, SchemaHistory.WorkingTree), (violation.FromRevision, violation.ToRevision));
        Assert.Contains("ChangedType", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetRevisions_ListsCommitsOldestFirstThenTheWorkingTree()
    {
        using var repository = new TemporaryGitRepository();
        repository.Write(SchemaPath, Schema("1.0.0"));
        var first = repository.Commit("v1.0.0");
        repository.Write("README.md", "unrelated");
        repository.Commit("does not touch the schema");
        repository.Write(SchemaPath, Schema("1.1.0", "'a':{'type':'string'},'b':{'type':'integer'},'c':{}"));
        var second = repository.Commit("v1.1.0");
        repository.Write(SchemaPath, Schema("1.2.0", "'a':{'type':'string'},'b':{'type':'integer'},'c':{},'d':{}"));

        var revisions = new SchemaHistory(repository.Root).GetRevisions(SchemaPath);

        Assert.Equal([first, second, SchemaHistory.WorkingTree], revisions.Select(r => r.Revision));
        Assert.Equal(["1.0.0", "1.1.0", "1.2.0"], revisions.Select(r => SchemaVersion.FromSchema(r.Parse()).ToString()));
    }

    [Fact]
    public void GetRevisions_WorkingTreeSameAsHead_IsNotListedTwice()
    {
        using var repository = new TemporaryGitRepository();
        repository.Write(SchemaPath, Schema("1.0.0"));
        var head = repository.Commit("v1.0.0");

        var revisions = new SchemaHistory(repository.Root).GetRevisions(SchemaPath);

        Assert.Equal([head], revisions.Select(r => r.Revision));
    }

    [Fact]
    public void Check_RepositoryWithoutCommits_ComparesNothing()
    {
        using var repository = new TemporaryGitRepository();
        repository.Write(SchemaPath, Schema("1.0.0"));

        var history = new SchemaHistory(repository.Root);
        var report = history.Check();

        Assert.Equal([SchemaPath], report.Files);
        Assert.Equal([SchemaHistory.WorkingTree], history.GetRevisions(SchemaPath).Select(r => r.Revision));
        Assert.Empty(report.Steps);
        Assert.True(report.IsOk);
    }

    [Fact]
    public void Check_SchemaAddedAfterFirstCommit_HasOnlyItsWorkingTreeVersion()
    {
        using var repository = new TemporaryGitRepository();
        repository.Write("README.md", "first");
        repository.Commit("no schemas yet");
        repository.Write(SchemaPath, Schema("1.0.0"));

        var report = new SchemaHistory(repository.Root).Check();

        Assert.Equal([SchemaPath], report.Files);
        Assert.Empty(report.Steps);
        Assert.True(report.IsOk);
    }

    [Fact]
    public void Check_DeletedSchema_IsAViolation()
    {
        using var repository = new TemporaryGitRepository();
        repository.Write(SchemaPath, Schema("1.0.0"));
        repository.Commit("v1.0.0");
        repository.Delete(SchemaPath);
        repository.Commit("drop the contract");

        var report = new SchemaHistory(repository.Root).Check();

        Assert.Equal([SchemaPath], report.Files);
        Assert.Contains("deleted", Assert.Single(report.Violations).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_FilesOutsideTheSchemaFolder_AreIgnored()
    {
        using var repository = new TemporaryGitRepository();
        repository.Write("contracts/fixtures/golden/sample/x.json", "{}");
        repository.Write("contracts/schemas/nested/y.json", "{}");
        repository.Write(SchemaPath, Schema("1.0.0"));
        repository.Commit("one schema, two other json files");

        Assert.Equal([SchemaPath], new SchemaHistory(repository.Root).ListSchemaFiles());
    }

    [Fact]
    public void Check_NotAGitRepository_Throws()
    {
        using var directory = new TemporaryGitRepository(initialize: false);
        directory.Write(SchemaPath, Schema("1.0.0"));

        var error = Assert.Throws<InvalidOperationException>(() => new SchemaHistory(directory.Root).Check());

        Assert.Contains("not a git work tree", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TemporaryGitRepository_Dispose_RemovesTheDirectory()
    {
        string root;
        using (var repository = new TemporaryGitRepository())
        {
            repository.Write(SchemaPath, Schema("1.0.0"));
            repository.Commit("v1.0.0");
            root = repository.Root;
        }

        Assert.False(Directory.Exists(root));
    }
}
