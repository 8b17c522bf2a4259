using Npgsql;
using Observatory.ServiceDefaults;

namespace Observatory.Gateway.Tests;

public sealed class PostgresConnectionStringsTests
{
    [Fact]
    public void ForHotPaths_PlainConnectionString_TurnsOnAutoPrepareAndSkipsTheResetOnClose()
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgresConnectionStrings.ForHotPaths("Host=db;Database=observatory;Username=u;Password=p"));

        Assert.Equal(32, tuned.MaxAutoPrepare);
        Assert.Equal(2, tuned.AutoPrepareMinUsages);
        Assert.True(tuned.NoResetOnClose);
        Assert.Equal("db", tuned.Host);
    }

    [Fact]
    public void ForHotPaths_OperatorsOwnAutoPrepare_IsKept()
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgresConnectionStrings.ForHotPaths("Host=db;Max Auto Prepare=5;Auto Prepare Min Usages=7"));

        Assert.Equal((5, 7), (tuned.MaxAutoPrepare, tuned.AutoPrepareMinUsages));
    }
}
