using System.Globalization;
using System.Text;
using System.Text.Json;
using ServingNotebooks.Grading;

namespace ServingNotebooks.Tests.Grading;

/// <summary>
/// Issue 23, items 2–4: submissions graded in the sandbox as root (as CI and an instructor's server do), each worker a user
/// of its own. They are graded in one class with the size attacks (<see cref="WorkerLimitsFixture"/>): a fork bomb meets
/// RLIMIT_NPROC and costs only its notebook, and a notebook that searches the sandbox's files for the grader's hidden
/// cases finds nothing.
/// </summary>
public static class SandboxAttacks
{
    /// <summary>
    /// Starts `sleep` 2000 times, keeping every child, then ends them all: without a process limit all 2000 start (root has
    /// none), with the worker's 256 the start fails first with fork's EAGAIN. The children are ended either way, so the
    /// worker can go on to report; a bomb that keeps them is ended with the sandbox's PID namespace.
    /// </summary>
    public const string ForkBomb =
        "var children = new System.Collections.Generic.List<System.Diagnostics.Process>();\n"
        + "try { for (var i = 0; i < 2000; i++) children.Add(System.Diagnostics.Process.Start(\"sleep\", \"600\")!); }\n"
        + "finally { foreach (var c in children) { try { c.Kill(); } catch (System.Exception) { } } }";

    /// <summary>
    /// Reads every file it can under the sandbox's root (but /proc, /sys, /dev, the system's /usr and the public NuGet packages,
    /// 2.3 GB, whose names only it checks) for the grader's hidden cases' namespace and the hidden-case files' type names, and
    /// reports in a cell error how many files it read and what it found. The needles are joined at run time: the notebook's
    /// own text does not hold them. A file that does not answer within 5 s (a FIFO, such as the runtime's own debugger pipes in
    /// /tmp, blocks its reader until a writer comes) is passed over.
    /// </summary>
    public const string Seeker =
        "var needles = new[] { \"ServingNotebooks.Grading.\" + \"Hidden\\0\", \"ServingNotebooks.Grading.\" + \"Hidden.\", \"Hidden\" + \"01\", \"Hidden\" + \"02\" }.Select(System.Text.Encoding.UTF8.GetBytes).ToArray();\n"
        + "var read = 0; var found = new System.Collections.Generic.List<string>();\n"
        + "var skip = new[] { \"/proc\", \"/sys\", \"/dev\", \"/usr\" };\n"
        + "var files = System.IO.Directory.EnumerateFiles(\"/\", \"*\", new System.IO.EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = System.IO.FileAttributes.ReparsePoint })\n"
        + "    .Where(f => !skip.Any(s => f.StartsWith(s + \"/\")));\n"
        + "foreach (var f in files) {\n"
        + "    if (System.IO.Path.GetFileName(f) == \"ServingNotebooks.Grading.dll\") found.Add(f);\n"
        + "    if (f.Contains(\"/.nuget/packages/\")) continue;\n"
        + "    var reading = System.Threading.Tasks.Task.Run(() => System.IO.File.ReadAllBytes(f));\n"
        + "    byte[] b; try { if (!reading.Wait(5000)) continue; b = reading.Result; } catch (System.Exception) { continue; }\n"
        + "    read++; foreach (var n in needles) if (b.AsSpan().IndexOf(n) >= 0) found.Add(f);\n"
        + "}\n"
        + "throw new System.InvalidOperationException($\"seeker read {read} files and found {found.Count}: {string.Join(\", \", found.Distinct())}\");";
}

[Collection(GradingProcessesCollection.Name)]
public sealed class UnprivilegedSandboxTests(SharedFixture<WorkerLimitsFixture> graded) : IClassFixture<SharedFixture<WorkerLimitsFixture>>
{
    private StudentGrade Student(string name) => graded.Value.Result.Students.Single(s => s.Student == name);

    private string Feedback(string name) => string.Join("\n", Student(name).Exercises.SelectMany(e => e.Feedback).Concat(Student(name).Notes));

