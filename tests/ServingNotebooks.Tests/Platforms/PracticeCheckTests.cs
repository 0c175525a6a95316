using System.Globalization;
using System.Text;
using System.Text.Json;
using ServingNotebooks.Practice;
using ServingNotebooks.Tests.Grading;
using ServingNotebooks.Tests.Runner;

namespace ServingNotebooks.Tests.Platforms;

/// <summary>
/// Issue 23, item 6: the step a student's Classroom workflow runs, for real, on one notebook (01) in a student repository's
/// layout (notebooks/ beside lib/): the instructor's solved notebook earns the full practice score and exits 0; the
/// released notebook whose functions return the notebook's own answer as a constant passes its seed answers but not the
/// visible cases, so it does not. Every message says it is practice, and names no other exercise.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class PracticeCheckTests : IDisposable
{
    private readonly string _root = PlatformFiles.TempFolder("practice");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A student repository: notebooks/ with the notebook, setup.dib and data; lib/ (the built libraries, lib/bin).</summary>
    private string Repository(string name, EditableNotebook notebook)
    {
        var repository = Path.Combine(_root, name);
        Directory.CreateDirectory(Path.Combine(repository, "notebooks"));
        notebook.Save(Path.Combine(repository, "notebooks", "01-littles-law.ipynb"));
        File.Copy(Workbook.Workbook.PathOf("setup.dib"), Path.Combine(repository, "notebooks", "setup.dib"));
        Directory.CreateSymbolicLink(Path.Combine(repository, "notebooks", "data"), Path.Combine(Workbook.Workbook.NotebooksFolder, "data"));
        Directory.CreateSymbolicLink(Path.Combine(repository, "lib"), Path.Combine(Workbook.Workbook.Root, "lib"));
        return repository;
    }

    private static async Task<(int Code, ReporterResult Json, string StepOutput, string Log)> RunStepAsync(string repository)
    {
        var githubOutput = Path.Combine(repository, "github-output");
        var log = new StringWriter();
        var command = PracticeCommand.Create(log, name => name == "GITHUB_OUTPUT" ? githubOutput : null);
        var code = await command.Parse(["--student", repository, "--exercise", "1", "--output", Path.Combine(repository, ".practice", "ex01")]).InvokeAsync();
        var json = File.ReadAllText(Path.Combine(repository, ".practice", "ex01", PracticeCommand.ResultFileName));
        var result = JsonSerializer.Deserialize<ReporterResult>(json, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!;
        return (code, result, File.ReadAllText(githubOutput), log.ToString());
    }

    [Trait("Tier", "EndToEnd")]
    [Fact]
    public async Task A_solved_notebook_gets_the_full_practice_score_and_a_constant_answer_does_not()
    {
        var exercise = Specs.Exercise(1);
        var solved = await RunStepAsync(Repository("solved", EditableNotebook.Instructor(1)));

        // Constant answers: each function returns the notebook's own answer (as ShowAnswer gives it), so the answer variables
        // are right and the visible cases catch the constant.
        var constant = EditableNotebook.Student(1);
        foreach (var part in exercise.Resolve(Path.Combine(Workbook.Workbook.NotebooksFolder, "data")).Parts.Where(p => p.FunctionName is not null))
        {
            var cell = constant.Find($" {part.FunctionName}(");
            var source = constant.SourceOf(cell);
            var placeholder = new[] { "return double.NaN;", "return -1;", "return null;" }.First(p => source.Contains(p, StringComparison.Ordinal));
            constant.Replace(cell, source.Replace(placeholder, $"return {Literal(part.Expected)};", StringComparison.Ordinal));
        }

        var hardCoded = await RunStepAsync(Repository("constant", constant));

        // Solved: 2 + 3 + 3 for the parts with a function, 1 + 1 for the concept questions (the spec's points).
        Assert.True(solved.Code == 0, solved.Log);
        Assert.Equal(("pass", 10.0, 10.0), (solved.Json.Status, solved.Json.Score, solved.Json.MaxScore));
        Assert.Equal(exercise.Parts.Select(p => p.Points), solved.Json.Tests.Select(t => t.Score));
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes(solved.Json.ToJson())), solved.StepOutput.Trim()["result=".Length..]);
        Assert.StartsWith("result=", solved.StepOutput, StringComparison.Ordinal);

        // Constant: every part with a function fails on a visible case; the unanswered concept questions earn nothing either.
        Assert.Equal(1, hardCoded.Code);
        Assert.Equal(("fail", 0.0), (hardCoded.Json.Status, hardCoded.Json.Score));
        foreach (var (part, test) in exercise.Parts.Zip(hardCoded.Json.Tests).Where(x => x.First.FunctionName is not null))
        {
            Assert.Contains($"{part.AnswerVariable} is right for the notebook's inputs, but {part.FunctionName}(", test.Message, StringComparison.Ordinal);
        }

        foreach (var test in solved.Json.Tests.Concat(hardCoded.Json.Tests))
        {
            Assert.StartsWith(PracticeCheck.PracticeNote, test.Message, StringComparison.Ordinal);
            Assert.Contains("— practice", test.Name, StringComparison.Ordinal);
            Assert.Equal(exercise.Notebook, test.Filename);
        }

        // A step's feedback names its own exercise only: no other notebook, no "Exercise N" of another.
        foreach (var text in new[] { solved.Log, hardCoded.Log, solved.Json.ToJson(), hardCoded.Json.ToJson() })
        {
            foreach (var other in Specs.Exercises.Where(e => e.Number != 1))
            {
                Assert.DoesNotContain(other.Notebook, text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain($"Exercise {other.Number}:", text, StringComparison.Ordinal);
            }
        }
    }

    private static string Literal(object? value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture) + "d",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"no literal for {value}", nameof(value)),
    };

    [Fact]
    public async Task A_repository_without_the_notebook_gets_an_error_result_naming_it()
    {
        Directory.CreateDirectory(Path.Combine(_root, "empty", "notebooks"));
        var result = await PracticeCheck.RunAsync(Path.Combine(_root, "empty"), Specs.Exercise(4), TimeSpan.FromSeconds(60));
        Assert.Equal(("error", 0.0, Specs.Exercise(4).Points), (result.Status, result.Score, result.MaxScore));
        Assert.Contains("04-kv-concurrency.ipynb was not found", Assert.Single(result.Tests).Message, StringComparison.Ordinal);
    }
}
