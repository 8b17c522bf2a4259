using Observatory.ServiceDefaults;

namespace Observatory.Gateway.Tests.Stats;

public sealed class StatsSettingsTests
{
    [Fact]
    public void Defaults_AreValid_AndPrefixTheServiceId()
    {
        var options = Valid();

        Assert.True(new ObservatoryOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal("observatory:observatory:", options.Stats.PrefixFor(options.ServiceId));
        Assert.Equal("127.0.0.1:6379", options.Redis.ConnectionString);
    }

    [Fact]
    public void KeyPrefix_WhenSet_ReplacesTheDefault()
    {
        var options = Valid();
        options.Stats.KeyPrefix = "obs:blue:";

        Assert.Equal("obs:blue:", options.Stats.PrefixFor(options.ServiceId));
    }

    [Theory]
    [InlineData("FlushInterval")]
    [InlineData("KeyPrefix")]
    [InlineData("MinuteRetention")]
    [InlineData("RedisConnectionString")]
    public void InvalidStatsSetting_FailsValidation_NamingIt(string setting)
    {
        var options = Valid();
        switch (setting)
        {
            case "FlushInterval":
                options.Stats.FlushInterval = TimeSpan.Zero;
                break;
            case "KeyPrefix":
                options.Stats.KeyPrefix = "has spaces";
                break;
            case "MinuteRetention":
                options.Stats.MinuteRetention = TimeSpan.FromMinutes(5);
                break;
            default:
                options.Redis.ConnectionString = "";
                break;
        }

        var result = new ObservatoryOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(setting.Replace("RedisConnectionString", "ConnectionString", StringComparison.Ordinal), result.FailureMessage, StringComparison.Ordinal);
    }

    private static ObservatoryOptions Valid() => new()
    {
        Postgres = { ConnectionString = "Host=127.0.0.1" },
        RabbitMq = { Uri = new Uri("amqp://127.0.0.1/") },
    };
}
