using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ServingNotebooks.Grading;

/// <summary>The grader itself could not run (the worker program cannot start); not a student's fault.</summary>
/// <param name="message">One line for the instructor.</param>
public sealed class GraderException(string message) : Exception(message);

/// <summary>
/// Runs one <see cref="GradeJob"/> in a child process and watches it: the job goes to the child on standard input (with a
/// random token the child's result lines must carry), the child's output is drained and only a bounded tail kept, result
/// lines are read as they arrive, and the whole process tree is killed when a notebook exceeds its time limit, when every
/// result is in (a runaway thread or a process a notebook started cannot outlive the job), or when grading is cancelled.
/// </summary>
internal static class WorkerProcess
{
    private const int TailBytes = 16 * 1024;

    /// <summary>What one child run produced.</summary>
    /// <param name="Results">Observations by index in the job.</param>
    /// <param name="FirstMissing">The index of the first notebook without a result, or null when every one has one.</param>
    /// <param name="Failure">Why the first missing notebook has no result (timed out, crashed), or null when the worker stopped by itself after a cell timeout.</param>
    /// <param name="ForgedLines">Result lines without the job's token (written by a notebook, not by the worker).</param>
    public sealed record Run(IReadOnlyDictionary<int, NotebookObservation> Results, int? FirstMissing, NotebookObservation? Failure, int ForgedLines);

    /// <summary>Runs <paramref name="notebooks"/> in one worker process.</summary>
    /// <param name="command">How to start the worker.</param>
    /// <param name="notebooks">The notebooks, in order.</param>
    /// <param name="cellTimeout">The per-cell timeout.</param>
    /// <param name="notebookTimeout">The per-notebook timeout (counted from the previous result, or from the process start).</param>
    /// <param name="memoryLimitBytes">The worker's GC heap limit, or null for none.</param>
    /// <param name="resultPath">A file for the worker's results (overwritten).</param>
    /// <param name="onResult">Called as each result arrives.</param>
    /// <param name="cancellationToken">Kills the worker and stops.</param>
    public static async Task<Run> RunAsync(
        WorkerCommand command,
        IReadOnlyList<WorkerNotebook> notebooks,
        TimeSpan cellTimeout,
        TimeSpan notebookTimeout,
        long? memoryLimitBytes,
        string resultPath,
        Action<int, NotebookObservation>? onResult,
        CancellationToken cancellationToken)
    {
        File.WriteAllBytes(resultPath, []);
        var token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var job = new GradeJob(notebooks, cellTimeout.TotalSeconds, resultPath, token);
        var start = new ProcessStartInfo(command.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardInputEncoding = new UTF8Encoding(false),

            // A folder that outlives the worker: the parent's current directory may be a notebook's folder that is
            // about to disappear (the runner moves it while a cell runs), and the worker returns to it after each cell.
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(resultPath)),
        };
        foreach (var argument in command.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Faster start-up for short-lived kernels; no telemetry banners; a heap limit so a notebook that fills memory
        // fails alone instead of pushing the machine into swap.
        start.Environment["DOTNET_TieredPGO"] = "0";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        if (memoryLimitBytes is long limit)
        {
            start.Environment["DOTNET_GCHeapHardLimit"] = "0x" + limit.ToString("X", CultureInfo.InvariantCulture);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new GraderException($"cannot start the grading worker ({command.FileName}): {e.Message}");
        }

        var stdout = new Tail();
        var stderr = new Tail();
        var drainOut = stdout.DrainAsync(process.StandardOutput.BaseStream);
        var drainErr = stderr.DrainAsync(process.StandardError.BaseStream);
        var results = new Dictionary<int, NotebookObservation>();
        var forged = 0;
        var hello = false;
        var stopped = false;
        try
        {
            // The job, then nothing: the worker watches standard input and leaves when it closes (the parent died).
            await process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(job, GradeJob.JsonOptions).AsMemory(), cancellationToken).ConfigureAwait(false);
            await process.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The worker is already gone; its exit code says why.
        }

