using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ServingNotebooks.Runner;

namespace ServingNotebooks.Grading;

/// <summary>
/// Where a grading run works and what its notebooks run against: the instructor's <c>setup.dib</c>, <c>data/</c> and the
/// folders of the library builds that setup.dib references (<c>#r "../lib/…/X.dll"</c>), a fingerprint of all of it for the
/// cache, and one private folder per submission. With the sandbox, the instructor's files are shown read-only in place;
/// without it, each submission gets its own copies (so a notebook that changes them changes only its own).
/// </summary>
internal sealed partial class Staging
{
    private Staging(string workRoot, string source, string setupDib, string? data, IReadOnlyList<(string Host, string Relative)> libraries, WorkerCommand worker, bool sandboxed, string fingerprint)
    {
        WorkRoot = workRoot;
        SourceDirectory = source;
        SetupDib = setupDib;
        DataFolder = data;
        Libraries = libraries;
        Worker = worker;
        Sandboxed = sandboxed;
        Fingerprint = fingerprint;
    }

    /// <summary>The grader's work folder, <c>&lt;output&gt;/.grading</c>.</summary>
    public string WorkRoot { get; }

    /// <summary>The instructor's notebooks folder.</summary>
    public string SourceDirectory { get; }

    /// <summary>The instructor's setup.dib.</summary>
    public string SetupDib { get; }

    /// <summary>The instructor's data folder, or null.</summary>
    public string? DataFolder { get; }

    /// <summary>The library build folders setup.dib references, with their path relative to the workbook root.</summary>
    public IReadOnlyList<(string Host, string Relative)> Libraries { get; }

    /// <summary>The worker program.</summary>
    public WorkerCommand Worker { get; }

    /// <summary>Whether workers run under bubblewrap.</summary>
    public bool Sandboxed { get; }

    /// <summary>Changes whenever anything a notebook runs against changes: part of every cache key.</summary>
    public string Fingerprint { get; }

    /// <summary>Checks the instructor's folder and computes the fingerprint.</summary>
    /// <param name="options">The run's options.</param>
    /// <param name="workRoot">The work folder.</param>
    /// <param name="worker">The worker program.</param>
    /// <param name="sandboxed">Whether workers run under bubblewrap.</param>
    /// <exception cref="GraderException">No setup.dib, or a library it references is not built.</exception>
    public static Staging Prepare(GradingOptions options, string workRoot, WorkerCommand worker, bool sandboxed)
    {
        var source = Path.GetFullPath(options.SourceDirectory);
        var setup = Path.Combine(source, "setup.dib");
        if (!File.Exists(setup))
        {
            throw new GraderException($"{setup} not found: --source must be the instructor's notebooks folder (with setup.dib and data/)");
        }

        var libraries = new List<(string Host, string Relative)>();
        foreach (var relative in ReferencedLibraries(File.ReadAllText(setup)))
        {
            var folder = Path.GetFullPath(Path.Combine(source, "..", relative));
            if (!Directory.Exists(folder))
            {
                throw new GraderException($"the helper library is not built ({folder} is missing): run dotnet build in the workbook");
            }

            libraries.Add((folder, relative));
        }

        var data = Path.Combine(source, "data");
        var dataFolder = Directory.Exists(data) ? data : null;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(ClassGrader.GraderVersion));
        hash.AppendData(File.ReadAllBytes(setup));

