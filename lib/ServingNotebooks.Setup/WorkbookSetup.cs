using System.Runtime.InteropServices;

namespace ServingNotebooks.Setup;

/// <summary>What setup is asked to do.</summary>
/// <param name="Workbook">The workbook to set up.</param>
/// <param name="CheckOnly">Only report: build nothing, restore nothing, write nothing, start no kernel.</param>
/// <param name="Environment">Reads an environment variable; tests point <c>JUPYTER_DATA_DIR</c> and <c>JUPYTER_PATH</c> at temporary folders.</param>
public sealed record SetupOptions(Workbook Workbook, bool CheckOnly, Func<string, string?> Environment)
{
    /// <summary>How long one step's command may take (a first build and precompilation takes minutes; measured 10+ on a loaded 2-core machine).</summary>
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Whether to start the kernel through Jupyter to prove it (when Jupyter is installed).</summary>
    public bool StartKernel { get; init; } = true;

    /// <summary>Whether to build the libraries and the kernel program (false: only check that they are built, for tests that run beside other tests).</summary>
    public bool Build { get; init; } = true;

    /// <summary>Called when a long step starts and every <see cref="ProgressInterval"/> while it runs, with what it is doing (e.g. "building the library… 20 s").</summary>
    public Action<string>? Progress { get; init; }

    /// <summary>How often a long step says it is still running.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// The learner's setup, one step after another, each reported as it ends: the .NET SDK global.json asks for, the pinned
/// .NET Interactive tool (its package holds the assemblies the kernel program runs), the library the notebooks load, the
/// kernel program (published, ReadyToRun on Linux x64), the Jupyter kernel (registered or repaired), the NuGet packages
/// setup.dib loads (cached for offline use), and the kernel started once through Jupyter. Running it again changes nothing.
/// Long steps report progress through <see cref="SetupOptions.Progress"/> while they run.
/// </summary>
public static class WorkbookSetup
{
    /// <summary>Variables setup passes on to the commands it runs, so they see the same Jupyter and NuGet folders it does.</summary>
    private static readonly string[] PassedOn = ["JUPYTER_DATA_DIR", "JUPYTER_PATH", "XDG_DATA_HOME", "HOME", "PATH", "NUGET_PACKAGES"];

    /// <summary>Runs every step; calls <paramref name="report"/> as each one ends. Stops at the first failed step that later steps need.</summary>
    /// <param name="options">What to do.</param>
    /// <param name="report">Called with each step as it ends.</param>
    /// <param name="cancellationToken">Stops setup.</param>
    public static async Task<IReadOnlyList<SetupStep>> RunAsync(SetupOptions options, Action<SetupStep>? report = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var steps = new List<SetupStep>();
        SetupStep Add(SetupStep step)
        {
            steps.Add(step);
            report?.Invoke(step);
            return step;
        }

        var context = new Context(options, ChildEnvironment(options.Environment));
        if (Add(await SdkAsync(context, cancellationToken).ConfigureAwait(false)).Status == StepStatus.Failed)
        {
            return steps;
        }

        var tool = Add(await ToolAsync(context, cancellationToken).ConfigureAwait(false));
        var library = Add(await LibraryAsync(context, cancellationToken).ConfigureAwait(false));
        var program = Add(await KernelProgramAsync(context, cancellationToken).ConfigureAwait(false));
        if (tool.Status != StepStatus.Failed && program.Status != StepStatus.Failed)
        {
            Add(await KernelAsync(context, cancellationToken).ConfigureAwait(false));
        }

        var packages = Add(await PackagesAsync(context, cancellationToken).ConfigureAwait(false));
        if (steps.All(s => s.Status != StepStatus.Failed) && library.Status != StepStatus.Failed && packages.Status != StepStatus.Failed)
        {
            Add(await ProbeAsync(context, cancellationToken).ConfigureAwait(false));
        }

        return steps;
    }

    /// <summary>The <c>dotnet</c> executable of the running .NET: the kernel is started with it by absolute path.</summary>
    public static string DotnetHost()
    {
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var host = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(host) ? host : "dotnet";
    }

