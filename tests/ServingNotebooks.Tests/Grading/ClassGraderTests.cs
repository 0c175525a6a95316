using System.Diagnostics;
using ServingNotebooks.Grading;
using ServingNotebooks.Tests.Runner;

namespace ServingNotebooks.Tests.Grading;

/// <summary>
/// Grades one small class built from the real instructor notebooks 01–05: a correct, a wrong and a partial student, and
/// one student per hostile kind. The class is graded once (worker processes, real kernels) and each test looks at it.
/// </summary>
/// <remarks>
/// The two students who hang (a cell that never ends, a hidden call that never returns) wait out the full per-cell limit,
/// 10× what a cell takes on a loaded machine, while their worker uses no CPU: they are a class of their own
/// (<see cref="HangClassFixture"/>, in the end-to-end tier CI runs), so README's test command does not wait for them.
/// </remarks>
public sealed class GradedClassFixture : IAsyncLifetime
{
    public const string NonAscii = "José Ñúñez 李";

    public string Root { get; } = Directory.CreateTempSubdirectory("servingbook-class-").FullName;

    public string Class => Path.Combine(Root, "class");

    public string Output => Path.Combine(Root, "grades");

    public ClassGradeResult Result { get; private set; } = null!;

    public TimeSpan Elapsed { get; private set; }

    public StudentGrade Student(string name) => Result.Students.Single(s => s.Student == name);

    /// <summary>Fails with every differing student's feedback (why the grader gave what it gave) when the CSV text differs.</summary>
    public void AssertCsv(string expected, string actual) => AssertCsv(expected, actual, Result);

    /// <summary>Fails with every differing student's feedback when the CSV text differs.</summary>
    public static void AssertCsv(string expected, string actual, ClassGradeResult result)
    {
        if (expected == actual)
        {
            return;
        }

        var differing = actual.Split('\n').Except(expected.Split('\n')).Select(l => l.Split(',')[0]).Where(n => result.Students.Any(s => s.Student == n));
        var why = string.Join("\n", differing.Select(n => $"{n}:\n  {Feedback(result, n).Replace("\n", "\n  ", StringComparison.Ordinal)}"));
        Assert.Fail($"expected:\n{expected}\nactual:\n{actual}\n{why}");
    }

    public string Feedback(string name) => Feedback(Result, name);

    /// <summary>A student's feedback lines and notes, one text.</summary>
    public static string Feedback(ClassGradeResult result, string name)
    {
        var student = result.Students.Single(s => s.Student == name);
        return string.Join("\n", student.Exercises.SelectMany(e => e.Feedback).Concat(student.Notes));
    }

    public async Task InitializeAsync()
    {
        BuildClass();
        var stopwatch = Stopwatch.StartNew();
        Result = await ClassGrader.GradeAsync(Class, Options(Output));
        Elapsed = stopwatch.Elapsed;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }

    public static GradingOptions Options(string output) => new()
    {
        OutputDirectory = output,
        SourceDirectory = Workbook.Notebooks,
        Exercises = Workbook.FirstFive,
        // Generous for a loaded 2-core machine: a worker's first cell (setup.dib: packages, library, Roslyn warm-up) is its
        // slowest, a few seconds alone and up to 30 s with the machine's cores shared many ways; 150 s is 10× the usual.
        // The endless loop and the hanging hidden call wait these 150 s out (HangClassFixture, end-to-end tier).
        CellTimeout = TimeSpan.FromSeconds(150),
        NotebookTimeout = TimeSpan.FromSeconds(900),
        Parallelism = 2,
        Sandbox = SandboxMode.Bwrap,
    };

    private void Save(string student, string file, EditableNotebook notebook) => notebook.Save(Path.Combine(Class, student, file));

    internal static string Name(int number) => Path.GetFileName(Workbook.Notebook(number));

    /// <summary>The released notebook 01 with <paramref name="code"/> as a new cell right after the starter cell.</summary>
    internal static EditableNotebook After01Starter(string code)
    {
        var notebook = EditableNotebook.Student(1);
        return notebook.Insert(notebook.Find("double Concurrency(") + 1, code);
    }

