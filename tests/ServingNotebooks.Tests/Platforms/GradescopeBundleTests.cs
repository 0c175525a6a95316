using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using ServingNotebooks.Grading;
using ServingNotebooks.Grading.Platforms;
using ServingNotebooks.Tests.Grading;

namespace ServingNotebooks.Tests.Platforms;

/// <summary>
/// Gradescope end to end against a temporary <c>/autograder</c>: the bundle is built with the CLI and unzipped into
/// <c>source/</c>, <c>run_autograder</c> is copied beside it (as Gradescope's image build does), <c>setup.sh</c> runs for real
/// (its install steps skip themselves where .NET 10 and bubblewrap are present; the build and the NuGet warm-up run), then
/// <c>run_autograder</c> grades three submissions, without a network when the machine lets a test make a network namespace.
/// </summary>
/// <remarks>
/// A partly solved submission is not run through the bundle: how its parts score in results.json is the grader's, the same
/// program run_autograder starts, and <see cref="OneGradebookManyViewsTests"/> checks it part by part against the local
/// gradebook (its "partial" student); the bundle's own runs check what only the bundle does (its scripts, the sandbox it
/// chooses, a forged results.json, a submission that is not a notebook or not a zip).
/// </remarks>
public sealed class GradescopeBundleFixture : IAsyncLifetime
{
    /// <summary>The exercises the bundle grades (--exercises 1-2).</summary>
    public static IReadOnlyList<Exercise> Exercises { get; } = [.. GradingSpec.Exercises.Take(2)];

    public string Root { get; } = PlatformFiles.TempFolder("autograder");

    public string Zip => Path.Combine(Path.GetDirectoryName(Root)!, Path.GetFileName(Root) + ".zip");

    public int SetupExitCode { get; private set; }

    public string SetupLog { get; private set; } = string.Empty;

    public bool Offline { get; private set; }

    public Dictionary<string, string> Results { get; } = [];

    /// <summary>What run_autograder printed for each submission (its standard output and error).</summary>
    public Dictionary<string, string> Logs { get; } = [];

    /// <summary>The gradebook.json run_autograder's grader wrote under <c>work/grades</c> for each submission (it says whether the notebooks ran sandboxed).</summary>
    public Dictionary<string, string> Gradebooks { get; } = [];

    /// <summary>A file the hostile submission tries to write outside its sandbox (a path it is given literally, not through the environment).</summary>
    public string Forged => Path.Combine(Root, "forged.json");

    public async Task InitializeAsync()
    {
        var (console, text) = PlainConsole.Create();
        var code = await ServingBook.Cli.InvokeAsync(["gradescope", "build", "--workbook", ServingNotebooks.Tests.Grading.Workbook.Root, "--output", Zip, "--exercises", "1-2", "--timeout", "120", "--notebook-timeout", "600"], console);
        Assert.True(code == 0, text.ToString());
        ZipFile.ExtractToDirectory(Zip, Path.Combine(Root, "source"));
        File.Copy(Path.Combine(Root, "source", "run_autograder"), Path.Combine(Root, "run_autograder"));
        (SetupExitCode, SetupLog) = await RunAsync("bash", [Path.Combine(Root, "source", "setup.sh")], TimeSpan.FromMinutes(30));
        if (SetupExitCode != 0)
        {
            return;
        }

        Offline = (await RunAsync("unshare", ["-n", "true"], TimeSpan.FromMinutes(1))).Code == 0;
        foreach (var (name, files) in Submissions(Forged))
        {
            var submission = Path.Combine(Root, "submission");
            if (Directory.Exists(submission))
            {
                Directory.Delete(submission, recursive: true);
            }

            Directory.CreateDirectory(submission);
            foreach (var (file, write) in files)
            {
                write(Path.Combine(submission, file));
            }

            // Gradescope's harness makes /autograder/results before each run; a results.json left there would hide a failure.
            Directory.CreateDirectory(Path.Combine(Root, "results"));
            File.Delete(Path.Combine(Root, "results", "results.json"));
            var runner = Path.Combine(Root, "run_autograder");
            var (runCode, log) = Offline
                ? await RunAsync("unshare", ["-n", runner], TimeSpan.FromMinutes(15))
                : await RunAsync(runner, [], TimeSpan.FromMinutes(15));
            Assert.True(runCode == 0, $"run_autograder on {name} exited {runCode}:\n{log}");
            Results[name] = File.ReadAllText(Path.Combine(Root, "results", "results.json"));
            Logs[name] = log;
            Gradebooks[name] = File.ReadAllText(Path.Combine(Root, "work", "grades", "gradebook.json"));
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        File.Delete(Zip);
        return Task.CompletedTask;
    }

    private static IEnumerable<(string Name, (string File, Action<string> Write)[] Files)> Submissions(string forged)
    {
        var name1 = GradedEveryWayFixture.Name(1);
        var name2 = GradedEveryWayFixture.Name(2);
        yield return ("correct", [(name1, p => EditableNotebook.Instructor(1).Save(p)), (name2, p => EditableNotebook.Instructor(2).Save(p))]);
        yield return ("broken", [
            (name1, p => File.Copy(Runner.Fixture.Path(Path.Combine("grading", "invalid-json.ipynb")), p)),
            ("workbook.zip", p => File.WriteAllText(p, "this is not a zip")),
        ]);

        // Tries to forge a perfect results.json where Gradescope reads it and to write a file beside it at its literal host
        // path (the sandbox shows neither), then ends the grading process; notebook 02 is right.
        var hostile = EditableNotebook.Student(1);
        var after = hostile.Find("double Concurrency(") + 1;
        hostile.Insert(after,
            "try { var root = Environment.GetEnvironmentVariable(\"AUTOGRADER_ROOT\") ?? \"/autograder\";\n"
            + "System.IO.File.WriteAllText(System.IO.Path.Combine(root, \"results\", \"results.json\"), \"{\\\"score\\\": 999, \\\"tests\\\": []}\"); }\n"
            + "catch (Exception e) { Console.WriteLine(e.Message); }\n"
            + $"try {{ System.IO.File.WriteAllText({JsonSerializer.Serialize(forged)}, \"{{\\\"score\\\": 999}}\"); }}\n"
            + "catch (Exception e) { Console.WriteLine(e.Message); }");
        hostile.Insert(after + 1, "Environment.Exit(0);");
        yield return ("hostile", [(name1, p => hostile.Save(p)), (name2, p => EditableNotebook.Instructor(2).Save(p))]);
    }

    private async Task<(int Code, string Log)> RunAsync(string program, string[] arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
        arguments.ToList().ForEach(start.ArgumentList.Add);
        start.Environment["AUTOGRADER_ROOT"] = Root;

        // setup.sh precompiles the grading worker (ReadyToRun) for Gradescope's image: minutes of crossgen2 that this test
        // does not need to spend (the ReadyToRun build is .ci/run's ./servingbook publish); the bundle's worker runs as built.
        start.Environment["SERVINGBOOK_WORKER_READY_TO_RUN"] = "false";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{program} did not finish within {timeout}\n{await output}{await error}");
        }

        return (process.ExitCode, await output + await error);
    }
}