    [Fact]
    public void A_fork_bomb_meets_the_process_limit_costs_only_its_notebook_and_is_named()
    {
        Assert.True(WorkerUser.Available, "these tests grade as root with setpriv installed, as CI does");
        Assert.Equal(10, Student("fork-bomb").Exercises.Single(e => e.Number == 2).Points);
        var errors = string.Join("\n", Student("fork-bomb").Observations.Single(o => o.Notebook.StartsWith("01", StringComparison.Ordinal)).CellErrors);
        Assert.Contains("Resource temporarily unavailable", errors, StringComparison.Ordinal);
        Assert.Contains("01-littles-law.ipynb started too many processes or threads (limit 256 per worker", Feedback("fork-bomb"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_notebook_that_searches_the_sandbox_for_the_hidden_cases_finds_nothing()
    {
        var errors = string.Join("\n", Student("seeker").Observations.Single(o => o.Notebook.StartsWith("01", StringComparison.Ordinal)).CellErrors);
        var match = System.Text.RegularExpressions.Regex.Match(errors, @"seeker read (\d+) files and found (\d+)");
        Assert.True(match.Success, errors);

        // The worker's own folder alone is some hundreds of files: the search did run through the sandbox.
        Assert.True(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) > 200, errors);
        Assert.Equal("0", match.Groups[2].Value);
        Assert.Equal(10, Student("seeker").Exercises.Single(e => e.Number == 2).Points);
    }
}

/// <summary>
/// Issue 23, item 2's last sentence, without running anything: the hidden cases' expected answers are in nothing the grader
/// stages into the sandbox (the worker's folder, the library builds setup.dib loads) and in nothing it sends the worker.
/// </summary>
public sealed class HiddenAnswersStayOutsideTests
{
    [Fact]
    public void No_staged_file_holds_the_grader_assembly_or_its_hidden_cases()
    {
        var worker = WorkerCommand.Locate();
        var libraries = Staging.ReferencedLibraries(File.ReadAllText(Path.Combine(Workbook.Notebooks, "setup.dib")))
            .Select(folder => Path.Combine(Workbook.Root, folder));
        var staged = new[] { worker.Directory, Workbook.Notebooks }.Concat(libraries)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)).ToList();
        // The hidden cases' namespace as the metadata stores it (a string of its own, ended by a zero byte) and as the XML
        // documentation would name its types; the worker's protocol type HiddenCalls is in ServingNotebooks.Grading itself, so
        // the bare prefix is no needle).
        byte[][] needles = [Encoding.UTF8.GetBytes("ServingNotebooks.Grading.Hidden\0"), Encoding.UTF8.GetBytes("ServingNotebooks.Grading.Hidden.")];
        Assert.True(staged.Count > 200, $"{staged.Count} files");
        Assert.DoesNotContain(staged, f => Path.GetFileName(f) == "ServingNotebooks.Grading.dll");
        Assert.DoesNotContain(staged, f => needles.Any(n => File.ReadAllBytes(f).AsSpan().IndexOf(n) >= 0));

        // The needle is real: the grader's own assembly holds it.
        Assert.True(File.ReadAllBytes(typeof(ClassGrader).Assembly.Location).AsSpan().IndexOf(needles[0]) >= 0);
    }

    [Fact]
    public void The_channel_carries_the_hidden_inputs_but_never_an_expected_answer()
    {
        var checkedAnswers = 0;
        foreach (var exercise in GradingSpec.Exercises)
        {
            var job = new GradeJob([new WorkerNotebook("/grading/notebooks/x.ipynb", exercise.VariablesToRead(), exercise.HiddenCalls().Count)], 30, "token");
            var sent = Encoding.UTF8.GetString(WorkerChannel.Line(job)) + Encoding.UTF8.GetString(WorkerChannel.Line(new HiddenCalls(0, exercise.HiddenCalls())));
            foreach (var hidden in exercise.Parts.SelectMany(p => p.HiddenCases))
            {
                // Answers with at least 5 significant characters (0.6666666666666666, 1187.5): short ones such as 2 could be
                // an input by chance.
                foreach (var answer in Numbers(hidden.Expected).Select(v => v.ToString("R", CultureInfo.InvariantCulture)).Where(t => t.Replace(".", "", StringComparison.Ordinal).TrimStart('-', '0').Length >= 5))
                {
                    Assert.DoesNotContain(answer, sent, StringComparison.Ordinal);
                    checkedAnswers++;
                }
            }

            // The inputs do go: the calls are what the worker runs.
            Assert.All(exercise.HiddenCalls(), call => Assert.Contains(JsonSerializer.Serialize(call, GradeJob.JsonOptions).Trim('"'), sent, StringComparison.Ordinal));
        }

        Assert.True(checkedAnswers >= 10, $"only {checkedAnswers} distinctive answers were checked");
    }

    private static IEnumerable<double> Numbers(object? value) => value switch
    {
        double d => [d],
        int i => [i],
        long l => [l],
        IEnumerable<double> ds => ds,
        IEnumerable<int> ints => ints.Select(i => (double)i),
        _ => [],
    };
}