        // The grader's own code (runner, worker): a rebuilt grader does not reuse results an older one produced.
        hash.AppendData(typeof(NotebookReader).Assembly.ManifestModule.ModuleVersionId.ToByteArray());
        hash.AppendData(File.ReadAllBytes(worker.WorkerDll));
        var inputs = libraries.SelectMany(l => Directory.EnumerateFiles(l.Host, "*", SearchOption.AllDirectories))
            .Concat(dataFolder is null ? [] : Directory.EnumerateFiles(dataFolder, "*", SearchOption.AllDirectories));
        foreach (var file in inputs.Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file));
            hash.AppendData(File.ReadAllBytes(file));
        }

        return new Staging(workRoot, source, setup, dataFolder, libraries, worker, sandboxed, Convert.ToHexString(hash.GetHashAndReset()));
    }

    /// <summary>
    /// The folders, relative to the workbook root, of the files setup.dib references as <c>../lib/…</c> (e.g.
    /// <c>#r "../lib/bin/ServingMath.dll"</c> gives <c>lib/bin</c>): what the notebooks load besides NuGet packages.
    /// </summary>
    /// <param name="setupDib">setup.dib's text.</param>
    public static IReadOnlyList<string> ReferencedLibraries(string setupDib) =>
        [.. LibraryReference().Matches(setupDib).Select(m => Path.GetDirectoryName("lib/" + m.Groups[1].Value)!.Replace('\\', '/'))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>
    /// A private folder for one submission's notebooks (copies of them), and how to start a worker on it: under bubblewrap,
    /// or directly with per-submission copies of setup.dib, data/ and the library beside them.
    /// </summary>
    /// <param name="folderName">The submission's folder name (<see cref="Gradebook.FileNameFor"/>).</param>
    /// <param name="notebooks">The submitted notebooks to stage.</param>
    /// <param name="environment">The worker's extra environment variables.</param>
    /// <param name="limits">The worker's limits (set with prlimit, and the sandbox's tmpfs sizes).</param>
    /// <param name="heapBytes">The worker's heap limit, or null.</param>
    /// <param name="user">The user the worker runs as (the grader is root), or null for the grader's own.</param>
    /// <returns>The staged folder (delete it when done), the notebooks' paths as the worker sees them, and the launch.</returns>
    /// <exception cref="GraderException">Without the sandbox, the worker's user cannot read what the worker needs.</exception>
    public (string Folder, IReadOnlyList<string> WorkerPaths, WorkerLaunch Launch) Stage(
        string folderName, IReadOnlyList<string> notebooks, IReadOnlyDictionary<string, string> environment, WorkerLimits limits, long? heapBytes, WorkerUser? user = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var stageRoot = Path.Combine(WorkRoot, "stage");
        var folder = Path.Combine(stageRoot, folderName);
        TryDelete(folder);
        var staged = Path.Combine(folder, "notebooks");
        Directory.CreateDirectory(staged);
        var names = new List<string>();
        foreach (var notebook in notebooks)
        {
            var name = Path.GetFileName(notebook);
            File.Copy(notebook, Path.Combine(staged, name), overwrite: true);
            names.Add(name);
        }

        if (Sandboxed)
        {
            // Mount points for the read-only binds (bwrap would create them, but in the student's folder they are ours).
            File.WriteAllBytes(Path.Combine(staged, "setup.dib"), []);
            if (DataFolder is not null)
            {
                Directory.CreateDirectory(Path.Combine(staged, "data"));
            }

            var layout = new SandboxLayout(staged, SetupDib, DataFolder, Libraries, Worker, ResolvedPackages.HostFolder()) { ScratchBytes = limits.ScratchBytes, User = user };
            var (program, arguments) = limits.Wrap(Sandbox.BwrapPath, Sandbox.Arguments(layout, environment), heapBytes, user);
            var launch = new WorkerLaunch(program, arguments, new Dictionary<string, string>(), folder);
            return (folder, [.. names.Select(n => $"{Sandbox.NotebooksFolder}/{n}")], launch);
        }

        File.Copy(SetupDib, Path.Combine(staged, "setup.dib"), overwrite: true);
        if (DataFolder is not null)
        {
            CopyDirectory(DataFolder, Path.Combine(staged, "data"));
        }

        foreach (var (host, relative) in Libraries)
        {
            CopyDirectory(host, Path.Combine(folder, relative));
        }

        if (user is null)
        {
            var (dotnet, dotnetArguments) = limits.Wrap(Worker.DotnetHost, [Worker.WorkerDll], heapBytes);
            var direct = new WorkerLaunch(dotnet, dotnetArguments, environment, folder);
            return (folder, [.. names.Select(n => Path.Combine(staged, n))], direct);
        }

        return (folder, [.. names.Select(n => Path.Combine(staged, n))], Unprivileged(stageRoot, folder, environment, limits, heapBytes, user));
    }

    /// <summary>
    /// Without the sandbox, as root: the submission's folder becomes the worker user's (its notebooks, a home, a temporary
    /// folder, a copy of the resolved-package lists), everything else stays root's, and the worker starts through setpriv.
    /// </summary>
    private WorkerLaunch Unprivileged(string stageRoot, string folder, IReadOnlyDictionary<string, string> environment, WorkerLimits limits, long? heapBytes, WorkerUser user)
    {
        var home = Directory.CreateDirectory(Path.Combine(folder, "home")).FullName;
        var temp = Directory.CreateDirectory(Path.Combine(folder, "tmp")).FullName;
        var resolved = Path.Combine(folder, "resolved");
        if (ResolvedPackages.HostFolder() is { } cache)
        {
            CopyDirectory(cache, resolved);
        }

        // The work folders are root's and only passable (711): the worker's user reaches its own folder, lists no other.
        if (!OperatingSystem.IsWindows())
        {
            foreach (var passable in new[] { WorkRoot, stageRoot })
            {
                File.SetUnixFileMode(passable, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }

            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        RunAsRoot("/usr/bin/chown", ["-R", $"{user.Id}:{user.Id}", folder]);
        var packages = Sandbox.NuGetPackagesFolder();
        var needed = new List<string> { folder, Worker.WorkerDll, Worker.DotnetHost };
        if (packages is not null)
        {
            needed.Add(packages);
        }

        var unreadable = RunAsUser(user, needed);
        if (unreadable.Count > 0)
        {
            throw new GraderException(
                $"without the sandbox, each worker runs as a user of its own (uid {user.Id}), which cannot read {string.Join(", ", unreadable)}: "
                + "put the workbook, the output folder and the NuGet package folder (NUGET_PACKAGES) where every user can read them "
                + "(the Gradescope scripts do), or grade with --sandbox bwrap");
        }

        var variables = new Dictionary<string, string>(environment, StringComparer.Ordinal)
        {
            ["HOME"] = home,
            ["DOTNET_CLI_HOME"] = home,
            ["TMPDIR"] = temp,
        };
        if (packages is not null)
        {
            variables["NUGET_PACKAGES"] = packages;
        }

        if (Directory.Exists(resolved))
        {
            variables[ResolvedPackages.Variable] = resolved;
        }

        var (program, arguments) = limits.Wrap(WorkerUser.SetprivPath, user.Arguments(Worker.DotnetHost, [Worker.WorkerDll]), heapBytes, user);
        return new WorkerLaunch(program, arguments, variables, folder);
    }

    /// <summary>Which of <paramref name="paths"/> the user cannot read (a folder: cannot list and pass), checked as that user.</summary>
    private static List<string> RunAsUser(WorkerUser user, IReadOnlyList<string> paths)
    {
        const string Script = "for p; do if [ -d \"$p\" ]; then [ -r \"$p\" ] && [ -x \"$p\" ] || echo \"$p\"; else [ -r \"$p\" ] || echo \"$p\"; fi; done";
        var output = RunAsRoot(WorkerUser.SetprivPath, user.Arguments("/bin/sh", ["-c", Script, "sh", .. paths]));
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    private static string RunAsRoot(string program, IReadOnlyList<string> arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start) ?? throw new GraderException($"cannot start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new GraderException($"{program} {string.Join(' ', arguments)} failed (exit code {process.ExitCode}): {stderr.Trim()}");
        }

        return stdout.Result;
    }

    /// <summary>Deletes a file or folder; a leftover in the work folder is harmless (the next run replaces it).</summary>
    /// <param name="path">The file or folder.</param>
    public static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next run.
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    [GeneratedRegex(@"\.\./lib/([A-Za-z0-9_.\-/]+\.dll)", RegexOptions.CultureInvariant)]
    private static partial Regex LibraryReference();
}