    private static async Task<SetupStep> SdkAsync(Context context, CancellationToken cancellationToken)
    {
        const string Name = ".NET SDK";
        var required = context.Options.Workbook.RequiredSdk() ?? "10.0.100";
        var fix = $"Install the .NET SDK {required} or a later 10.0 version from https://dotnet.microsoft.com/download/dotnet/10.0, then run setup again.";
        ProcessOutcome outcome;
        try
        {
            outcome = await context.DotnetAsync(["--version"], cancellationToken).ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return new SetupStep(Name, StepStatus.Failed, "the dotnet command was not found", fix);
        }

        var version = outcome.Output.Trim();
        return outcome.Succeeded
            ? new SetupStep(Name, StepStatus.Ok, $"{version} (global.json asks for {required} or a later feature band)")
            : new SetupStep(Name, StepStatus.Failed, $"no SDK matches global.json ({required}): {outcome.Tail(2).ReplaceLineEndings(" ")}", fix);
    }

    private static async Task<SetupStep> ToolAsync(Context context, CancellationToken cancellationToken)
    {
        const string Name = ".NET Interactive tool";
        var version = context.Options.Workbook.PinnedToolVersion();
        var before = await context.ToolDllAsync(version, cancellationToken).ConfigureAwait(false);
        if (before is not null)
        {
            return new SetupStep(Name, StepStatus.Ok, $"{version} (pinned in .config/dotnet-tools.json): {before}");
        }

        if (context.Options.CheckOnly)
        {
            return new SetupStep(Name, StepStatus.Failed, $"{version} is not restored", "Run setup (without --check).");
        }

        var restore = await context.DotnetAsync(["tool", "restore"], $"restoring the .NET Interactive tool {version}", cancellationToken).ConfigureAwait(false);
        var after = restore.Succeeded ? await context.ToolDllAsync(version, cancellationToken).ConfigureAwait(false) : null;
        return after is not null
            ? new SetupStep(Name, StepStatus.Changed, $"restored {version}: {after}")
            : new SetupStep(Name, StepStatus.Failed, $"dotnet tool restore failed: {restore.Tail(3).ReplaceLineEndings(" ")}",
                "Check the internet connection (the first restore downloads the tool from nuget.org), then run setup again.");
    }

    private static async Task<SetupStep> LibraryAsync(Context context, CancellationToken cancellationToken)
    {
        const string Name = "Library";
        var assemblies = context.Options.Workbook.SetupAssemblies();
        var shown = string.Join(", ", assemblies.Select(a => Path.GetRelativePath(context.Options.Workbook.Root, a)));
        var before = assemblies.Select(Stamp).ToList();
        if (context.Options.CheckOnly || !context.Options.Build)
        {
            var missing = assemblies.Where(a => !File.Exists(a)).ToList();
            return missing.Count == 0
                ? new SetupStep(Name, StepStatus.Ok, $"built: {shown}")
                : new SetupStep(Name, StepStatus.Failed, $"not built: {string.Join(", ", missing)}", "Run setup (without --check).");
        }

        var project = context.Options.Workbook.LibraryProject;
        var build = await context.DotnetAsync(["build", project, "-nologo", "-v", "quiet"], "building the library", cancellationToken).ConfigureAwait(false);
        if (!build.Succeeded)
        {
            return new SetupStep(Name, StepStatus.Failed, $"dotnet build {project} {Failure(build, context)}",
                "Read the build error above; if the workbook's files were edited, restore them (git checkout, or a fresh copy).");
        }

        var stillMissing = assemblies.Where(a => !File.Exists(a)).ToList();
        if (stillMissing.Count > 0)
        {
            return new SetupStep(Name, StepStatus.Failed, $"built, but setup.dib loads files the build does not make: {string.Join(", ", stillMissing)}",
                "setup.dib and the library projects disagree; restore notebooks/setup.dib from the workbook.");
        }

        var changed = !assemblies.Select(Stamp).SequenceEqual(before);
        return new SetupStep(Name, changed ? StepStatus.Changed : StepStatus.Ok, $"{(changed ? "built" : "up to date")}: {shown}");
    }