/// <summary>
/// Issue 23, item 3: Gradescope's container may refuse bubblewrap's namespaces, and the grader then runs the notebooks
/// without the sandbox, as root. A real forging submission — one cell that writes <c>results/results.json</c> and kills the
/// grader — is graded by <c>servingbook gradescope run --sandbox none</c> started as root in a process of its own, the way
/// run_autograder starts it. Its worker runs as a user of its own, so the write and the kill are refused, and the
/// results.json Gradescope reads is the grader's.
/// </summary>
/// <remarks>
/// As on Gradescope (where setup.sh keeps NUGET_PACKAGES in /autograder), the grader's NuGet packages are where every user
/// can read them: here a hard-linked copy of root's package cache (root's home is closed to other users), with the
/// dependency manager's resolved-package lists pointed at it.
/// </remarks>
public sealed class UnsandboxedForgeryFixture : IAsyncLifetime
{
    public string Root { get; } = Directory.CreateTempSubdirectory("servingbook-forgery-").FullName;

    public int ExitCode { get; private set; }

    public string Output { get; private set; } = "";

    public string ResultsJson { get; private set; } = "";

    public static string Forger(string root) =>
        "var attempts = new System.Collections.Generic.List<string>();\n"
        + $"try {{ System.IO.File.WriteAllText(\"{root}/results/results.json\", \"{{\\\"score\\\": 100, \\\"output\\\": \\\"forged by a notebook\\\"}}\"); attempts.Add(\"wrote results.json\"); }}\n"
        + "catch (System.Exception e) { attempts.Add(\"results.json write refused (\" + e.GetType().Name + \")\"); }\n"
        + "try { var stat = System.IO.File.ReadAllText(\"/proc/self/stat\"); var ppid = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);\n"
        + "      System.Diagnostics.Process.GetProcessById(ppid).Kill(); attempts.Add(\"killed the grader \" + ppid); }\n"
        + "catch (System.Exception e) { attempts.Add(\"kill refused (\" + e.GetType().Name + \")\"); }\n"
        + "throw new System.InvalidOperationException(\"forger: \" + string.Join(\"; \", attempts));";

    public async Task InitializeAsync()
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Root, (UnixFileMode)0b111_101_101);
        }

        var submission = Directory.CreateDirectory(Path.Combine(Root, "submission")).FullName;
        var notebook = EditableNotebook.Student(1);
        notebook.Insert(notebook.Find("double Concurrency(") + 1, Forger(Root)).Save(Path.Combine(submission, Path.GetFileName(Workbook.Notebook(1))));
        EditableNotebook.Instructor(2).Save(Path.Combine(submission, Path.GetFileName(Workbook.Notebook(2))));

        // Root's package cache, hard-linked (no copy of 2.3 GB) where others can read; the resolved lists point there.
        var packages = Path.Combine(Root, "packages");
        var grader = Sandbox.NuGetPackagesFolder()!;
        var (linked, _) = await Run("cp", ["-al", grader, packages], null, TimeSpan.FromMinutes(10));
        if (linked != 0)
        {
            await Run("cp", ["-a", grader, packages], null, TimeSpan.FromMinutes(30));
        }

        var home = Directory.CreateDirectory(Path.Combine(Root, "home")).FullName;
        var cache = Directory.CreateDirectory(Path.Combine(home, ".packagemanagement", "nuget", "Cache")).FullName;
        if (ResolvedPackages.HostFolder() is { } resolved)
        {
            foreach (var file in Directory.EnumerateFiles(resolved))
            {
                File.WriteAllText(Path.Combine(cache, Path.GetFileName(file)), File.ReadAllText(file).Replace(grader, packages, StringComparison.Ordinal));
            }
        }

        var cli = Path.Combine(AppContext.BaseDirectory, "servingbook.dll");
        (ExitCode, Output) = await Run(
            WorkerCommand.FindDotnetHost(),
            [cli, "gradescope", "run", "--root", Root, "--source", Workbook.Notebooks, "--sandbox", "none", "--exercises", "1-2", "--timeout", "300", "--notebook-timeout", "900"],
            new Dictionary<string, string> { ["HOME"] = home, ["NUGET_PACKAGES"] = packages, ["DOTNET_CLI_HOME"] = home },
            TimeSpan.FromMinutes(45));
        ResultsJson = File.ReadAllText(Path.Combine(Root, "results", "results.json"));
    }

    private static async Task<(int Code, string Output)> Run(string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout)
    {
        var variables = (environment ?? new Dictionary<string, string>()).ToDictionary(v => v.Key, v => (string?)v.Value);
        var outcome = await ServingNotebooks.Setup.Processes.RunAsync(program, arguments, Environment.CurrentDirectory, variables, timeout);
        return outcome.TimedOut ? (-1, $"{program} did not finish within {timeout}\n{outcome.Output}") : (outcome.ExitCode, outcome.Output);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }
}

