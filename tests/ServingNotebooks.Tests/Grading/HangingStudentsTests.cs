using ServingNotebooks.Grading;

namespace ServingNotebooks.Tests.Grading;

/// <summary>
/// Two students whose notebook 01 never ends: a cell with an endless loop, and a function that hangs for one hidden case.
/// Graded with the options of <see cref="GradedClassFixture"/> (per-cell limit 150 s, bubblewrap), so each waits the whole
/// limit out with its worker idle.
/// </summary>
public sealed class HangClassFixture : IAsyncLifetime
{
    public string Root { get; } = Directory.CreateTempSubdirectory("servingbook-hang-class-").FullName;

    public string Class => Path.Combine(Root, "class");

    public string Output => Path.Combine(Root, "grades");

    public ClassGradeResult Result { get; private set; } = null!;

    public string Feedback(string name) => GradedClassFixture.Feedback(Result, name);

    public async Task InitializeAsync()
    {
        var name = GradedClassFixture.Name(1);
        // The function hangs for one hidden case only: the calls before it count, that one times out, the rest are not run.
        var hangs = EditableNotebook.Instructor(1);
        hangs.Replace(hangs.Find("return arrivalRate * timeInSystem;"),
            "double Concurrency(double arrivalRate, double timeInSystem)\n{\n    if (arrivalRate == 0.5)\n    {\n        System.Threading.Thread.Sleep(System.Threading.Timeout.Infinite);\n    }\n\n    return arrivalRate * timeInSystem;\n}\n\ndouble L = Concurrency(arrivalRate, timeInSystem);")
            .Save(Path.Combine(Class, "hidden-hang", name));
        GradedClassFixture.After01Starter("while (true) { }").Save(Path.Combine(Class, "endless-loop", name));
        Result = await ClassGrader.GradeAsync(Class, GradedClassFixture.Options(Output));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>Cells and hidden calls that never end are stopped at the per-cell limit and reported; the rest still counts.</summary>
/// <remarks>End-to-end tier (CI): each student waits out the 150 s per-cell limit.</remarks>
[Collection(GradingProcessesCollection.Name)]
[Trait("Tier", "EndToEnd")]
public sealed class HangingStudentsTests(SharedFixture<HangClassFixture> shared) : IClassFixture<SharedFixture<HangClassFixture>>
{
    private readonly HangClassFixture graded = shared.Value;

    [Fact]
    public void The_gradebook_counts_what_ran_before_the_hang()
    {
        GradedClassFixture.AssertCsv(
            "student,ex01,ex02,ex03,ex04,ex05,total,max\n" +
            "endless-loop,0,0,0,0,0,0,50\n" +
            // (a) 2 points: L right (half, 1) and 1 of 3 hidden cases (1 / 3); (b) and (c) 3 points each: answers right but
            // their hidden cases not run, so no hidden case holds and the answers earn nothing; the two questions 1 each.
            // 1 + 1/3 + 0 + 0 + 2 = 3.33.
            "hidden-hang,3.33,0,0,0,0,3.33,50\n",
            File.ReadAllText(Path.Combine(graded.Output, "gradebook.csv")),
            graded.Result);
    }

    [Theory]
    [InlineData("endless-loop", "did not finish within 150 s (per-cell timeout)")]
    [InlineData("hidden-hang", "(a) 1 of 3 hidden cases of Concurrency passed.")]
    [InlineData("hidden-hang", "(a) Hidden case Concurrency(0.5, 10): found nothing (The cell did not finish within 150 s (per-cell timeout).).")]
    [InlineData("hidden-hang", "(a) Hidden case Concurrency(250, 0.04): found nothing (not run: an earlier cell or call timed out).")]
    [InlineData("hidden-hang", "(b) Hidden case MaxAnswerTokens(1024, 200, 0.05, 0.02): found nothing (not run: an earlier cell or call timed out).")]
    public void Each_hang_has_a_clear_reason(string student, string reason) =>
        Assert.Contains(reason, graded.Feedback(student), StringComparison.Ordinal);

    [Fact]
    public void A_notebook_that_hangs_still_ran_and_gets_feedback()
    {
        NotebookOutcome Outcome(string student) =>
            graded.Result.Students.Single(s => s.Student == student).Observations.Single(o => SubmissionFinder.Match(o.Notebook, Workbook.FirstFive)?.Number == 1).Outcome;

        Assert.Equal(NotebookOutcome.Ran, Outcome("endless-loop"));
        Assert.Equal(NotebookOutcome.Ran, Outcome("hidden-hang"));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(graded.Output, "feedback")).Length);
        Assert.Empty(graded.Result.Problems);
    }
}