/// <remarks>
/// Not in the grading-processes collection: most of its time is <c>setup.sh</c>'s build of the grader (MSBuild, not grading
/// workers), and run after every other grading class it was the last 21 minutes of the whole run (a profile of the suite,
/// 2026-12-07, load 40–110). In a collection of its own it runs beside them.
/// </remarks>
[Trait("Tier", "EndToEnd")]
public sealed class GradescopeBundleTests(GradescopeBundleFixture gradescope) : IClassFixture<GradescopeBundleFixture>
{
    private JsonElement Result(string name) => JsonDocument.Parse(gradescope.Results[name]).RootElement;

    [Fact]
    public void The_bundle_has_the_two_scripts_at_its_root_executable_and_the_workbook_without_solutions_or_tests()
    {
        using var archive = ZipFile.OpenRead(gradescope.Zip);
        var names = archive.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("setup.sh", names);
        Assert.Contains("run_autograder", names);
        Assert.Contains("workbook/lib/ServingNotebooks.Grading/GradingSpec.cs", names);
        Assert.Contains("workbook/notebooks/setup.dib", names);
        Assert.Contains("workbook/.editorconfig", names);

        // Under lib/ and notebooks/: no build outputs and no hidden files (.ipynb_checkpoints, editor folders).
        Assert.DoesNotContain(names, n => n.StartsWith("workbook/tests/", StringComparison.Ordinal) || n.Contains("/bin/", StringComparison.Ordinal) || n.Contains("/obj/", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => (n.StartsWith("workbook/lib/", StringComparison.Ordinal) || n.StartsWith("workbook/notebooks/", StringComparison.Ordinal)) && n.Contains("/.", StringComparison.Ordinal));
        foreach (var script in new[] { "setup.sh", "run_autograder" })
        {
            Assert.True(OperatingSystem.IsWindows() || (File.GetUnixFileMode(Path.Combine(gradescope.Root, "source", script)) & UnixFileMode.UserExecute) != 0, $"{script} is not executable after unzipping");
        }

        foreach (var entry in archive.Entries.Where(e => e.FullName.EndsWith(".ipynb", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(entry.Open());
            Assert.DoesNotContain("\"solution\"", reader.ReadToEnd(), StringComparison.Ordinal);
        }

        // Gradescope's image build precompiles the worker on x86_64 unless told not to (this test tells it not to).
        using (var setup = new StreamReader(archive.GetEntry("setup.sh")!.Open()))
        {
            var text = setup.ReadToEnd();
            Assert.Contains("[ \"$(uname -m)\" = x86_64 ] && ready_to_run=true", text, StringComparison.Ordinal);
            Assert.Contains("\"-p:GradeWorkerReadyToRun=${SERVINGBOOK_WORKER_READY_TO_RUN:-$ready_to_run}\"", text, StringComparison.Ordinal);
        }

        using var run = new StreamReader(archive.GetEntry("run_autograder")!.Open());
        Assert.Contains("--hidden-visibility after_published --exercises 1,2 --timeout 120 --notebook-timeout 600", run.ReadToEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void Setup_builds_the_grader_and_warms_the_cache()
    {
        Assert.True(gradescope.SetupExitCode == 0, gradescope.SetupLog);
        Assert.True(File.Exists(Path.Combine(gradescope.Root, "source", "workbook", "lib", "ServingBook", "bin", "Debug", "net10.0", "servingbook.dll")));
        Assert.True(File.Exists(Path.Combine(gradescope.Root, "source", "workbook", "lib", "ServingMath", "bin", "Debug", "net10.0", "ServingMath.dll")));
        Assert.Contains("setup.sh: done", gradescope.SetupLog, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(gradescope.Root, "warm-up")));
    }

    /// <summary>
    /// The tests' numbers and points available: one test per part of exercises 1 and 2, as the spec's part points give them
    /// (each exercise: (a) 2, (b) 3, (c) 3, concept questions q1 and q2 1 each).
    /// </summary>
    public static readonly (string Number, double MaxScore)[] Parts =
        [("1.a", 2), ("1.b", 3), ("1.c", 3), ("1.q1", 1), ("1.q2", 1), ("2.a", 2), ("2.b", 3), ("2.c", 3), ("2.q1", 1), ("2.q2", 1)];

    [Fact]
    public void The_part_points_in_these_expectations_are_the_specs()
    {
        Assert.Equal(Parts, GradescopeBundleFixture.Exercises.SelectMany(e => e.Parts.Select(p => ($"{e.Number}.{p.Name}", p.Points))));
    }

    // correct: the instructor's notebooks answer every part. broken: notebook 01 is not JSON and 02 is missing. hostile: notebook 01 ends the grading process (nothing), 02 is right.
    [Theory]
    [InlineData("correct", 20, new[] { 2.0, 3, 3, 1, 1, 2, 3, 3, 1, 1 })]
    [InlineData("broken", 0, new[] { 0.0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData("hostile", 10, new[] { 0.0, 0, 0, 0, 0, 2, 3, 3, 1, 1 })]
    public void Each_submission_gets_a_valid_results_json_with_one_test_per_part_and_the_expected_scores(string name, double score, double[] tests)
    {
        GradescopeSchema.AssertValid(gradescope.Results[name]);
        var result = Result(name);
        Assert.Equal(score, result.GetProperty("score").GetDouble());
        var items = result.GetProperty("tests").EnumerateArray().ToList();
        Assert.Equal(Parts.Select(p => p.Number), items.Select(t => t.GetProperty("number").GetString()));
        Assert.Equal(Parts.Select(p => p.MaxScore), items.Select(t => t.GetProperty("max_score").GetDouble()));
        Assert.Equal(tests, items.Select(t => t.GetProperty("score").GetDouble()));
        Assert.Equal(tests.Zip(Parts, (s, p) => s >= p.MaxScore ? "passed" : "failed"), items.Select(t => t.GetProperty("status").GetString()));
    }

    [Fact]
    public void The_broken_and_hostile_submissions_are_told_why_in_every_part_of_the_notebook()
    {
        var broken = Result("broken");
        Assert.Contains("workbook.zip is not a zip archive", broken.GetProperty("output").GetString(), StringComparison.Ordinal);
        var brokenTests = broken.GetProperty("tests").EnumerateArray().Select(t => t.GetProperty("output").GetString()).ToList();
        Assert.All(brokenTests.Take(5), output => Assert.Contains("is not valid JSON", output, StringComparison.Ordinal));
        Assert.All(brokenTests.Skip(5), output => Assert.Contains("02-utilization.ipynb is not in the submission", output, StringComparison.Ordinal));
        var hostileTests = Result("hostile").GetProperty("tests").EnumerateArray().Select(t => t.GetProperty("output").GetString()).ToList();
        Assert.All(hostileTests.Take(5), output => Assert.Contains("ended the grading process", output, StringComparison.Ordinal));
        Assert.All(hostileTests.Skip(5), output => Assert.DoesNotContain("ended the grading process", output, StringComparison.Ordinal));
    }

    [Fact]
    public void Run_autograder_grades_under_bubblewrap_and_the_hostile_notebook_writes_nothing_outside_it()
    {
        // CI installs bubblewrap and runs as a user that can make its namespaces (the hostile-class tests ask for it too):
        // run_autograder's --sandbox auto must then choose it.
        Assert.Equal(SandboxMode.Bwrap, GradescopeAutograder.ChooseSandbox(SandboxMode.Auto));
        foreach (var (name, log) in gradescope.Logs)
        {
            Assert.DoesNotContain("without bubblewrap", log, StringComparison.Ordinal);
            Assert.Contains("\"Sandboxed\": true", gradescope.Gradebooks[name], StringComparison.Ordinal);
        }

        Assert.False(File.Exists(gradescope.Forged), "the hostile notebook wrote a file outside its sandbox");
    }
}
