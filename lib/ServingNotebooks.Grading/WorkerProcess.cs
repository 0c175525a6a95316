using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading.Channels;

namespace ServingNotebooks.Grading;

/// <summary>The grader itself could not run (the worker program cannot start); not a student's fault.</summary>
/// <param name="message">One line for the instructor.</param>
public sealed class GraderException(string message) : Exception(message);

/// <summary>How to start one worker: the program, its arguments and environment (the sandbox, when there is one, is part of it).</summary>
/// <param name="FileName">The program: bwrap, or the dotnet host.</param>
/// <param name="Arguments">Its arguments.</param>
/// <param name="Environment">Variables to set (without a sandbox; with one, they are in the arguments).</param>
/// <param name="WorkingDirectory">The folder the program starts in.</param>
internal sealed record WorkerLaunch(string FileName, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment, string WorkingDirectory);

/// <summary>
/// Runs one <see cref="GradeJob"/> in a worker process and talks with it over its standard input and output
/// (<see cref="WorkerChannel"/>): the job with a random token first, each notebook's hidden calls when the worker says its
/// cells have run, result lines read as they arrive (only those framed with the token count). The process tree is killed
/// when a notebook exceeds its time limit, when every result is in (a runaway thread or a process a notebook started
/// cannot outlive the job), or when grading is cancelled.
/// </summary>
internal static class WorkerProcess
{
    private const int TailBytes = 16 * 1024;

    /// <summary>What one worker run produced.</summary>
    /// <param name="Results">Observations by index in the job.</param>
    /// <param name="FirstMissing">The index of the first notebook without a result, or null when every one has one.</param>
    /// <param name="Failure">Why the first missing notebook has no result (timed out, crashed), or null when the worker stopped by itself after a cell timeout.</param>
    /// <param name="ForgedLines">Result lines without the job's token (printed by a notebook, not by the worker).</param>
    public sealed record Run(IReadOnlyDictionary<int, NotebookObservation> Results, int? FirstMissing, NotebookObservation? Failure, int ForgedLines);

