using System.Collections.Concurrent;
using System.Diagnostics;

namespace Observatory.Testing.Deployment;

/// <summary>The last lines a child process wrote (stdout and stderr), kept for failure messages.</summary>
public sealed class ProcessOutput
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly int _capacity;

    private ProcessOutput(int capacity) => _capacity = capacity;

    public string Recent => string.Join(Environment.NewLine, _lines);

    /// <summary>Starts reading <paramref name="process"/>'s redirected output, keeping the last <paramref name="capacity"/> lines.</summary>
    public static ProcessOutput Capture(Process process, int capacity)
    {
        var output = new ProcessOutput(capacity);
        process.OutputDataReceived += (_, e) => output.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => output.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return output;
    }

    /// <summary>
    /// Polls <paramref name="path"/> until it answers a success status; fails early, with the
    /// output, if the process exits, and on timeout.
    /// </summary>
    public async Task WaitForHttpAsync(Process process, string name, Uri baseAddress, string path, TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited with code {process.ExitCode}:{Environment.NewLine}{Recent}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{name} did not answer {path} within {timeout}:{Environment.NewLine}{Recent}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        while (_lines.Count > _capacity)
        {
            _lines.TryDequeue(out _);
        }
    }
}