    private static async Task<SetupStep> KernelProgramAsync(Context context, CancellationToken cancellationToken)
    {
        const string Name = "Kernel program";
        var workbook = context.Options.Workbook;
        var shown = Path.GetRelativePath(workbook.Root, workbook.KernelProgram);
        var before = Stamp(workbook.KernelProgram);
        if (context.Options.CheckOnly || !context.Options.Build)
        {
            return before is not null
                ? new SetupStep(Name, StepStatus.Ok, $"built: {shown}")
                : new SetupStep(Name, StepStatus.Failed, $"not built: {workbook.KernelProgram}", "Run setup (without --check).");
        }

        // ReadyToRun (as ./servingbook is): Roslyn and .NET Interactive arrive precompiled, so every kernel start and restart
        // skips JIT-compiling them. Only where the precompiler runs (Linux x64, as for ./servingbook); elsewhere the plain build.
        // SERVINGBOOK_READY_TO_RUN=0 asks for the plain build, as it does of ./servingbook (the student-copy test: minutes of
        // crossgen2 that CI's own setup step already spends).
        var precompile = OperatingSystem.IsLinux() && RuntimeInformation.OSArchitecture == Architecture.X64
            && context.Options.Environment("SERVINGBOOK_READY_TO_RUN") != "0";

        // Published after the last change to any source: no publish (it would restore, compile and precompile again when only
        // NuGet's inputs differ, as in a fresh home folder).
        if (before is not null && KernelBuildStamp.IsCurrent(workbook))
        {
            return new SetupStep(Name, StepStatus.Ok, $"up to date{(precompile ? " (ReadyToRun)" : string.Empty)}: {shown}");
        }

        string[] publish = precompile
            ? ["publish", Workbook.KernelProject, "-nologo", "-v", "quiet", "-c", "Debug", "-r", "linux-x64", "--self-contained", "false", "-p:PublishReadyToRun=true", "-o", workbook.KernelFolder]
            : ["publish", Workbook.KernelProject, "-nologo", "-v", "quiet", "-c", "Debug", "-o", workbook.KernelFolder];
        var what = precompile && before is null ? "building and precompiling the kernel program (ReadyToRun; the first time takes a few minutes)" : "building the kernel program";
        var outcome = await context.DotnetAsync(publish, what, cancellationToken).ConfigureAwait(false);
        if (!outcome.Succeeded || !File.Exists(workbook.KernelProgram))
        {
            return new SetupStep(Name, StepStatus.Failed, $"dotnet publish {Workbook.KernelProject} {Failure(outcome, context)}",
                "Read the build error above; if the workbook's files were edited, restore them (git checkout, or a fresh copy).");
        }

        KernelBuildStamp.Write(workbook);
        var changed = Stamp(workbook.KernelProgram) != before;
        return new SetupStep(Name, changed ? StepStatus.Changed : StepStatus.Ok, $"{(changed ? "built" : "up to date")}{(precompile ? " (ReadyToRun)" : string.Empty)}: {shown}");
    }

    private static async Task<SetupStep> KernelAsync(Context context, CancellationToken cancellationToken)
    {
        const string Name = "Jupyter kernel";
        const string NoListener = "ZeroMQ only, no HTTP listener";
        var expected = KernelSpec.Expected(DotnetHost(), context.Options.Workbook.KernelProgram);
        var state = KernelRegistration.Inspect(context.Options.Environment, expected);
        var shadowFix = state.Shadowed.Count == 0 ? null
            : $"Jupyter finds {string.Join(", ", state.Shadowed)} first (JUPYTER_PATH): remove that folder or take it out of JUPYTER_PATH, then run setup again.";
        if (state.IsCorrect)
        {
            return new SetupStep(Name, StepStatus.Ok, $"{KernelSpec.Name} registered, {NoListener}: {state.KernelJson}");
        }

        if (context.Options.CheckOnly)
        {
            var what = !state.Exists ? "not registered" : state.Problems.Count > 0 ? $"needs repair: {string.Join("; ", state.Problems)}" : "registered";
            return new SetupStep(Name, StepStatus.Failed, $"{KernelSpec.Name} {what} ({state.KernelJson})", shadowFix ?? "Run setup (without --check).");
        }

        if (!state.Exists || state.Problems.Count > 0)
        {
            KernelRegistration.Register(context.Options.Environment, expected, await context.ToolLogosAsync(cancellationToken).ConfigureAwait(false));
        }

        var done = !state.Exists ? "registered" : state.Problems.Count > 0 ? $"repaired ({string.Join("; ", state.Problems)})" : "registered";
        return shadowFix is null
            ? new SetupStep(Name, StepStatus.Changed, $"{KernelSpec.Name} {done}, {NoListener}: {state.KernelJson}")
            : new SetupStep(Name, StepStatus.Failed, $"{KernelSpec.Name} {done}, but Jupyter would start another one", shadowFix);
    }

