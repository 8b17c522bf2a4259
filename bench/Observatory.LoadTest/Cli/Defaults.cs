namespace Observatory.LoadTest.Cli;

/// <summary>Defaults that match what scripts/up.sh starts and the services' appsettings.json.</summary>
internal static class Defaults
{
    public const string Gateway = "http://127.0.0.1:5080";

    public const string Postgres = "Host=127.0.0.1;Port=5432;Username=observatory;Password=observatory;Database=observatory";

    /// <summary><c>Observatory:ServiceId</c> in silo/appsettings.json and gateway/appsettings.json.</summary>
    public const string ServiceId = "observatory";

    /// <summary>Default result path: bench/results/&lt;mode&gt;-&lt;timestamp&gt;.json under the repository root if found.</summary>
    public static string ResultPath(string mode)
    {
        var stamp = DateTimeOffset.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        return Path.Combine(FindBenchDirectory(), "results", $"{mode}-{stamp}.json");
    }

    private static string FindBenchDirectory()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Observatory.sln")))
            {
                return Path.Combine(dir.FullName, "bench");
            }
        }

        return Path.Combine(Environment.CurrentDirectory, "bench");
    }
}
