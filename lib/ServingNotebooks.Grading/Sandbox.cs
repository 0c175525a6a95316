namespace ServingNotebooks.Grading;

/// <summary>Where grading workers run: <c>grade --sandbox auto|bwrap|none</c>.</summary>
public enum SandboxMode
{
    /// <summary>Under bubblewrap when <c>/usr/bin/bwrap</c> is installed, else without a sandbox and with a loud warning.</summary>
    Auto,

    /// <summary>Under bubblewrap; grading refuses to start when it is not installed.</summary>
    Bwrap,

    /// <summary>Without a sandbox: the notebooks run as the instructor, with everything the instructor can read and write.</summary>
    None,
}

/// <summary>What one worker is shown: host folders and files, read-only except the student's own notebooks folder.</summary>
/// <param name="NotebooksFolder">The student's staged notebooks (host path), each shown read-only in a size-limited tmpfs, the worker's only writable folder besides a private /tmp.</param>
/// <param name="SetupDib">The instructor's setup.dib, shown read-only beside the notebooks.</param>
/// <param name="DataFolder">The instructor's data/ folder, shown read-only beside the notebooks, or null when there is none.</param>
/// <param name="Libraries">The library build folders setup.dib references, by their path relative to the notebooks' parent (e.g. <c>lib/ServingMath/bin</c>), shown read-only.</param>
/// <param name="Worker">The worker program.</param>
/// <param name="ResolvedPackages">The grader's cache of resolved <c>#r "nuget: …"</c> package sets (<see cref="Grading.ResolvedPackages"/>), shown read-only for the worker to copy home, or null.</param>
public sealed record SandboxLayout(
    string NotebooksFolder,
    string SetupDib,
    string? DataFolder,
    IReadOnlyList<(string Host, string Relative)> Libraries,
    WorkerCommand Worker,
    string? ResolvedPackages = null)
{
    /// <summary>The size of each writable tmpfs (<c>/tmp</c> and the notebooks' folder), bytes. Default: 512 MiB.</summary>
    public long ScratchBytes { get; init; } = 512L << 20;

    /// <summary>
    /// The user the worker runs as inside the sandbox (the grader is root), or null: the worker is then root of a user
    /// namespace of its own, which maps to the grader's user outside.
    /// </summary>
    public WorkerUser? User { get; init; }
}

/// <summary>
/// Runs each grading worker under bubblewrap (<c>bwrap</c>): no network, its own PID namespace, IPC, hostname and session
/// (nothing it starts outlives it, and the grader's processes are not visible to it), no capabilities, a private
/// <c>/tmp</c>; the system folders, the .NET install, the NuGet package cache, the instructor's <c>setup.dib</c>,
/// <c>data/</c> and library build read-only; the student's own staged notebooks the only writable folder. The output
/// folder, the result cache, other students' submissions, the workbook and the grader's own files are not there at all.
/// </summary>
/// <remarks>
/// Inside, everything of the workbook is under <see cref="Root"/>: <c>/grading/notebooks</c> (the notebooks, setup.dib,
/// data/), <c>/grading/lib/…/bin</c> (so setup.dib's <c>../lib/…</c> references resolve as in the workbook) and
/// <c>/grading/worker</c>. The environment is cleared and only what .NET and NuGet need is set.
/// </remarks>
public static class Sandbox
{
    /// <summary>Where Debian's bubblewrap package installs bwrap.</summary>
    public const string BwrapPath = "/usr/bin/bwrap";

    /// <summary>The folder that holds the workbook's pieces inside the sandbox.</summary>
    public const string Root = "/grading";

    /// <summary>The notebooks folder inside the sandbox.</summary>
    public const string NotebooksFolder = Root + "/notebooks";

    /// <summary>The warning printed and written to gradebook.json when notebooks ran without a sandbox.</summary>
    public const string NoSandboxWarning =
        "WARNING: the notebooks ran WITHOUT a sandbox: student code ran as you, could read and change any file you can (the workbook, "
        + "the gradebook, other students' submissions), use the network, and leave processes running. Install bubblewrap "
        + "(apt-get install bubblewrap) and grade with --sandbox bwrap.";