    private static async Task<SetupStep> PackagesAsync(Context context, CancellationToken cancellationToken)
    {
        const string Name = "NuGet cache";
        var packages = context.Options.Workbook.SetupPackages();
        var shown = string.Join(", ", packages.Select(p => $"{p.Id} {p.Version}"));
        var folder = await context.GlobalPackagesAsync(cancellationToken).ConfigureAwait(false);
        var missing = packages.Where(p => folder is null || !Directory.Exists(Path.Combine(folder, p.Id.ToLowerInvariant(), p.Version))).ToList();
        if (context.Options.CheckOnly)
        {
            return missing.Count == 0
                ? new SetupStep(Name, StepStatus.Ok, $"cached for offline use: {shown}")
                : new SetupStep(Name, StepStatus.Failed, $"not cached: {string.Join(", ", missing.Select(p => $"{p.Id} {p.Version}"))}", "Run setup (without --check) while online.");
        }

        // A restore of a throw-away project with the same references caches them and everything they depend on,
        // so setup.dib's #r "nuget: …" resolves from the cache with no network (a classroom without internet).
        var project = Directory.CreateTempSubdirectory("servingbook-nuget-");
        try
        {
            File.WriteAllText(Path.Combine(project.FullName, "Directory.Build.props"), "<Project />");
            File.WriteAllText(Path.Combine(project.FullName, "Directory.Packages.props"), "<Project />");
            var references = string.Concat(packages.Select(p => $"<PackageReference Include=\"{p.Id}\" Version=\"{p.Version}\" />"));
            File.WriteAllText(Path.Combine(project.FullName, "warm.csproj"),
                $"<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup><ItemGroup>{references}</ItemGroup></Project>");
            var restore = await context.DotnetAsync(["restore", Path.Combine(project.FullName, "warm.csproj"), "-nologo", "-v", "quiet"], "caching the notebooks' NuGet packages", cancellationToken).ConfigureAwait(false);
            return restore.Succeeded
                ? new SetupStep(Name, missing.Count == 0 ? StepStatus.Ok : StepStatus.Changed, $"{(missing.Count == 0 ? "cached" : "downloaded")} for offline use: {shown}")
                : new SetupStep(Name, StepStatus.Failed, $"restore failed: {restore.Tail(3).ReplaceLineEndings(" ")}", "Check the internet connection, then run setup again.");
        }
        finally
        {
            project.Delete(recursive: true);
        }
    }

    private static async Task<SetupStep> ProbeAsync(Context context, CancellationToken cancellationToken)
    {
        const string Name = "Kernel start";
        if (context.Options.CheckOnly || !context.Options.StartKernel)
        {
            return new SetupStep(Name, StepStatus.Ok, "not started (--check)");
        }

        var jupyter = JupyterProbe.FindJupyter(context.Options.Environment);
        if (jupyter is null)
        {
            return new SetupStep(Name, StepStatus.Warning, "Jupyter is not installed, so the kernel was not started",
                "VS Code's Jupyter extension needs no Jupyter install. For Jupyter Notebook: see docs/learners.md (Debian: apt install jupyter-notebook; pip: pip install notebook), then run setup again.");
        }

        var probe = await context.WithProgressAsync(
            "starting the kernel through Jupyter and running setup.dib",
            () => JupyterProbe.RunAsync(jupyter, context.Options.Workbook.Notebooks, context.ChildEnvironment, context.Options.StepTimeout, cancellationToken)).ConfigureAwait(false);
        return probe.Started
            ? new SetupStep(Name, StepStatus.Ok, probe.Detail)
            : new SetupStep(Name, StepStatus.Failed, probe.Detail,
                "Run setup again; if it fails the same way, run the failing notebook cell in Jupyter and read its message (the terminal that runs Jupyter shows the kernel's own errors).");
    }

    /// <summary>Why a command failed, for a step's line: it ran out of time, or the last lines it printed.</summary>
    private static string Failure(ProcessOutcome outcome, Context context) =>
        outcome.TimedOut
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"did not finish within {context.Options.StepTimeout.TotalMinutes:0} minutes (a loaded machine? run setup again: it goes on from where it stopped)")
            : $"failed: {outcome.Tail(3).ReplaceLineEndings(" ")}";

    private static Dictionary<string, string?> ChildEnvironment(Func<string, string?> environment) =>
        PassedOn.ToDictionary(name => name, environment);

