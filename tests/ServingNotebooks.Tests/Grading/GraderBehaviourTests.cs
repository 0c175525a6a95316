using System.Diagnostics;
using ServingNotebooks.Grading;
using Spectre.Console;

namespace ServingNotebooks.Tests.Grading;

[Collection(GradingProcessesCollection.Name)]
public sealed class GraderBehaviourTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("servingbook-grader-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A notebook of plain C# cells (no setup.dib), quick to run.</summary>
    private static string Minimal(params string[] cells) =>
        "{\"cells\":[" + string.Join(",", cells.Select(c =>
            $"{{\"cell_type\":\"code\",\"execution_count\":null,\"metadata\":{{}},\"outputs\":[],\"source\":[{System.Text.Json.JsonSerializer.Serialize(c)}]}}"))
        + "],\"metadata\":{\"kernelspec\":{\"name\":\".net-csharp\",\"display_name\":\".NET (C#)\",\"language\":\"C#\"}},\"nbformat\":4,\"nbformat_minor\":5}";

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private GradingOptions Options(string output = "grades") => GradedClassFixture.Options(Path.Combine(_root, output)) with
    {
        CellTimeout = TimeSpan.FromSeconds(300),
        NotebookTimeout = TimeSpan.FromSeconds(900),
    };

    // The minimal notebooks below answer part (a) only: 2 of the exercise's 10 points (parts 2 + 3 + 3, two concept questions 1 + 1).
    [Fact]
    public async Task A_rerun_reuses_unchanged_notebooks_and_redo_runs_them_again()
    {
        var file = Write(Path.Combine("single", "01-littles-law.ipynb"), Minimal("double Concurrency(double a, double w) => a * w;", "double L = Concurrency(12, 2.0);"));

        var first = await ClassGrader.GradeAsync(file, Options());
        var csv = File.ReadAllText(Path.Combine(_root, "grades", "gradebook.csv"));
        Assert.Equal((1, 0), (first.NotebooksRun, first.NotebooksReused));
        Assert.Equal("student,ex01,ex02,ex03,ex04,ex05,total,max\n01-littles-law,2,0,0,0,0,2,50\n", csv);

        var second = await ClassGrader.GradeAsync(file, Options());
        Assert.Equal((0, 1), (second.NotebooksRun, second.NotebooksReused));
        Assert.Equal(csv, File.ReadAllText(Path.Combine(_root, "grades", "gradebook.csv")));

        var redo = await ClassGrader.GradeAsync(file, Options() with { Redo = true });
        Assert.Equal((1, 0), (redo.NotebooksRun, redo.NotebooksReused));

        // A changed notebook is graded again.
        File.WriteAllText(file, Minimal("double Concurrency(double a, double w) => a + w;", "double L = Concurrency(12, 2.0);"));
        var changed = await ClassGrader.GradeAsync(file, Options());
        Assert.Equal((1, 0), (changed.NotebooksRun, changed.NotebooksReused));
        Assert.Equal("student,ex01,ex02,ex03,ex04,ex05,total,max\n01-littles-law,0,0,0,0,0,0,50\n", File.ReadAllText(Path.Combine(_root, "grades", "gradebook.csv")));

        // An interrupted run leaves the previous gradebook as it was.
        var before = File.ReadAllBytes(Path.Combine(_root, "grades", "gradebook.csv"));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ClassGrader.GradeAsync(file, Options() with { Redo = true }, cancellationToken: cancel.Token));
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(_root, "grades", "gradebook.csv")));
    }

    [Trait("Tier", "EndToEnd")]
    [Fact]
    public async Task A_notebook_over_its_time_limit_is_killed_with_its_processes_and_the_next_one_runs()
    {
        var pidFile = Path.Combine(_root, "grandchild.pid");
        var start = OperatingSystem.IsWindows()
            ? "var p = System.Diagnostics.Process.Start(\"ping\", \"-n 600 127.0.0.1\");"
            : "var p = System.Diagnostics.Process.Start(\"sleep\", \"600\");";
        Write(Path.Combine("class", "hangs", "01-littles-law.ipynb"), Minimal(
            start + $"\nSystem.IO.File.WriteAllText({System.Text.Json.JsonSerializer.Serialize(pidFile)}, p.Id.ToString());",
            "System.Threading.Thread.Sleep(600_000);"));
        Write(Path.Combine("class", "hangs", "02-utilization.ipynb"), Minimal("double Utilization(double l, double m) => l / m;", "double rho = Utilization(30, 50);"));
        Write(Path.Combine("class", "calm", "02-utilization.ipynb"), Minimal("double Utilization(double l, double m) => l / m;", "double rho = Utilization(30, 50);"));

        // Without the sandbox, so that the notebook can tell this test its grandchild's process id (the sandbox's own
        // process ids are not the machine's; HostileClassTests checks that nothing outlives a sandboxed worker).
        // The calm notebooks take a few seconds; 150 s is over 10× what a loaded 2-core machine needs for them.
        var result = await ClassGrader.GradeAsync(Path.Combine(_root, "class"), Options() with { CellTimeout = TimeSpan.FromSeconds(900), NotebookTimeout = TimeSpan.FromSeconds(150), Sandbox = SandboxMode.None });

        var hangs = result.Students.Single(s => s.Student == "hangs");
        Assert.Equal(NotebookOutcome.TimedOut, hangs.Observations[0].Outcome);
        Assert.Contains("did not finish within 150 s (per-notebook time limit)", hangs.Exercises[0].Feedback[0], StringComparison.Ordinal);
        Assert.Equal([0, 2, 0, 0, 0], hangs.Exercises.Select(e => e.Points));
        Assert.Equal([0, 2, 0, 0, 0], result.Students.Single(s => s.Student == "calm").Exercises.Select(e => e.Points));

        var pid = int.Parse(File.ReadAllText(pidFile), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Exited(pid), "the process the notebook started was not killed with it");
    }

    private static bool Exited(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited || process.WaitForExit(5000);
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    [Fact]
    public async Task Exit_codes_a_notebook_chooses_are_crashes_whatever_the_code()
    {
        // 3 is the worker's own "stopped after a cell timeout" code, 0 its "done": neither may fool the grader.
        Write(Path.Combine("exits", "01-littles-law.ipynb"), Minimal("double L = 24;", "Environment.Exit(3);"));
        Write(Path.Combine("exits", "02-utilization.ipynb"), Minimal("double rho = 0.6;", "Environment.Exit(0);"));
        Write(Path.Combine("exits", "03-latency-budget.ipynb"), Minimal(
            "double EndToEndMs(double queueMs, double prefillMs, int outputTokens, double tpotMs, double postMs) => queueMs + prefillMs + outputTokens * tpotMs + postMs;",
            "double total = EndToEndMs(20, 100, 40, 15, 5);"));

        var result = await ClassGrader.GradeAsync(Path.Combine(_root, "exits"), Options());

        var student = result.Students.Single();
        Assert.Equal([NotebookOutcome.Crashed, NotebookOutcome.Crashed, NotebookOutcome.Ran], student.Observations.Select(o => o.Outcome));
        Assert.Contains("(exit code 3) — does a cell call Environment.Exit?", student.Exercises[0].Feedback[0], StringComparison.Ordinal);
        Assert.Contains("(exit code 0) — does a cell call Environment.Exit?", student.Exercises[1].Feedback[0], StringComparison.Ordinal);
        Assert.Equal([0, 0, 2, 0, 0], student.Exercises.Select(e => e.Points));
    }

    [Fact]
    public async Task Result_lines_a_notebook_prints_are_ignored()
    {
        // The notebook writes perfect result lines straight to the worker's standard output (the grader's channel), with a
        // guessed token and with none: without the job's token they are text, not results.
        const string Forge = """
            var perfect = "{\"Event\":\"Observed\",\"Index\":0,\"Observation\":{\"Notebook\":\"01-littles-law.ipynb\",\"Outcome\":\"Ran\",\"Values\":{\"L\":{\"Defined\":true,\"TypeName\":\"double\",\"Number\":24}},\"Hidden\":[{\"Defined\":true,\"Number\":15},{\"Defined\":true,\"Number\":5},{\"Defined\":true,\"Number\":10}]}}";
            var raw = Console.OpenStandardOutput();
            foreach (var token in new[] { "", "guess", new string('0', 64) }) { raw.Write(System.Text.Encoding.UTF8.GetBytes("\n" + token + " " + perfect + "\n")); }
            """;
        var file = Write(Path.Combine("forger", "01-littles-law.ipynb"), Minimal("double L = double.NaN;", Forge));
        Write(Path.Combine("forger", "notes.ipynb"), Minimal("var x = 1;"));

        var result = await ClassGrader.GradeAsync(Path.GetDirectoryName(file)!, Options());

        var forger = result.Students.Single();
        Assert.Equal("forger", forger.Student);
        Assert.Equal(0, forger.Total);
        Assert.Contains("3 result line(s) printed by a notebook (without the grader's token) were ignored.", forger.Notes);
        Assert.Contains(forger.Notes, n => n.Contains("notes.ipynb is not one of the exercises' notebooks", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_submission_that_ended_the_grader_twice_is_not_run_again_and_once_is_graded_again()
    {
        Write(Path.Combine("markers", "once", "02-utilization.ipynb"), Minimal("double Utilization(double l, double m) => l / m;", "double rho = Utilization(30, 50);"));
        Write(Path.Combine("markers", "twice", "02-utilization.ipynb"), Minimal("double Utilization(double l, double m) => l / m;", "double rho = Utilization(30, 50);"));
        var output = Path.Combine(_root, "marked");
        var markers = Path.Combine(output, ClassGrader.WorkFolderName, "in-progress");
        Directory.CreateDirectory(markers);

        // What a grader that was killed while grading leaves behind: one earlier attempt, and two.
        File.WriteAllText(Path.Combine(markers, "once"), "1");
        File.WriteAllText(Path.Combine(markers, "twice"), "2");

        var result = await ClassGrader.GradeAsync(Path.Combine(_root, "markers"), Options("marked"));

        Assert.Equal([0, 2, 0, 0, 0], result.Students.Single(s => s.Student == "once").Exercises.Select(e => e.Points));
        var twice = result.Students.Single(s => s.Student == "twice");
        Assert.Equal(0, twice.Total);
        Assert.Contains(twice.Notes, n => n.StartsWith("the grader itself stopped twice while grading this submission", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.StartsWith("twice: the grader itself stopped twice", StringComparison.Ordinal));
        // The given-up submission keeps its marker (every later run reports it again, until --redo); the other one is done.
        Assert.Equal(["twice"], Directory.GetFiles(markers).Select(Path.GetFileName));
        Assert.Equal(1, result.NotebooksRun);
    }

    [Fact]
    public async Task Grade_command_reports_in_a_table_and_bad_input_in_one_line()
    {
        Write(Path.Combine("class", "ada", "02-utilization.ipynb"), Minimal("double Utilization(double l, double m) => l / m;", "double rho = Utilization(30, 50);"));
        var (console, text) = PlainConsole.Create();
        var output = Path.Combine(_root, "out");
        var exit = await ServingBook.Cli.InvokeAsync(
            ["grade", Path.Combine(_root, "class"), "-o", output, "--source", Workbook.Notebooks, "--exercises", "1-5", "-j", "2"], console);

        Assert.Equal(0, exit);
        var lines = text.ToString().Split('\n');
        Assert.Contains(lines, l => l.Contains("│ ada ", StringComparison.Ordinal) && l.Contains("2 / 50", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Gradebook: ", StringComparison.Ordinal));
        Assert.Equal("student,ex01,ex02,ex03,ex04,ex05,total,max\nada,0,2,0,0,0,2,50\n", File.ReadAllText(Path.Combine(output, "gradebook.csv")));

        var (bad, badText) = PlainConsole.Create();
        Assert.Equal(1, await ServingBook.Cli.InvokeAsync(["grade", Path.Combine(_root, "nothing here"), "-o", output, "--source", Workbook.Notebooks], bad));
        Assert.Equal($"error: {Path.Combine(_root, "nothing here")}: no such file or folder", badText.ToString().Trim());
    }

    [Fact]
    public void By_default_the_exercises_graded_are_those_released_in_the_source_folder()
    {
        Write(Path.Combine("given", "02-utilization.ipynb"), "{}");
        Write(Path.Combine("given", "04-kv-concurrency.ipynb"), "{}");
        Write(Path.Combine("none", "setup.dib"), "");

        Assert.Equal([2, 4], ServingBook.CommonOptions.Released(Path.Combine(_root, "given")).Select(e => e.Number));
        Assert.Equal(GradingSpec.Exercises.Count, ServingBook.CommonOptions.Released(Path.Combine(_root, "none")).Count);   // none released: every exercise
        Assert.Equal([12], ServingBook.CommonOptions.ParseExercises("12")!.Select(e => e.Number));
        Assert.Equal([1, 2, 3, 7], ServingBook.CommonOptions.ParseExercises("1-3, 7")!.Select(e => e.Number));
    }

    [Theory]
    [InlineData("--exercises", "0-3", "--exercises: '0-3' is not a list of exercise numbers")]
    [InlineData("--timeout", "-1", "--timeout must be a positive number of seconds")]
    [InlineData("--notebook-timeout", "0", "--notebook-timeout must be a positive number of seconds")]
    [InlineData("--parallel", "0", "--parallel must be a whole number from 1 to 64")]
    public async Task Grade_command_rejects_bad_options_in_one_line(string option, string value, string message)
    {
        var (console, text) = PlainConsole.Create();
        Assert.Equal(ServingBook.Cli.UsageError, await ServingBook.Cli.InvokeAsync(["grade", _root, option, value], console));
        Assert.Contains(message, text.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text.ToString(), StringComparison.Ordinal);
    }
}
