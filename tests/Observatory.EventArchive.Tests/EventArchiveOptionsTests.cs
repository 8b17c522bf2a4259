using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Observatory.EventArchive.Mongo;
using Observatory.EventArchive.Postgres;

namespace Observatory.EventArchive.Tests;

/// <summary>The <c>Observatory:Archive</c> section: the backend it selects, and settings refused at start naming the setting.</summary>
public sealed class EventArchiveOptionsTests
{
    [Fact]
    public void NoSection_SelectsPostgres()
    {
        using var services = Build([]);

        Assert.IsType<PostgresEventArchive>(services.GetRequiredService<IEventArchive>());
    }

    [Fact]
    public void MongoWithAConnectionString_SelectsMongo()
    {
        using var services = Build(new() { ["Observatory:Archive:Backend"] = "mongo", ["Observatory:Archive:Mongo:ConnectionString"] = "mongodb://127.0.0.1:27017" });

        Assert.IsType<MongoEventArchive>(services.GetRequiredService<IEventArchive>());
    }

    [Theory]
    [InlineData("mongo", null, null, "Observatory:Archive:Mongo:ConnectionString is required")]
    [InlineData("mongo", "postgres://nope", null, "Observatory:Archive:Mongo:ConnectionString is not a MongoDB connection string")]
    [InlineData("postgres", null, "00:00:10", "Observatory:Archive:Retention must be")]
    public void InvalidSettings_AreRefusedNamingTheSetting(string backend, string? mongo, string? retention, string message)
    {
        using var services = Build(new() { ["Observatory:Archive:Backend"] = backend, ["Observatory:Archive:Mongo:ConnectionString"] = mongo, ["Observatory:Archive:Retention"] = retention });

        var exception = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<EventArchiveOptions>>().Value);

        Assert.Contains(exception.Failures, f => f.StartsWith(message, StringComparison.Ordinal));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddEventArchive("Host=127.0.0.1;Database=unused");
        return services.BuildServiceProvider();
    }
}