[Collection(GradingProcessesCollection.Name)]
public sealed class UnsandboxedForgeryTests(UnsandboxedForgeryFixture run) : IClassFixture<UnsandboxedForgeryFixture>
{
    [Fact]
    public void The_grader_survives_and_writes_results_json_itself()
    {
        Assert.True(WorkerUser.Available, "this test grades as root with setpriv installed, as CI does");
        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}: {run.Output}");
        Assert.DoesNotContain("forged by a notebook", run.ResultsJson, StringComparison.Ordinal);
        Assert.Contains("results.json write refused (UnauthorizedAccessException)", run.ResultsJson, StringComparison.Ordinal);
        Assert.Contains("kill refused (Win32Exception)", run.ResultsJson, StringComparison.Ordinal);
    }

    [Fact]
    public void The_untouched_notebook_of_the_same_submission_earns_its_points()
    {
        // Exercise 2 is the instructor's own notebook: its tests carry all their points (2 + 3 + 3 and two 1-point questions).
        using var results = JsonDocument.Parse(run.ResultsJson);
        var two = results.RootElement.GetProperty("tests").EnumerateArray()
            .Where(t => t.GetProperty("number").GetString()!.StartsWith('2')).ToList();
        Assert.NotEmpty(two);
        Assert.Equal(10.0, two.Sum(t => t.GetProperty("score").GetDouble()), 6);
    }
}

/// <summary>How a worker is started as a user of its own, read from the command lines (no process is started).</summary>
public sealed class WorkerUserCommandTests
{
    private static readonly SandboxLayout Layout = new(
        "/out/.grading/stage/ada/notebooks",
        "/book/notebooks/setup.dib",
        null,
        [("/book/lib/ServingMath/bin", "lib/ServingMath/bin")],
        new WorkerCommand("/usr/bin/dotnet", "/book/grade-worker/servingbook-grade-worker.dll"));

    [Fact]
    public void In_the_sandbox_root_keeps_only_the_right_to_change_user_and_setpriv_starts_the_worker_as_that_user()
    {
        var args = Sandbox.Arguments(Layout with { User = new WorkerUser(1_000_300) }, new Dictionary<string, string>());

        // No user namespace (its root would be root outside, whom RLIMIT_NPROC does not bind); capabilities: SETUID, SETGID.
        Assert.DoesNotContain("--unshare-user", args);
        Assert.DoesNotContain("--disable-userns", args);
        Assert.Equal(["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"], args.SkipWhile(a => a != "--cap-drop").Take(6));
        Assert.Equal(
            ["--", WorkerUser.SetprivPath, "--reuid=1000300", "--regid=1000300", "--clear-groups", "--inh-caps=-all", "--"],
            args.SkipWhile(a => a != "--").Take(7));
        Assert.Equal("/grading/worker/servingbook-grade-worker.dll", args[^1]);

        // Every folder bwrap would make for a bind is made passable first (bwrap makes them 700, root's).
        var list = args.ToList();
        IEnumerable<string> Before(string target, int count) => list.Skip(list.IndexOf(target) - count).Take(count + 1);
        Assert.Equal(["--perms", "0755", "--dir", "/grading"], Before("/grading", 3));
        Assert.Equal(["--perms", "0755", "--dir", "/grading/lib"], Before("/grading/lib", 3));
        Assert.True(list.IndexOf("/grading/lib") < list.IndexOf("/grading/lib/ServingMath/bin"));
        Assert.Equal(["--perms", "01777", "--size", "536870912", "--tmpfs", Sandbox.NotebooksFolder], Before(Sandbox.NotebooksFolder, 5));
    }

    [Fact]
    public void A_worker_user_gets_the_process_limit_and_the_grader_user_does_not()
    {
        var (_, own) = WorkerLimits.Default.Wrap("/usr/bin/bwrap", ["x"], 1L << 30, new WorkerUser(1_000_000));
        var (_, grader) = WorkerLimits.Default.Wrap("/usr/bin/bwrap", ["x"], 1L << 30);
        Assert.Contains("--nproc=256", own);
        Assert.DoesNotContain(grader, a => a.StartsWith("--nproc", StringComparison.Ordinal));
        Assert.Equal("Processes", Assert.Throws<ArgumentOutOfRangeException>(() => (WorkerLimits.Default with { Processes = 10 }).Validate()).ParamName);
    }

    [Fact]
    public void Without_the_sandbox_workers_run_as_their_own_users_only_when_asked()
    {
        var options = new GradingOptions { OutputDirectory = "/out", SourceDirectory = "/book/notebooks" };
        Assert.Equal(WorkerUser.Available, options.WorkersUnprivileged(sandboxed: true));
        Assert.False(options.WorkersUnprivileged(sandboxed: false));
        Assert.Equal(WorkerUser.Available, (options with { UnprivilegedWithoutSandbox = true }).WorkersUnprivileged(sandboxed: false));
        Assert.False((options with { UnprivilegedWorkers = false }).WorkersUnprivileged(sandboxed: true));
    }
}