    private void BuildClass()
    {
        for (var n = 1; n <= 5; n++)
        {
            Save("correct", Name(n), EditableNotebook.Instructor(n));
            Save("wrong", Name(n), EditableNotebook.Student(n));
        }

        // Partial: L hard-coded (function not written); 02 right; 04 floors a double quotient (seed right, two hidden cases wrong).
        Save("partial", Name(1), After01Starter("double L = 24;"));
        Save("partial", Name(2), EditableNotebook.Instructor(2));
        var kv = EditableNotebook.Student(4);
        Save("partial", Name(4), kv.Insert(kv.Find("int MaxRequests(") + 1,
            "int MaxRequests(double availableGb, double kvPerRequestGb) => (int)Math.Floor(availableGb / kvPerRequestGb);\nint maxRequests = MaxRequests(availableGb, kvPerRequestGb);"));

        var deleted = EditableNotebook.Student(1);
        Save("cells-deleted", Name(1), deleted.Remove(deleted.Find("double Concurrency(")));

        // Check cell first, the figure before the exercise: the grade comes from the values after all cells.
        var reordered = EditableNotebook.Instructor(1);
        reordered.Move(reordered.Find("Check(1, \"a\""), 2);
        Save("cells-reordered", Name(1), reordered.Move(reordered.Find("Charts.NewPlot"), 3));

        // Part (a) solved with the answer key: 0 for (a), with "write it yourself"; (b) and (c) solved honestly.
        var keyed = EditableNotebook.Instructor(1);
        Save("answer-key", Name(1), keyed.Replace(keyed.Find("return arrivalRate * timeInSystem;"),
            "Func<double, double, double> key = Queueing.LittlesLaw;\ndouble Concurrency(double arrivalRate, double timeInSystem) => key(arrivalRate, timeInSystem);\ndouble L = Concurrency(arrivalRate, timeInSystem);"));
        // The function throws for one hidden case only: that call counts as wrong, the others still run and count.
        var throwsOnce = EditableNotebook.Instructor(1);
        Save("hidden-throws", Name(1), throwsOnce.Replace(throwsOnce.Find("return arrivalRate * timeInSystem;"),
            "double Concurrency(double arrivalRate, double timeInSystem)\n{\n    if (arrivalRate == 0.5)\n    {\n        throw new ArgumentException(\"no half rates\");\n    }\n\n    return arrivalRate * timeInSystem;\n}\n\ndouble L = Concurrency(arrivalRate, timeInSystem);"));
        Save("wrong-type", Name(1), After01Starter("double Concurrency(double arrivalRate, double timeInSystem) => arrivalRate * timeInSystem;\nstring L = \"24\";"));
        var throws = EditableNotebook.Student(1);
        Save("throws", Name(1), throws.Replace(throws.Find("double Concurrency("), "throw new NotImplementedException(\"I have not done this yet\");"));
        Save("compile-error", Name(1), After01Starter("double Concurrency(double arrivalRate, double timeInSystem) => arrivalRate * timeInSystem\ndouble L = Concurrency(arrivalRate, timeInSystem);"));
        Save("exits", Name(1), After01Starter("Environment.Exit(42);"));
        Save("exits", Name(2), EditableNotebook.Instructor(2));
        Save("stack-overflow", Name(1), After01Starter("int Down(int n) => Down(n + 1) + 1;\nDown(0);"));
        var loud = EditableNotebook.Instructor(1);
        Save("enormous-output", Name(1), loud.Insert(loud.Solution + 1,
            "for (var i = 0; i < 20; i++) { Console.Write(new string('x', 1_000_000)); }\n"
            + "using (var raw = Console.OpenStandardOutput()) { var block = new byte[1 << 20]; Array.Fill(block, (byte)'y'); for (var i = 0; i < 100; i++) { raw.Write(block); } }"));
        Save("fake-pass", Name(1), After01Starter("Console.WriteLine(\"✔ L = 24: correct!\");\ndisplay(\"All checks passed. Score: 10/10\");"));
        Save("own-checks", Name(1), After01Starter(
            "public static class Checks { public static string Close(string name, double actual, double expected, string hint = \"\") => $\"✔ {name} is correct\"; }\n"
            + "public static class Check { public static bool Passed => true; }\n"
            + "double L = 25;"));
        Save(NonAscii, "01 Little’s law – mine (final).ipynb", EditableNotebook.Instructor(1));
        Directory.CreateDirectory(Path.Combine(Class, "invalid-json"));
        File.Copy(Fixture.Path(Path.Combine("grading", "invalid-json.ipynb")), Path.Combine(Class, "invalid-json", Name(1)));
        Directory.CreateDirectory(Path.Combine(Class, "not-a-notebook"));
        File.Copy(Fixture.Path(Path.Combine("grading", "not-a-notebook.ipynb")), Path.Combine(Class, "not-a-notebook", Name(1)));
    }
}

