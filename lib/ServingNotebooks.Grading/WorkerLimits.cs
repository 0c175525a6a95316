using System.Globalization;

namespace ServingNotebooks.Grading;

/// <summary>
/// Limits on one grading worker besides its heap (<see cref="GradingOptions.MemoryLimitBytes"/>) and its time: open files,
/// the size of one file it writes, its native memory, and its writable scratch space. Set with util-linux's <c>prlimit</c>
/// (setrlimit: <c>RLIMIT_NOFILE</c>, <c>RLIMIT_FSIZE</c>, <c>RLIMIT_DATA</c>, <c>RLIMIT_CORE</c>) and, in the sandbox, with
/// size-limited tmpfs folders (<c>bwrap --size N --tmpfs</c>), none of which needs cgroups: a notebook that writes 10 GB or
/// asks for 10 GB of native memory fails alone, and its feedback names the limit.
/// </summary>
/// <remarks>
/// Processes and threads (<c>RLIMIT_NPROC</c>) are bounded only when the worker runs as a user of its own
/// (<see cref="WorkerUser"/>, when the grader is root): the kernel counts that limit per user and does not enforce it for
/// root, so for a worker that runs as the grader's own user it would count the grader's processes too, and for root nothing.
/// </remarks>
/// <param name="OpenFiles">Open file descriptors per worker (<c>RLIMIT_NOFILE</c>). Range: ≥ 256.</param>
/// <param name="FileBytes">Largest file a worker may write, bytes (<c>RLIMIT_FSIZE</c>; a larger write ends the worker with SIGXFSZ). Range: ≥ 1 MiB.</param>
/// <param name="ScratchBytes">Size of each writable folder in the sandbox (<c>/tmp</c> and the notebooks' folder), bytes. Range: ≥ 16 MiB.</param>
/// <param name="NativeBytes">
/// Private writable memory of a worker beyond its heap, bytes (<c>RLIMIT_DATA</c> is set to the heap limit plus this): a
/// native allocation past it fails with OutOfMemoryException in the cell. Range: ≥ 256 MiB.
/// </param>
public sealed record WorkerLimits(int OpenFiles, long FileBytes, long ScratchBytes, long NativeBytes)
{
    /// <summary>
    /// Processes and threads of one worker together (<c>RLIMIT_NPROC</c>, counted per user: it binds when the worker runs as a
    /// <see cref="WorkerUser"/> of its own). A worker's .NET runtime and kernel use about 30 threads. Range: ≥ 64. Default: 256.
    /// </summary>
    public int Processes { get; init; } = 256;

    /// <summary>Where util-linux installs prlimit on Debian and Ubuntu.</summary>
    public const string PrlimitPath = "/usr/bin/prlimit";

    /// <summary>
    /// 4096 open files, 256 MiB per file, 512 MiB of scratch per writable folder, 2 GiB of native memory beyond the heap: a
    /// notebook of this workbook uses a few dozen files, writes nothing over a few MB and needs under 100 MB of native memory.
    /// </summary>
    public static WorkerLimits Default { get; } = new(4096, 256L << 20, 512L << 20, 2L << 30);

    /// <summary>Whether prlimit is installed (without it the rlimits are not set; the tmpfs sizes still hold).</summary>
    public static bool PrlimitAvailable => OperatingSystem.IsLinux() && File.Exists(PrlimitPath);

    /// <summary>Checks every limit's range; the message names the limit and the value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of its range.</exception>
    public WorkerLimits Validate()
    {
        if (OpenFiles < 256)
        {
            throw new ArgumentOutOfRangeException(nameof(OpenFiles), OpenFiles, $"OpenFiles (open files per worker) must be at least 256, not {OpenFiles}: the kernel alone opens about 100");
        }

        if (Processes < 64)
        {
            throw new ArgumentOutOfRangeException(nameof(Processes), Processes, $"Processes (processes and threads per worker) must be at least 64, not {Processes}: the worker's runtime alone starts about 30 threads");
        }

        Check(FileBytes, 1L << 20, nameof(FileBytes), "largest file a worker may write");
        Check(ScratchBytes, 16L << 20, nameof(ScratchBytes), "writable scratch per folder");
        Check(NativeBytes, 256L << 20, nameof(NativeBytes), "native memory beyond the heap");
        return this;

        static void Check(long value, long least, string name, string what)
        {
            if (value < least)
            {
                throw new ArgumentOutOfRangeException(name, value, $"{name} ({what}) must be at least {least >> 20} MiB, not {value} bytes");
            }
        }
    }

    /// <summary>The command that starts <paramref name="fileName"/> with these limits: prlimit's arguments, then the program's.</summary>
    /// <param name="fileName">The program (bwrap, or the dotnet host).</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="heapBytes">The worker's heap limit, bytes, or null for none.</param>
    /// <param name="user">The user the worker runs as, or null for the grader's own: with one, <see cref="Processes"/> is set too.</param>
    public (string FileName, IReadOnlyList<string> Arguments) Wrap(string fileName, IReadOnlyList<string> arguments, long? heapBytes, WorkerUser? user = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(arguments);
        if (!PrlimitAvailable)
        {
            return (fileName, arguments);
        }

        // A .NET process reserves its heap's address space without write access (not counted in RLIMIT_DATA) and commits it
        // as it grows: the heap's committed part plus native allocations count. Without a heap limit, 4 GiB stands in for it.
        var data = (heapBytes ?? (4L << 30)) + NativeBytes;
        string Bytes(long value) => value.ToString(CultureInfo.InvariantCulture);
        string[] processes = user is null ? [] : [$"--nproc={Processes}"];
        return (PrlimitPath, [$"--nofile={OpenFiles}", $"--fsize={Bytes(FileBytes)}", $"--data={Bytes(data)}", "--core=0", .. processes, "--", fileName, .. arguments]);
    }

    /// <summary>Exit code of a process ended by SIGXFSZ (128 + 25): it wrote past <see cref="FileBytes"/>.</summary>
    public const int FileSizeExitCode = 153;
}
