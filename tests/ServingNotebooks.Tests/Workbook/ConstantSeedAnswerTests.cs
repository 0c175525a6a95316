using System.Globalization;
using ServingNotebooks.Grading;
using ServingNotebooks.Runner;
using ServingNotebooks.Tests.Grading;
using ServingNotebooks.Tests.Runner;

namespace ServingNotebooks.Tests.Workbook;

/// <summary>
/// The student release of every notebook "solved" by returning the notebook's own seed answer as a constant from every
/// part's function (<c>return 40;</c>, read from the spec as <c>ShowAnswer</c> gives it): every in-notebook check says ✘
/// (its visible cases catch the constant), and the grader gives 0 (no hidden case holds, so the right answer variables,
/// hard-coded, earn nothing either).
/// </summary>
public sealed class ConstantSeedAnswerFixture : IAsyncLifetime
{
    public string Root { get; } = Directory.CreateTempSubdirectory("servingbook-constant-").FullName;

    public Dictionary<int, (NotebookDocument Notebook, NotebookRunResult Result)> Runs { get; } = [];

    public ClassGradeResult Graded { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var data = Path.Combine(Workbook.NotebooksFolder, "data");
        foreach (var exercise in GradingSpec.Exercises)
        {
            var notebook = EditableNotebook.Student(exercise.Number);
            foreach (var part in exercise.Resolve(data).Parts.Where(p => p.FunctionName is not null))
            {
                var cell = notebook.Find($" {part.FunctionName}(");
                var source = notebook.SourceOf(cell);
                var placeholder = new[] { "return double.NaN;", "return -1;", "return null;" }.First(p => source.Contains(p, StringComparison.Ordinal));
                notebook.Replace(cell, source.Replace(placeholder, $"return {Literal(part.Expected)};", StringComparison.Ordinal));
            }

            var path = Path.Combine(Root, "class", "constant", exercise.Notebook);
            notebook.Save(path);
        }

        // The class is graded (worker processes) while the notebooks run here, two kernels at a time (they share the
        // notebooks folder as working directory, so their cells may run at once): the grader stages its own setup.dib
        // beside each notebook and ignores the copy the kernels need.
        File.Copy(Path.Combine(Workbook.NotebooksFolder, "setup.dib"), Path.Combine(Root, "class", "constant", "setup.dib"), overwrite: true);
        var grading = ClassGrader.GradeAsync(Path.Combine(Root, "class"), GradedClassFixture.Options(Path.Combine(Root, "grades")) with { Exercises = GradingSpec.Exercises });
        await Parallel.ForEachAsync(GradingSpec.Exercises, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (exercise, _) =>
        {
            var notebook = NotebookReader.Load(Path.Combine(Root, "class", "constant", exercise.Notebook));
            await using var session = new NotebookRunner(new NotebookRunnerOptions { CellTimeout = TimeSpan.FromSeconds(300) })
                .StartSession(NotebookReader.Load(Workbook.PathOf(exercise.Notebook)));
            var result = await session.RunNotebookAsync(notebook);
            lock (Runs)
            {
                Runs[exercise.Number] = (notebook, result);
            }
        });
        Graded = await grading;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }

    private static string Literal(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("R", CultureInfo.InvariantCulture) + "d",
        int[] indexes => $"new int[] {{ {string.Join(", ", indexes)} }}",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"no literal for {value.GetType().Name}", nameof(value)),
    };
}

[Collection(KernelCollection.Name)]
[Trait("Tier", "EndToEnd")]
public sealed class ConstantSeedAnswerTests(ConstantSeedAnswerFixture constant) : IClassFixture<ConstantSeedAnswerFixture>
{
    public static TheoryData<int> Numbers => [.. GradingSpec.Exercises.Select(e => e.Number)];

    [Theory]
    [MemberData(nameof(Numbers))]
    public void Every_check_of_a_function_part_says_wrong_in_the_notebook(int number)
    {
        var (notebook, result) = constant.Runs[number];
        var exercise = GradingSpec.Exercises.Single(e => e.Number == number);
        Assert.True(result.Succeeded, string.Join("\n", result.FailedCells.Select(c => $"cell {c.Index}: {c.FailureSummary}")));
        foreach (var part in exercise.Parts.Where(p => p.FunctionName is not null))
        {
            var check = notebook.Cells.Single(c => c.Source.StartsWith($"Check({number}, \"{part.Name}\"", StringComparison.Ordinal));
            var shown = System.Net.WebUtility.HtmlDecode(Workbook.Shown(result.Cells[check.Index])); // the check shows HTML: notebook&#39;s
            Assert.True(shown.Contains('✘', StringComparison.Ordinal) && !shown.Contains('✔', StringComparison.Ordinal), $"{number}({part.Name}) showed: {shown}");
            Assert.Contains("is right for the notebook's inputs, but", shown, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_grader_gives_zero()
    {
        var student = constant.Graded.Students.Single(s => s.Student == "constant");
        var lines = string.Join("\n", student.Exercises.SelectMany(e => e.Feedback));
        Assert.True(student.Total == 0, lines);
        foreach (var exercise in student.Exercises)
        {
            var spec = GradingSpec.Exercises.Single(e => e.Number == exercise.Number);
            foreach (var part in exercise.Parts.Where(p => spec.Part(p.Name).FunctionName is not null))
            {
                Assert.Contains(part.Feedback, line => line.Contains("a hard-coded or special-cased answer earns nothing", StringComparison.Ordinal));
            }
        }
    }
}