/// <summary>
/// Tests that start grading worker processes share one collection, so that they do not all load the machine at once. The
/// graded classes they read are made once per test run (<see cref="SharedFixture{T}"/>): the real workbook's notebooks 1–5
/// with one student per hostile kind (<see cref="GradedClassFixture"/>) and notebooks 6–10 (<see cref="WorkbookGradeFixture"/>);
/// together they grade every instructor notebook and every released starter. A new test that looks at a graded class takes
/// <c>IClassFixture&lt;SharedFixture&lt;GradedClassFixture&gt;&gt;</c> instead of grading the notebooks again.
/// </summary>
[CollectionDefinition(Name)]
public sealed class GradingProcessesCollection
{
    public const string Name = "grading processes";
}

[Collection(GradingProcessesCollection.Name)]
public sealed class ClassGraderTests(SharedFixture<GradedClassFixture> shared) : IClassFixture<SharedFixture<GradedClassFixture>>
{
    private readonly GradedClassFixture graded = shared.Value;

    private const string Header = "student,ex01,ex02,ex03,ex04,ex05,total,max\n";

    private const string Honest =
        "correct,10,10,10,10,10,50,50\n" +
        "partial,0,10,0,1.33,0,11.33,50\n" +
        "wrong,0,0,0,0,0,0,50\n";

    [Fact]
    public void The_gradebooks_are_exactly_as_expected()
    {
        var csv = File.ReadAllText(Path.Combine(graded.Output, "gradebook.csv"));
        graded.AssertCsv(
            Header +
            $"{GradedClassFixture.NonAscii},10,0,0,0,0,10,50\n" +
            "answer-key,8,0,0,0,0,8,50\n" +
            "cells-deleted,0,0,0,0,0,0,50\n" +
            "cells-reordered,10,0,0,0,0,10,50\n" +
            "compile-error,0,0,0,0,0,0,50\n" +
            "correct,10,10,10,10,10,50,50\n" +
            "enormous-output,10,0,0,0,0,10,50\n" +
            "exits,0,10,0,0,0,10,50\n" +
            "fake-pass,0,0,0,0,0,0,50\n" +
            // (a) 2 points: L right (1) and 2 of 3 hidden cases (2 × 1/3); (b) and (c) right: 3 each; the questions 1 each.
            // 1 + 2/3 + 6 + 2 = 9.67.
            "hidden-throws,9.67,0,0,0,0,9.67,50\n" +
            "invalid-json,0,0,0,0,0,0,50\n" +
            "not-a-notebook,0,0,0,0,0,0,50\n" +
            "own-checks,0,0,0,0,0,0,50\n" +
            "partial,0,10,0,1.33,0,11.33,50\n" +
            "stack-overflow,0,0,0,0,0,0,50\n" +
            "throws,0,0,0,0,0,0,50\n" +
            "wrong,0,0,0,0,0,0,50\n" +
            "wrong-type,1,0,0,0,0,1,50\n",
            csv);
    }

    [Fact]
    public void Hostile_submissions_leave_the_honest_rows_as_they_are_graded_alone()
    {
        // The honest students' rows, from the same run that had exits, crashes, floods and forged checks.
        var rows = File.ReadAllLines(Path.Combine(graded.Output, "gradebook.csv"))
            .Where(l => l.StartsWith("correct,", StringComparison.Ordinal) || l.StartsWith("partial,", StringComparison.Ordinal) || l.StartsWith("wrong,", StringComparison.Ordinal));
        graded.AssertCsv(Honest, string.Join("\n", rows) + "\n");
    }