    /// <summary>Runs <paramref name="notebooks"/> in one worker process.</summary>
    /// <param name="launch">How to start the worker.</param>
    /// <param name="notebooks">The notebooks, in order, each with its hidden calls (sent only when the worker asks).</param>
    /// <param name="cellTimeout">The per-cell timeout.</param>
    /// <param name="notebookTimeout">The per-notebook timeout (counted from the previous result, or from the process start).</param>
    /// <param name="onResult">Called as each result arrives.</param>
    /// <param name="cancellationToken">Kills the worker and stops.</param>
    /// <exception cref="GraderException">The worker did not start (a broken installation, not a notebook).</exception>
    public static async Task<Run> RunAsync(
        WorkerLaunch launch,
        IReadOnlyList<(WorkerNotebook Notebook, IReadOnlyList<string> Calls)> notebooks,
        TimeSpan cellTimeout,
        TimeSpan notebookTimeout,
        Action<int, NotebookObservation>? onResult,
        CancellationToken cancellationToken)
    {
        var token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var job = new GradeJob([.. notebooks.Select(n => n.Notebook)], cellTimeout.TotalSeconds, token);
        var start = new ProcessStartInfo(launch.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            WorkingDirectory = launch.WorkingDirectory,
        };
        foreach (var argument in launch.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in launch.Environment)
        {
            start.Environment[name] = value;
        }

        using var process = new Process { StartInfo = start };

        // Started from a thread of its own that lives until the worker ends: bubblewrap's --die-with-parent is Linux's
        // PR_SET_PDEATHSIG, which follows the thread that started the process, not the process — started from a thread-pool
        // thread, the worker was killed (exit code 137) whenever the pool retired that thread.
        var started = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var launcher = new Thread(() =>
        {
            try
            {
                process.Start();
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                started.SetResult(e);
                return;
            }

            started.SetResult(null);
            process.WaitForExit();
        })
        { IsBackground = true, Name = "grading worker" };
        launcher.Start();
        if (await started.Task.ConfigureAwait(false) is { } failed)
        {
            throw new GraderException($"cannot start the grading worker ({launch.FileName}): {failed.Message}");
        }

        var noise = new Tail();
        var stderr = new Tail();
        var lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var pumpOut = PumpLinesAsync(process.StandardOutput.BaseStream, lines.Writer);
        var drainErr = stderr.DrainAsync(process.StandardError.BaseStream);
        var input = process.StandardInput.BaseStream;
        var results = new Dictionary<int, NotebookObservation>();
        var forged = 0;
        var hello = false;
        var stopped = false;

        // The job, then nothing until the worker asks: it watches standard input and leaves when it closes (the grader died).
        Send(input, WorkerChannel.Line(job));
        var clock = Stopwatch.StartNew();
        var exited = process.WaitForExitAsync(CancellationToken.None);
        try
        {
            while (true)
            {
                var hasExited = process.HasExited;
                if (hasExited)
                {
                    // A process the notebook started may hold the pipe open: wait a little for the last lines, not for ever.
                    await Task.WhenAny(Task.WhenAll(pumpOut, drainErr), Task.Delay(2000, CancellationToken.None)).ConfigureAwait(false);
                }
                else
                {
                    // Once standard output has ended (the notebook may close it), only the exit or the clock can move things on.
                    var nextLine = pumpOut.IsCompleted ? Task.Delay(250, cancellationToken) : lines.Reader.WaitToReadAsync(cancellationToken).AsTask();
                    await Task.WhenAny(exited, nextLine, Task.Delay(250, cancellationToken)).ConfigureAwait(false);
                }

                cancellationToken.ThrowIfCancellationRequested();
                while (lines.Reader.TryRead(out var line))
                {
                    if (WorkerChannel.Unframe(line, token) is not { } result)
                    {
                        forged += line.Contains("\"Observation\"", StringComparison.Ordinal) ? 1 : 0;
                        noise.Append(line);
                        continue;
                    }

                    switch (result.Event)
                    {
                        case WorkerEvent.Started:
                            hello = true;
                            break;
                        case WorkerEvent.Stopping:
                            stopped = true;
                            break;
                        case WorkerEvent.CellsRan when result.Index >= 0 && result.Index < notebooks.Count:
                            Send(input, WorkerChannel.Line(new HiddenCalls(result.Index, notebooks[result.Index].Calls)));
                            break;
                        case WorkerEvent.Observed when result.Index >= 0 && result.Index < notebooks.Count && results.TryAdd(result.Index, result.Observation!):
                            clock.Restart();
                            onResult?.Invoke(result.Index, result.Observation!);
                            break;
                        default:
                            break;
                    }
                }

                var firstMissing = Enumerable.Range(0, notebooks.Count).Cast<int?>().FirstOrDefault(i => !results.ContainsKey(i!.Value));
                if (firstMissing is null)
                {
                    return new Run(results, null, null, forged);
                }

                var name = Path.GetFileName(notebooks[firstMissing.Value].Notebook.Path);
                if (hasExited)
                {
                    if (!hello)
                    {
                        throw new GraderException($"the grading worker did not start (exit code {process.ExitCode}): {stderr.LastLine() ?? noise.LastLine() ?? "no message"}");
                    }

                    if (stopped && process.ExitCode == StoppedAfterTimeout)
                    {
                        return new Run(results, firstMissing, null, forged);
                    }

                    return new Run(results, firstMissing, Crashed(name, process.ExitCode, stderr.Text() + noise.Text(), clock.Elapsed), forged);
                }

                if (clock.Elapsed > notebookTimeout)
                {
                    var seconds = notebookTimeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
                    return new Run(results, firstMissing, new NotebookObservation
                    {
                        Notebook = name,
                        Outcome = NotebookOutcome.TimedOut,
                        Problem = $"{name} did not finish within {seconds} s (per-notebook time limit), so the grader stopped it. Is there an endless loop or a very slow cell?",
                        Seconds = clock.Elapsed.TotalSeconds,
                    }, forged);
                }
            }
        }
        finally
        {
            KillTree(process);
        }
    }

    /// <summary>The worker's exit code when it stopped by itself after a cell timeout (the worker's <c>GradeWorker.StoppedAfterTimeout</c>).</summary>
    public const int StoppedAfterTimeout = 3;

    private static void Send(Stream input, byte[] line)
    {
        try
        {
            input.Write(line);
            input.Flush();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The worker is already gone; its exit code says why.
        }
    }