    private static DateTime? Stamp(string path) => File.Exists(path) ? File.GetLastWriteTimeUtc(path) : null;

    /// <summary>What the steps share: the options, the child processes' environment, and answers found once.</summary>
    private sealed class Context(SetupOptions options, IReadOnlyDictionary<string, string?> childEnvironment)
    {
        private string? globalPackages;

        public SetupOptions Options { get; } = options;

        public IReadOnlyDictionary<string, string?> ChildEnvironment { get; } = childEnvironment;

        public Task<ProcessOutcome> DotnetAsync(IEnumerable<string> arguments, CancellationToken cancellationToken) =>
            Processes.RunAsync(DotnetHost(), arguments, Options.Workbook.Root, ChildEnvironment, Options.StepTimeout, cancellationToken: cancellationToken);

        /// <summary>A long <c>dotnet</c> command: says <paramref name="what"/> it does when it starts and while it runs.</summary>
        public Task<ProcessOutcome> DotnetAsync(IEnumerable<string> arguments, string what, CancellationToken cancellationToken) =>
            WithProgressAsync(what, () => DotnetAsync(arguments, cancellationToken));

        /// <summary>Runs <paramref name="work"/>, reporting "<paramref name="what"/>…" at once and again with the seconds so far every <see cref="SetupOptions.ProgressInterval"/>.</summary>
        public async Task<T> WithProgressAsync<T>(string what, Func<Task<T>> work)
        {
            var progress = Options.Progress;
            if (progress is null)
            {
                return await work().ConfigureAwait(false);
            }

            progress($"{what}…");
            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            using var timer = new PeriodicTimer(Options.ProgressInterval);
            using var done = new CancellationTokenSource();
            var ticker = Task.Run(async () =>
            {
                try
                {
                    while (await timer.WaitForNextTickAsync(done.Token).ConfigureAwait(false))
                    {
                        progress(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{what}… {stopwatch.Elapsed.TotalSeconds:0} s"));
                    }
                }
                catch (OperationCanceledException)
                {
                    // The work ended.
                }
            });
            try
            {
                return await work().ConfigureAwait(false);
            }
            finally
            {
                await done.CancelAsync().ConfigureAwait(false);
                await ticker.ConfigureAwait(false);
            }
        }

        /// <summary>NuGet's global packages folder (where tools and packages are cached): NUGET_PACKAGES, or what dotnet says.</summary>
        public async Task<string?> GlobalPackagesAsync(CancellationToken cancellationToken)
        {
            if (globalPackages is not null)
            {
                return globalPackages;
            }

            if (Options.Environment("NUGET_PACKAGES") is { Length: > 0 } configured)
            {
                return globalPackages = Path.GetFullPath(configured);
            }

            var locals = await DotnetAsync(["nuget", "locals", "global-packages", "--list"], cancellationToken).ConfigureAwait(false);
            const string Prefix = "global-packages:";
            var line = locals.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal));
            return globalPackages = line is null ? null : Path.GetFullPath(line[Prefix.Length..].Trim());
        }

        /// <summary>The pinned tool's entry dll in the NuGet cache, or null when it is not restored.</summary>
        public async Task<string?> ToolDllAsync(string version, CancellationToken cancellationToken)
        {
            var folder = await GlobalPackagesAsync(cancellationToken).ConfigureAwait(false);
            var tools = folder is null ? null : Path.Combine(folder, Workbook.ToolPackage, version.ToLowerInvariant(), "tools");
            return tools is not null && Directory.Exists(tools)
                ? Directory.EnumerateFiles(tools, "Microsoft.DotNet.Interactive.App.dll", SearchOption.AllDirectories).Order(StringComparer.Ordinal).FirstOrDefault()
                : null;
        }

        /// <summary>The kernel logos the pinned tool's package ships (<c>tools/…/resources/logo-32x32.png</c>, <c>logo-64x64.png</c>), or null when it is not restored.</summary>
        public async Task<string?> ToolLogosAsync(CancellationToken cancellationToken)
        {
            var dll = await ToolDllAsync(Options.Workbook.PinnedToolVersion(), cancellationToken).ConfigureAwait(false);
            var resources = dll is null ? null : Path.Combine(Path.GetDirectoryName(dll)!, "resources");
            return resources is not null && Directory.Exists(resources) ? resources : null;
        }
    }
}