    [Theory]
    [InlineData("invalid-json", "01-littles-law.ipynb is not valid JSON")]
    [InlineData("not-a-notebook", "is JSON but not a Jupyter notebook")]
    [InlineData("cells-deleted", "(a) L: found nothing (no variable named L)")]
    [InlineData("wrong-type", "it is a string, not a number")]
    [InlineData("throws", "NotImplementedException: I have not done this yet")]
    [InlineData("compile-error", "error CS1002: ; expected")]
    // Hidden calls to a function that is gone do not compile: each call is then run alone, so the other parts' calls still run.
    [InlineData("cells-deleted", "(a) Hidden case Concurrency(5, 3): found nothing (")]
    [InlineData("cells-deleted", "error CS0103: The name 'Concurrency' does not exist in the current context")]
    [InlineData("cells-deleted", "(b) Hidden case MaxAnswerTokens(1024, 200, 0.05, 0.02): not answered yet (still the starter's -1).")]
    [InlineData("hidden-throws", "(a) Hidden case Concurrency(0.5, 10): found nothing (ArgumentException: no half rates).")]
    [InlineData("hidden-throws", "(a) 2 of 3 hidden cases of Concurrency passed.")]
    [InlineData("hidden-throws", "(b) 4 of 4 hidden cases of MaxAnswerTokens passed.")]
    [InlineData("exits", "ended the grading process (exit code 42) — does a cell call Environment.Exit?")]
    [InlineData("stack-overflow", "overflowed the stack")]
    [InlineData("fake-pass", "(a) L: not answered yet (still the starter's NaN).")]
    [InlineData("own-checks", "(a) L = 25: not yet.")]
    [InlineData("wrong", "(a) Look at: L is a count of requests.")]
    [InlineData("wrong", "(a) L: not answered yet (still the starter's NaN).")]
    [InlineData("answer-key", "(a) write it yourself: Queueing.LittlesLaw is the answer key.")]
    [InlineData("partial", "Hidden case MaxRequests(0.3, 0.1) = 2: not yet.")]
    [InlineData("partial", "03-latency-budget.ipynb is not in the submission")]
    public void Each_problem_has_a_clear_reason(string student, string reason) =>
        Assert.Contains(reason, graded.Feedback(student), StringComparison.Ordinal);

    [Fact]
    public void Feedback_has_no_stack_traces_and_names_are_kept()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(graded.Output, "feedback")))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
            Assert.DoesNotContain(".cs:line", text, StringComparison.Ordinal);
        }

        Assert.True(File.Exists(Path.Combine(graded.Output, "feedback", GradedClassFixture.NonAscii + ".md")));
        Assert.Equal(18, Directory.GetFiles(Path.Combine(graded.Output, "feedback")).Length);
        Assert.Contains("\"Student\": \"José Ñúñez 李\"", File.ReadAllText(Path.Combine(graded.Output, "gradebook.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Outcomes_say_how_each_notebook_ended()
    {
        NotebookOutcome Outcome(string student, int exercise) =>
            graded.Student(student).Observations.Single(o => SubmissionFinder.Match(o.Notebook, Workbook.FirstFive)?.Number == exercise).Outcome;

        Assert.Equal(NotebookOutcome.Crashed, Outcome("exits", 1));
        Assert.Equal(NotebookOutcome.Ran, Outcome("exits", 2));
        Assert.Equal(NotebookOutcome.Crashed, Outcome("stack-overflow", 1));
        Assert.Equal(NotebookOutcome.Unreadable, Outcome("invalid-json", 1));
        Assert.Equal(NotebookOutcome.Ran, Outcome("enormous-output", 1));
        Assert.Empty(graded.Result.Problems);
        Assert.Empty(Directory.EnumerateFiles(graded.Root, "*.tmp", SearchOption.AllDirectories));
    }
}