        var reader = new ResultReader(resultPath);
        var clock = Stopwatch.StartNew();
        var exited = process.WaitForExitAsync(CancellationToken.None);
        try
        {
            while (true)
            {
                await Task.WhenAny(exited, Task.Delay(100, cancellationToken)).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                var hasExited = process.HasExited;
                foreach (var line in reader.ReadNewLines())
                {
                    if (Parse(line) is not { } result || result.Token != token)
                    {
                        forged++;
                        continue;
                    }

                    if (result.Index < 0)
                    {
                        hello |= result.Index == GradeWorker.StartedIndex;
                        stopped |= result.Index == GradeWorker.StoppedIndex;
                        continue;
                    }

                    if (result.Index < notebooks.Count && results.TryAdd(result.Index, result.Observation!))
                    {
                        clock.Restart();
                        onResult?.Invoke(result.Index, result.Observation!);
                    }
                }

                var firstMissing = Enumerable.Range(0, notebooks.Count).Cast<int?>().FirstOrDefault(i => !results.ContainsKey(i!.Value));
                if (firstMissing is null)
                {
                    KillTree(process);
                    return new Run(results, null, null, forged);
                }

                var name = Path.GetFileName(notebooks[firstMissing.Value].Path);
                if (hasExited)
                {
                    // A process the notebook started may hold the pipes open: wait a little, not for ever.
                    await Task.WhenAny(Task.WhenAll(drainOut, drainErr), Task.Delay(2000, CancellationToken.None)).ConfigureAwait(false);
                    if (!hello)
                    {
                        throw new GraderException($"the grading worker did not start (exit code {process.ExitCode}): {stderr.LastLine() ?? stdout.LastLine() ?? "no message"}");
                    }

                    if (stopped && process.ExitCode == GradeWorker.StoppedAfterTimeout)
                    {
                        return new Run(results, firstMissing, null, forged);
                    }

                    return new Run(results, firstMissing, Crashed(name, process.ExitCode, stderr.Text() + stdout.Text(), clock.Elapsed), forged);
                }

                if (clock.Elapsed > notebookTimeout)
                {
                    KillTree(process);
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
            : output.Contains("OutOfMemory", StringComparison.Ordinal) || exitCode == 137
                ? $"{name} ran out of memory, which ended the grading process (exit code {exitCode})."
                : exitCode is 134 or 139 or -1
                    ? $"{name} crashed the grading process (exit code {exitCode})."
                    : $"{name} ended the grading process (exit code {exitCode}) — does a cell call Environment.Exit?";
        return new NotebookObservation { Notebook = name, Outcome = NotebookOutcome.Crashed, Problem = problem, Seconds = elapsed.TotalSeconds };
    }

    private static WorkerResult? Parse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<WorkerResult>(line, GradeJob.JsonOptions) is { } result && (result.Index < 0 || result.Observation is not null) ? result : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Reads the complete lines appended to a file since the last call.</summary>
    private sealed class ResultReader(string path)
    {
        private readonly List<byte> _partial = [];
        private long _offset;

        public List<string> ReadNewLines()
        {
            var lines = new List<string>();
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (file.Length <= _offset)
            {
                return lines;
            }

            file.Seek(_offset, SeekOrigin.Begin);
            var buffer = new byte[Math.Min(file.Length - _offset, 64L * 1024 * 1024)];
            var read = file.Read(buffer, 0, buffer.Length);
            _offset += read;
            foreach (var b in buffer.AsSpan(0, read))
            {
                if (b == (byte)'\n')
                {
                    lines.Add(Encoding.UTF8.GetString([.. _partial]));
                    _partial.Clear();
                }
                else if (_partial.Count < 16 * 1024 * 1024)
                {
                    _partial.Add(b);
                }
            }

            return lines;
        }
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
                    lock (_lock)
                    {
                        var toHead = Math.Min(n, _head.Length - _headCount);
                        buffer.AsSpan(0, toHead).CopyTo(_head.AsSpan(_headCount));
                        _headCount += toHead;
                        for (var i = Math.Max(0, n - TailBytes); i < n; i++)
                        {
                            _ring[_written++ % TailBytes] = buffer[i];
                        }
                    }
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

        public string? LastLine() =>
            Text().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
    }
}
