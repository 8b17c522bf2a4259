
namespace Observatory.IntegrationTests;

/// <summary>Archive settings that cannot work stop the process at start, naming the setting.</summary>
public sealed class ArchiveSettingsTests
{
    [Fact]
    public async Task MongoBackendWithoutConnectionString_StopsTheSiloAtStart_NamingTheSetting()
    {
        var overrides = new Dictionary<string, string> { ["Observatory__Archive__Backend"] = "mongo" };

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => ObservatoryDeployment.CreateAsync(
            "archivecfg", deployment => deployment.StartSiloWithoutWaitingForDependenciesAsync("silo-misconfigured"), overrides: overrides));

        Assert.Contains("Observatory:Archive:Mongo:ConnectionString is required", exception.Message, StringComparison.Ordinal);
    }
}
