namespace Observatory.LoadTest.Cli;

/// <summary>The help text; README.md has the examples.</summary>
internal static class Usage
{
    public const string Text = """
        usage: Observatory.LoadTest <mode> [--option value ...]

        run        drive the running system over HTTP
          --submit single|batch   one POST per task, or POST /api/v1/tasks/batch (default single)
          --batch-size N          tasks per batch request, 1..1000 (default 100)
          --rate N                open loop: N tasks/s at fixed arrival times, latency from the
                                  scheduled send time; without it a closed loop runs
          --concurrency N         closed loop: N workers sending back to back (default 16)
          --max-in-flight N       open loop: outstanding requests at most (default 4096)
          --warmup 10s            not measured (default 10s)
          --duration 30s          measured window (default 30s)
          --drain-timeout 120s    wait this long after the window for tasks to finish (default 120s)
          --type noop             task type (default noop)
          --payload '{}'          task payload JSON object (default {})
          --tags a,b              tags on every task (default none)
          --gateway URL           (default http://127.0.0.1:5080)
          --postgres CS           read-model connection string (default the local observatory database)
          --service-id ID         Observatory:ServiceId (default observatory)
          --out PATH              result JSON (default bench/results/run-<timestamp>.json; .md beside it)

        seed-list  seed orleans_storage up to N tasks, then measure GET /api/v1/tasks pages
          --count N               tasks the service must have (default 1000000; only the shortfall is inserted)
          --insert-batch N        rows per INSERT transaction (default 5000)
          --spread-days N         submit times / UUIDv7 ids spread over N days (default 30)
          --requests N            measured requests per query shape (default 500)
          --warmup-requests N     unmeasured requests first (default 20)
          --pages N               deep cursor paging: pages per walk (default 100)
          --limit N               page size (default 50)
          --gateway, --postgres, --service-id, --out   as for run
        """;
}