    /// <summary>Splits a stream into lines (each at most <see cref="WorkerChannel.MaxLineBytes"/>; longer ones are cut).</summary>
    private static async Task PumpLinesAsync(Stream stream, ChannelWriter<string> lines)
    {
        var buffer = new byte[64 * 1024];
        var line = new MemoryStream();
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                var from = 0;
                for (var i = 0; i < n; i++)
                {
                    if (buffer[i] != (byte)'\n')
                    {
                        continue;
                    }

                    Append(line, buffer.AsSpan(from, i - from));
                    lines.TryWrite(Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)line.Length));
                    line.SetLength(0);
                    from = i + 1;
                }

                Append(line, buffer.AsSpan(from, n - from));
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The process was killed.
        }
        finally
        {
            if (line.Length > 0)
            {
                lines.TryWrite(Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)line.Length));
            }

            lines.TryComplete();
        }

        static void Append(MemoryStream line, ReadOnlySpan<byte> bytes)
        {
            var room = WorkerChannel.MaxLineBytes - (int)line.Length;
            line.Write(bytes[..Math.Min(room, bytes.Length)]);
        }
    }

    /// <summary>Kills the process and every process it started; never throws.</summary>
    public static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }

    private static NotebookObservation Crashed(string name, int exitCode, string output, TimeSpan elapsed)
    {
        var problem = output.Contains("Stack overflow", StringComparison.OrdinalIgnoreCase)
            ? $"{name} overflowed the stack (endless recursion?), which ended the grading process."
            : output.Contains("OutOfMemory", StringComparison.Ordinal)
                ? $"{name} ran out of memory, which ended the grading process (exit code {exitCode})."
                : exitCode == WorkerLimits.FileSizeExitCode
                    ? $"{name} wrote a file past the worker's file-size limit (SIGXFSZ, exit code {exitCode}), which ended the grading process."
                : exitCode == 137
                    ? $"{name} ended the grading process with a kill signal (exit code 137): did it run out of memory, or kill a process?"
                    : exitCode is 134 or 139 or -1
                        ? $"{name} crashed the grading process (exit code {exitCode})."
                        : $"{name} ended the grading process (exit code {exitCode}) — does a cell call Environment.Exit?";
        return new NotebookObservation { Notebook = name, Outcome = NotebookOutcome.Crashed, Problem = problem, Seconds = elapsed.TotalSeconds };
    }

    /// <summary>Drains a stream to its end, keeping only the last bytes: a notebook's enormous output costs no memory here.</summary>
    private sealed class Tail
    {
        private readonly byte[] _head = new byte[4096];
        private readonly byte[] _ring = new byte[TailBytes];
        private int _headCount;
        private readonly Lock _lock = new();
        private long _written;

        public async Task DrainAsync(Stream stream)
        {
            var buffer = new byte[64 * 1024];
            try
            {
                int n;
                while ((n = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
                {
                    Add(buffer.AsSpan(0, n));
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // The process was killed.
            }
        }

        /// <summary>The first 4 KiB and the last 16 KiB (they overlap for short output).</summary>
        public string Text()
        {
            lock (_lock)
            {
                var head = _written > TailBytes ? Encoding.UTF8.GetString(_head, 0, _headCount) + "\n…\n" : string.Empty;
                var count = (int)Math.Min(_written, TailBytes);
                var bytes = new byte[count];
                for (var i = 0; i < count; i++)
                {
                    bytes[i] = _ring[(_written - count + i) % TailBytes];
                }

                return head + Encoding.UTF8.GetString(bytes);
            }
        }

        /// <summary>Keeps a line that arrived through another reader.</summary>
        public void Append(string line) => Add(Encoding.UTF8.GetBytes(line + "\n"));

        private void Add(ReadOnlySpan<byte> bytes)
        {
            lock (_lock)
            {
                var toHead = Math.Min(bytes.Length, _head.Length - _headCount);
                bytes[..toHead].CopyTo(_head.AsSpan(_headCount));
                _headCount += toHead;
                for (var i = Math.Max(0, bytes.Length - TailBytes); i < bytes.Length; i++)
                {
                    _ring[_written++ % TailBytes] = bytes[i];
                }
            }
        }

        public string? LastLine() =>
            Text().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
    }
}
