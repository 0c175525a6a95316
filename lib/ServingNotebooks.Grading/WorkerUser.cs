using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace ServingNotebooks.Grading;

/// <summary>
/// The unprivileged user a grading worker runs as when the grader runs as root: a user id of its own for each worker that
/// runs at the same time, set with util-linux's <c>setpriv --reuid U --regid U --clear-groups</c>. As that user, student code
/// cannot write the grader's files (the results folder, the gradebook, the cache are root's, mode 755/644), cannot signal
/// the grader or another worker (the kernel lets a non-root process signal only its own user's processes), and
/// <c>RLIMIT_NPROC</c> binds (the kernel does not enforce it for root): a fork bomb exhausts its own user's budget only.
/// </summary>
/// <remarks>
/// The ids need no entry in <c>/etc/passwd</c>: the kernel knows users by number. Each grader process takes ids from its own
/// block, <c>1 000 000 + 256 × (process id mod 4096) + slot</c>, so two graders on one machine (or two test runs) do not share a
/// process budget; a worker's id returns to the pool only when the worker and everything it started have ended.
/// </remarks>
/// <param name="Id">The user and group id (the same number), ≥ 1 000 000.</param>
public sealed record WorkerUser(int Id)
{
    /// <summary>Where util-linux installs setpriv on Debian and Ubuntu.</summary>
    public const string SetprivPath = "/usr/bin/setpriv";

    /// <summary>Where procps installs kill on Debian and Ubuntu (<c>kill -KILL -1</c> as the worker's user ends what it left).</summary>
    public const string KillPath = "/usr/bin/kill";

    private const int FirstId = 1_000_000;
    private const int SlotsPerGrader = 256;
    private static readonly ConcurrentBag<int> Free = [];
    private static int s_next;

    /// <summary>Whether this process runs as root (effective user id 0, read from <c>/proc/self/status</c>).</summary>
    public static bool GraderIsRoot { get; } = ReadIsRoot();

    /// <summary>Whether workers can run as users of their own: the grader is root on Linux and setpriv is installed.</summary>
    public static bool Available => GraderIsRoot && File.Exists(SetprivPath);

    /// <summary>
    /// Takes a user id no other worker of this grader is using; give it back with <see cref="Release"/> once the worker and
    /// its processes are gone.
    /// </summary>
    /// <exception cref="GraderException">More than 256 workers of this grader run at once.</exception>
    public static WorkerUser Lease()
    {
        if (!Free.TryTake(out var slot))
        {
            slot = Interlocked.Increment(ref s_next) - 1;
            if (slot >= SlotsPerGrader)
            {
                throw new GraderException($"more than {SlotsPerGrader} grading workers at once: lower --parallel");
            }
        }

        return new WorkerUser(FirstId + (SlotsPerGrader * (Environment.ProcessId % 4096)) + slot);
    }

    /// <summary>Ends every process still running as this user (<c>kill -KILL -1</c> run as the user) and returns the id to the pool.</summary>
    public void Release()
    {
        EndProcesses();
        Free.Add((Id - FirstId) % SlotsPerGrader);
    }

    /// <summary>The setpriv arguments that start a program as this user, with no supplementary groups and no capabilities.</summary>
    /// <param name="program">The program to start.</param>
    /// <param name="arguments">Its arguments.</param>
    public IReadOnlyList<string> Arguments(string program, IReadOnlyList<string> arguments)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        ArgumentNullException.ThrowIfNull(arguments);
        var id = Id.ToString(CultureInfo.InvariantCulture);
        return [$"--reuid={id}", $"--regid={id}", "--clear-groups", "--inh-caps=-all", "--", program, .. arguments];
    }

    /// <summary>Kills every process of this user: a process a notebook started and detached (outside the sandbox) ends here.</summary>
    private void EndProcesses()
    {
        if (!Available || !File.Exists(KillPath))
        {
            return;
        }

        try
        {
            var start = new ProcessStartInfo(SetprivPath) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in Arguments(KillPath, ["-KILL", "-1"]))
            {
                start.ArgumentList.Add(argument);
            }

            using var kill = Process.Start(start);
            kill?.WaitForExit(30_000);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Nothing could be started: nothing of this user is left to end either.
        }
    }

    private static bool ReadIsRoot()
    {
        try
        {
            if (!OperatingSystem.IsLinux())
            {
                return false;
            }

            // "Uid:\treal\teffective\tsaved\tfilesystem"
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            var fields = line?.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            return fields is { Length: >= 3 } && fields[2] == "0";
        }
        catch (IOException)
        {
            return false;
        }
    }
}
