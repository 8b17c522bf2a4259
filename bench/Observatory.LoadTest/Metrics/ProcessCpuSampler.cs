using System.Globalization;

namespace Observatory.LoadTest.Metrics;

/// <summary>
/// CPU time (user + system) of the system's processes over a window, read from /proc/&lt;pid&gt;/stat.
/// Processes are matched by name: the kernel's comm, or an argv element's file name without
/// extension (<c>dotnet Observatory.Silo.dll</c> has comm "dotnet"). A group sums all its matches.
/// A process that starts inside the window counts from zero; one that exits inside it is lost
/// (/proc no longer has it), which only matters for short-lived PostgreSQL backends.
/// </summary>
internal sealed class ProcessCpuSampler
{
    /// <summary>USER_HZ: /proc reports times in 1/100 s on every Linux ABI, whatever the kernel's HZ.</summary>
    private const double TicksPerSecond = 100.0;

    private static readonly (string Group, string Name)[] Groups =
    [
        ("silo", "Observatory.Silo"),
        ("gateway", "Observatory.Gateway"),
        ("rabbitmq", "beam.smp"),
        ("postgres", "postgres"),
    ];

    private Dictionary<int, (string Group, long Ticks)> _start = [];
    private TimeSpan _startedAt;
    private readonly BenchClock _clock = new();

    public static bool Supported => Directory.Exists("/proc/self");

    public void Start()
    {
        _start = Sample();
        _startedAt = _clock.Elapsed;
    }

    public IReadOnlyList<ProcessCpu> Stop()
    {
        var end = Sample();
        var seconds = (_clock.Elapsed - _startedAt).TotalSeconds;
        var result = new List<ProcessCpu>();
        foreach (var group in Groups.Select(g => g.Group).Append("loadgen"))
        {
            var pids = end.Where(e => e.Value.Group == group).ToList();
            var ticks = pids.Sum(e => e.Value.Ticks - (_start.TryGetValue(e.Key, out var s) ? s.Ticks : 0));
            var cpuSeconds = ticks / TicksPerSecond;
            result.Add(new ProcessCpu(group, pids.Count, cpuSeconds, seconds > 0 ? cpuSeconds / seconds * 100 : double.NaN));
        }

        return result;
    }

    private static Dictionary<int, (string Group, long Ticks)> Sample()
    {
        var result = new Dictionary<int, (string, long)>();
        if (!Supported)
        {
            return result;
        }

        var self = Environment.ProcessId;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            var group = pid == self ? "loadgen" : GroupOf(dir);
            if (group is not null && ReadTicks(dir) is { } ticks)
            {
                result[pid] = (group, ticks);
            }
        }

        return result;
    }

    private static string? GroupOf(string dir)
    {
        var comm = TryRead(Path.Combine(dir, "comm"))?.Trim();
        var argv = TryRead(Path.Combine(dir, "cmdline"))?.Split('\0', StringSplitOptions.RemoveEmptyEntries) ?? [];
        foreach (var (group, name) in Groups)
        {
            if (comm == name || (name.Length > 15 && comm == name[..15]) || argv.Take(3).Any(a => Path.GetFileNameWithoutExtension(a) == name))
            {
                return group;
            }
        }

        return null;
    }

    /// <summary>utime + stime: fields 14 and 15, counted after the parenthesised comm (which may hold spaces).</summary>
    private static long? ReadTicks(string dir)
    {
        var stat = TryRead(Path.Combine(dir, "stat"));
        var close = stat?.LastIndexOf(')') ?? -1;
        if (stat is null || close < 0)
        {
            return null;
        }

        var fields = stat[(close + 2)..].Split(' ');
        return fields.Length > 12
            && long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out var utime)
            && long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out var stime)
            ? utime + stime
            : null;
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // the process exited between listing and reading
        }
    }
}
