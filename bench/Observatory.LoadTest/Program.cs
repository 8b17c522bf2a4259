using Npgsql;
using Observatory.LoadTest.Cli;
using Observatory.LoadTest.Load;
using Observatory.LoadTest.Seed;

// The issue-4 benchmark. `run` drives a running system over HTTP; `seed-list` seeds a large task
// table and measures list pages. See README.md next to this file for the options.
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};

try
{
    if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
    {
        Console.WriteLine(Usage.Text);
        return args.Length == 0 ? 2 : 0;
    }

    var options = new ArgumentReader(args[1..]);
    switch (args[0])
    {
        case "run":
            var run = RunOptions.Parse(options);
            options.EnsureAllConsumed();
            return await RunBenchmark.RunAsync(run, cts.Token);
        case "seed-list":
            var seedList = SeedListOptions.Parse(options);
            options.EnsureAllConsumed();
            return await SeedListBenchmark.RunAsync(seedList, cts.Token);
        default:
            throw new UsageException($"unknown mode '{args[0]}'");
    }
}
catch (UsageException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine();
    Console.Error.WriteLine(Usage.Text);
    return 2;
}
catch (Exception e) when (e is HttpRequestException or NpgsqlException or InvalidOperationException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
catch (OperationCanceledException) when (cts.IsCancellationRequested)
{
    Console.Error.WriteLine("cancelled");
    return 130;
}