    /// <summary>The warning given when notebooks ran without a sandbox, each as a user of its own (<see cref="WorkerUser"/>).</summary>
    public const string UnprivilegedWarning =
        "WARNING: the notebooks ran WITHOUT a sandbox, each as an unprivileged user of its own: student code could not write your "
        + "files (the gradebook, the results, the cache) or stop the grader, and the process limit held, but it could read "
        + "whatever every user may read on this machine and use the network. Install bubblewrap (apt-get install bubblewrap) "
        + "and grade with --sandbox bwrap where the machine allows it.";

    /// <summary>Whether bubblewrap is installed.</summary>
    public static bool BwrapAvailable => OperatingSystem.IsLinux() && File.Exists(BwrapPath);

    /// <summary>Whether workers run under bubblewrap, and the warning to give when they do not.</summary>
    /// <param name="mode">What was asked for.</param>
    /// <exception cref="GraderException"><see cref="SandboxMode.Bwrap"/> was asked for and bubblewrap is not installed.</exception>
    public static (bool UseBwrap, string? Warning) Resolve(SandboxMode mode) => mode switch
    {
        SandboxMode.Bwrap when !BwrapAvailable => throw new GraderException($"--sandbox bwrap: {BwrapPath} is not installed (apt-get install bubblewrap)"),
        SandboxMode.Bwrap => (true, null),
        SandboxMode.Auto when BwrapAvailable => (true, null),
        SandboxMode.Auto => (false, NoSandboxWarning + $" (--sandbox auto: {BwrapPath} was not found.)"),
        _ => (false, NoSandboxWarning + " (--sandbox none was given.)"),
    };

    /// <summary>The bwrap arguments that run the worker of <paramref name="layout"/> in its sandbox.</summary>
    /// <param name="layout">What the worker is shown.</param>
    /// <param name="environment">Extra environment variables for the worker (its heap limit, runtime settings).</param>
    public static IReadOnlyList<string> Arguments(SandboxLayout layout, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(environment);
        var host = RealPath(layout.Worker.DotnetHost);
        var dotnetRoot = Path.GetDirectoryName(host)!;
        var user = layout.User;

        // With a worker user, bwrap (run by root) makes the namespaces without a user namespace and keeps only the right to
        // change user, which setpriv uses and the kernel then clears: the worker's processes belong, outside the sandbox, to
        // that user, so RLIMIT_NPROC binds and no file of root's is writable. Without one, a user namespace maps the worker's
        // root to the grader's user.
        string[] identity = user is null
            ? ["--unshare-user", "--disable-userns", "--cap-drop", "ALL"]
            : ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"];
        List<string> args =
        [
            "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            "--die-with-parent", "--new-session", .. identity,
            "--ro-bind", "/usr", "/usr",
            "--ro-bind", "/etc", "/etc",
        ];
        var made = new HashSet<string>(StringComparer.Ordinal) { "/", "/usr", "/etc", "/tmp", "/proc", "/dev" };

        // bwrap makes a bind's missing parent folders readable by root only; the worker's user must get through them.
        void Parents(string target)
        {
            var parent = Path.GetDirectoryName(target);
            if (parent is null || made.Contains(parent) || IsUnder(parent, "/usr") || IsUnder(parent, "/etc"))
            {
                return;
            }

            Parents(parent);
            made.Add(parent);
            args.AddRange(["--perms", "0755", "--dir", parent]);
        }

        foreach (var top in new[] { "/bin", "/sbin", "/lib", "/lib32", "/lib64" })
        {
            var info = new DirectoryInfo(top);
            if (info.LinkTarget is { } target)
            {
                args.AddRange(["--symlink", target, top]);
            }
            else if (info.Exists)
            {
                args.AddRange(["--ro-bind", top, top]);
            }
        }

        var scratch = layout.ScratchBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // /tmp and the notebooks' folder are the worker's to write (sticky, as /tmp is): the worker's user is not their owner.
        args.AddRange(["--proc", "/proc", "--dev", "/dev", "--perms", "01777", "--size", scratch, "--tmpfs", "/tmp", "--perms", "0777", "--dir", "/tmp/home"]);
        if (!IsUnder(dotnetRoot, "/usr"))
        {
            Parents(dotnetRoot);
            args.AddRange(["--ro-bind", dotnetRoot, dotnetRoot]);
        }

        var packages = NuGetPackagesFolder();
        if (packages is not null)
        {
            Parents(packages);
            args.AddRange(["--ro-bind", packages, packages]);
        }

        // The list of files each `#r "nuget: …"` resolved to (the .NET Interactive dependency manager's cache in the grader's
        // home), read-only: the worker copies it into its own empty home, so that setup.dib's packages resolve from it instead
        // of a `dotnet restore` per student (about 5 s of CPU). A student who changes that copy changes only their own run.
        var resolved = layout.ResolvedPackages;
        Parents(Root + "/worker");
        if (resolved is not null)
        {
            args.AddRange(["--ro-bind", resolved, ResolvedPackagesInside]);
        }

        args.AddRange(["--ro-bind", layout.Worker.Directory, Root + "/worker"]);
        // The notebooks' folder is a size-limited tmpfs with the staged notebooks in it read-only: what a notebook writes there
        // (or in /tmp) is bounded and gone with the sandbox, never on the grader's disk.
        args.AddRange(["--perms", "01777", "--size", scratch, "--tmpfs", NotebooksFolder]);
        var staged = Directory.Exists(layout.NotebooksFolder) ? Directory.EnumerateFiles(layout.NotebooksFolder, "*.ipynb") : [];
        foreach (var notebook in staged.Order(StringComparer.Ordinal))
        {
            args.AddRange(["--ro-bind", notebook, $"{NotebooksFolder}/{Path.GetFileName(notebook)}"]);
        }

        args.AddRange(["--ro-bind", layout.SetupDib, NotebooksFolder + "/setup.dib"]);
        if (layout.DataFolder is not null)
        {
            args.AddRange(["--ro-bind", layout.DataFolder, NotebooksFolder + "/data"]);
        }

        foreach (var (hostFolder, relative) in layout.Libraries)
        {
            Parents($"{Root}/{relative}");
            args.AddRange(["--ro-bind", hostFolder, $"{Root}/{relative}"]);
        }

        args.AddRange(["--chdir", "/tmp", "--clearenv"]);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = $"{dotnetRoot}:/usr/local/bin:/usr/bin:/bin",
            ["HOME"] = "/tmp/home",
            ["TMPDIR"] = "/tmp",
            ["LANG"] = "C.UTF-8",
            ["DOTNET_ROOT"] = dotnetRoot,
            ["DOTNET_CLI_HOME"] = "/tmp/home",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE"] = "1",

            // #r "nuget: …" restores from the package cache; with no network, NuGet's vulnerability audit would only
            // wait for a feed it cannot reach (an MSBuild property, read from the environment).
            ["NuGetAudit"] = "false",
        };
        if (packages is not null)
        {
            variables["NUGET_PACKAGES"] = packages;
        }

        if (resolved is not null)
        {
            variables[ResolvedPackages.Variable] = ResolvedPackagesInside;
        }

        foreach (var (name, value) in environment)
        {
            variables[name] = value;
        }

        foreach (var (name, value) in variables.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            args.AddRange(["--setenv", name, value]);
        }

        string[] worker = [host, $"{Root}/worker/{WorkerCommand.DllName}"];
        args.Add("--");
        args.AddRange(user is null ? worker : [WorkerUser.SetprivPath, .. user.Arguments(worker[0], worker[1..])]);
        return args;
    }

    /// <summary>Where the sandbox shows the grader's resolved-package cache (<see cref="ResolvedPackages"/>).</summary>
    public const string ResolvedPackagesInside = Root + "/nuget-resolved";

    /// <summary>The NuGet global packages folder the grader's user has (where <c>#r "nuget: …"</c> finds its packages), or null.</summary>
    public static string? NuGetPackagesFolder()
    {
        var folder = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } set
            ? set
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return Directory.Exists(folder) ? Path.GetFullPath(folder) : null;
    }

    private static string RealPath(string file)
    {
        var full = Path.IsPathRooted(file) ? file : WorkerCommand.FindDotnetHost();
        try
        {
            return new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(full);
        }
        catch (IOException)
        {
            return Path.GetFullPath(full);
        }
    }

    private static bool IsUnder(string path, string folder) =>
        path.Equals(folder, StringComparison.Ordinal) || path.StartsWith(folder + "/", StringComparison.Ordinal);
}
