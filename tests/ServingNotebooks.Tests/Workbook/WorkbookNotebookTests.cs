using System.Collections.Concurrent;
using System.Text.Json;
using ServingNotebooks.Grading;
using ServingNotebooks.Runner;
using ServingNotebooks.Tests.Runner;

namespace ServingNotebooks.Tests.Workbook;

/// <summary>
/// The executed workbook, shared by every test in the <see cref="KernelCollection"/> (an xunit collection fixture): each
/// notebook runs at most once with its solution cells and once without them (the student version), each in its own kernel,
/// the two side by side the first time a test asks for either; the tests read what was kept (cell results, answer variables). The kernel itself is
/// disposed right after the run. A new test that looks at an executed notebook takes this in its constructor (and is in
/// <c>[Collection(KernelCollection.Name)]</c>) instead of running the notebook again.
/// </summary>
public sealed class WorkbookRuns
{
    private readonly ConcurrentDictionary<(string Notebook, bool WithoutSolution), Lazy<Task<WorkbookRun>>> _runs = new();

    /// <summary>The notebook run with its solution cells (the instructor's version).</summary>
    internal Task<WorkbookRun> Solution(string notebook) => Get(notebook, withoutSolution: false);

    /// <summary>The notebook run without its solution cells (what a student starts from).</summary>
    internal Task<WorkbookRun> Starter(string notebook) => Get(notebook, withoutSolution: true);

    /// <summary>
    /// Starts the asked run and, beside it, the notebook's other version: the tests read both versions of every notebook,
    /// and two kernels in one process run side by side on the two cores (cells of one folder may run at once, as
    /// <c>servingbook run --parallel 2</c> does). A run filtered to one test pays at most that one extra run.
    /// </summary>
    private Task<WorkbookRun> Get(string notebook, bool withoutSolution)
    {
        var asked = Start(notebook, withoutSolution);
        _ = Start(notebook, !withoutSolution);
        return asked;
    }

    private Task<WorkbookRun> Start(string notebook, bool withoutSolution) =>
        _runs.GetOrAdd((notebook, withoutSolution), key => new Lazy<Task<WorkbookRun>>(() => Task.Run(() => WorkbookRun.RunAsync(key.Notebook, key.WithoutSolution)))).Value;
}

/// <summary>
/// The workbook's notebooks (every <c>notebooks/NN-*.ipynb</c> in the repository, picked up from the folder listing) run
/// headless in the real .NET Interactive C# kernel: with their solution cells they run clean, draw a figure and hold the
/// library's answer; without them (the student version) they still run, and the Check cell says ✘.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class WorkbookNotebookTests(WorkbookRuns runs)
{
    public static TheoryData<string> Notebooks => [.. Workbook.NotebookNames()];

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Runs_without_errors_and_draws_at_least_one_figure(string notebook)
    {
        var run = await runs.Solution(notebook);

        Assert.True(run.Result.Succeeded, $"cells failed:\n{run.Failures}");
        Assert.True(run.Result.ImageCount >= 1, $"{notebook} showed no image; every notebook needs at least one ScottPlot figure.");
        Assert.All(run.Result.Cells.SelectMany(c => c.Images), png => Assert.True(PngExtractor.IsPng(png)));
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Every_part_holds_the_library_answer_and_every_check_passes(string notebook)
    {
        var run = await runs.Solution(notebook);
        var exercise = run.Exercise;
        Assert.True(exercise is not null, $"GradingSpec has no exercise for {notebook}; add it under lib/ServingNotebooks.Grading/Spec/.");

        foreach (var part in exercise.Parts)
        {
            Assert.True(run.Answers.ContainsKey(part.AnswerVariable), $"{notebook} did not define part ({part.Name})'s answer variable '{part.AnswerVariable}'.");
            Assert.True(Workbook.IsExpected(part, run.Answers[part.AnswerVariable], out var found),
                $"{notebook} ({part.Name}): {part.AnswerVariable} = {found}; GradingSpec expects {part.Expected} (tolerance {part.Tolerance:G} relative for numbers, exact otherwise).");
        }

        var functionParts = exercise.Parts.Count(p => p.Question is null);
        Assert.True(run.Checks.Count >= functionParts, $"{notebook} has {run.Checks.Count} check cells for {functionParts} parts.");
        foreach (var check in run.Checks)
        {
            var shown = Workbook.Shown(check);
            Assert.Contains("✔", shown, StringComparison.Ordinal);
            Assert.DoesNotContain("✘", shown, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Without_its_solution_cells_it_still_runs_and_every_check_says_not_answered_yet(string notebook)
    {
        var run = await runs.Starter(notebook);
        var exercise = run.Exercise;
        Assert.True(exercise is not null, $"GradingSpec has no exercise for {notebook}; add it under lib/ServingNotebooks.Grading/Spec/.");
        Assert.DoesNotContain(run.Notebook.Cells, c => c.HasTag("solution"));

        // The starter compiles and runs: no cell may fail, before or after the checks.
        Assert.True(run.Result.Succeeded, $"the student version (solution cells removed) has failing cells:\n{run.Failures}");

        Assert.NotEmpty(run.Checks);
        foreach (var check in run.Checks)
        {
            // A placeholder is "not answered yet", never "wrong", and never shows the expected value.
            var shown = Workbook.Shown(check);
            Assert.True(!shown.Contains('✔', StringComparison.Ordinal) && (shown.Contains("not answered yet", StringComparison.Ordinal) || shown.Contains('✘', StringComparison.Ordinal)),
                $"without the solution a Check cell should say 'not answered yet' (or ✘) and show no ✔; it showed:\n{shown}");
        }

        foreach (var part in exercise.Parts)
        {
            Assert.True(run.Answers.ContainsKey(part.AnswerVariable), $"the starter of {notebook} must define '{part.AnswerVariable}' (with a placeholder).");
            Assert.False(Workbook.IsExpected(part, run.Answers[part.AnswerVariable], out var found),
                $"the starter's placeholder {part.AnswerVariable} = {found} is already the expected answer; it must not be.");
        }
    }
}

/// <summary>The file format and layout every workbook notebook shares (read as JSON; no kernel needed).</summary>
public sealed class WorkbookNotebookStructureTests
{
    public static TheoryData<string> Notebooks => WorkbookNotebookTests.Notebooks;

    [Fact]
    public void The_workbook_has_numbered_notebooks_and_each_has_an_exercise_in_the_grading_spec()
    {
        var names = Workbook.NotebookNames();
        Assert.NotEmpty(names);
        Assert.Equal(names.Count, names.Select(n => n[..2]).Distinct().Count());
        Assert.All(names, n => Assert.True(GradingSpec.ForNotebook(n) is not null, $"GradingSpec has no exercise for {n}."));
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Has_polyglot_metadata_one_setup_cell_a_solution_a_check_a_title_and_no_outputs(string notebook)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Workbook.PathOf(notebook)));
        var root = json.RootElement;
        var problems = new List<string>();
        void Expect(bool ok, string problem)
        {
            if (!ok)
            {
                problems.Add(problem);
            }
        }

        static string? Text(JsonElement e, params string[] path)
        {
            foreach (var name in path)
            {
                if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out e))
                {
                    return null;
                }
            }

            return e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText();
        }

        Expect(Text(root, "nbformat") == "4", $"nbformat is {Text(root, "nbformat")}, not 4");
        Expect(int.TryParse(Text(root, "nbformat_minor"), out var minor) && minor >= 4, $"nbformat_minor is {Text(root, "nbformat_minor")}, below 4");
        var metadata = root.GetProperty("metadata");
        Expect(Text(metadata, "kernelspec", "name") == ".net-csharp", "metadata.kernelspec.name is not .net-csharp");
        Expect(Text(metadata, "kernelspec", "display_name") == ".NET (C#)", "metadata.kernelspec.display_name is not .NET (C#)");
        Expect(Text(metadata, "kernelspec", "language") == "C#", "metadata.kernelspec.language is not C#");
        // What the .NET (C#) kernel reports (checked against the real kernel by Setup/StudentCopyTests), so opening a notebook in
        // Jupyter does not mark it changed; .ci/notebook-metadata writes it.
        Expect(Text(metadata, "language_info", "name") == "C#" && Text(metadata, "language_info", "version") == "13.0",
            "metadata.language_info is not what the .NET (C#) kernel reports (name C#, version 13.0): run .ci/notebook-metadata");
        Expect(Text(metadata, "polyglot_notebook", "kernelInfo", "defaultKernelName") == "csharp",
            "metadata.polyglot_notebook.kernelInfo.defaultKernelName is not csharp");
        Expect(metadata.TryGetProperty("polyglot_notebook", out var polyglot)
            && polyglot.TryGetProperty("kernelInfo", out var kernelInfo)
            && kernelInfo.TryGetProperty("items", out var items)
            && items.ValueKind == JsonValueKind.Array
            && items.EnumerateArray().Any(i => Text(i, "name") == "csharp"),
            "metadata.polyglot_notebook.kernelInfo.items has no csharp kernel");

        var cells = root.GetProperty("cells").EnumerateArray().ToList();
        string Source(JsonElement cell) => cell.GetProperty("source") is { ValueKind: JsonValueKind.Array } lines
            ? string.Concat(lines.EnumerateArray().Select(l => l.GetString()))
            : cell.GetProperty("source").GetString() ?? "";
        bool IsCode(JsonElement cell) => Text(cell, "cell_type") == "code";
        bool IsSolution(JsonElement cell) => cell.GetProperty("metadata").TryGetProperty("tags", out var tags)
            && tags.EnumerateArray().Any(t => t.GetString() == "solution");

        Expect(cells.Count > 0 && Text(cells[0], "cell_type") == "markdown" && Source(cells[0]).StartsWith("# ", StringComparison.Ordinal),
            "the first cell is not a markdown title ('# …')");
        var code = cells.Where(IsCode).ToList();
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = cells[i];
            Expect(cell.GetProperty("source").ValueKind == JsonValueKind.Array, $"cell {i}: source is not a list of lines");
            if (IsCode(cell))
            {
                Expect(Text(cell, "metadata", "polyglot_notebook", "kernelName") == "csharp", $"cell {i}: metadata.polyglot_notebook.kernelName is not csharp");
                Expect(Text(cell, "execution_count") == "null", $"cell {i}: execution_count is stored ({Text(cell, "execution_count")}); commit notebooks unexecuted");
                Expect(cell.TryGetProperty("outputs", out var outputs) && outputs.GetArrayLength() == 0, $"cell {i}: has stored outputs; commit notebooks without outputs");
            }
            else
            {
                Expect(!IsSolution(cell), $"cell {i}: a {Text(cell, "cell_type")} cell is tagged solution; only code cells may be");
            }
        }

        var setupCells = code.Where(c => Source(c).Contains("#!import setup.dib", StringComparison.Ordinal)).ToList();
        Expect(setupCells.Count == 1, $"{setupCells.Count} cells import setup.dib; exactly one must");
        Expect(code.Count > 0 && Source(code[0]).Trim() == "#!import setup.dib", "the first code cell is not exactly '#!import setup.dib'");
        Expect(cells.Any(IsSolution), "no cell is tagged solution");
        var markdown = cells.Where(c => !IsCode(c)).Select(Source).ToList();
        Expect(markdown.Any(m => m.TrimStart().StartsWith("## Your solution", StringComparison.Ordinal) || m.TrimStart().StartsWith("## Part (a)", StringComparison.Ordinal)),
            "no '## Part (a)' (or '## Your solution') heading");
        var check = cells.FindIndex(c => !IsCode(c) && Workbook.IsCheckHeading(Source(c)));
        Expect(check >= 0 && cells.Skip(check + 1).Any(IsCode), "no code cell after a '## Check' heading");
        var ids = cells.Where(c => c.TryGetProperty("id", out _)).Select(c => Text(c, "id")).ToList();
        Expect(ids.Count == ids.Distinct().Count(), "cell ids are not unique");

        Assert.True(problems.Count == 0, $"{notebook}:\n  " + string.Join("\n  ", problems));
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void In_the_student_release_every_part_has_a_one_line_check_cell_without_answer_key_formula_or_expected_value(string notebook)
    {
        // The spec (answer key, visible cases, nudge, formula, off-limits members) lives in ServingNotebooks.Exercises; a check
        // cell is the part and the learner's call on the notebook's variables: Check(4, "a", () => MaxRequests(availableGb, kvPerRequestGb)).
        var exercise = GradingSpec.ForNotebook(notebook)!;
        var (student, _) = Release.StudentVersion(NotebookReader.Load(Workbook.PathOf(notebook)));
        using var json = JsonDocument.Parse(student);
        var code = json.RootElement.GetProperty("cells").EnumerateArray()
            .Where(c => c.GetProperty("cell_type").GetString() == "code")
            .Select(c => string.Concat(c.GetProperty("source").EnumerateArray().Select(l => l.GetString())))
            .ToList();
        var checks = code.Where(source => source.Contains($"Check({exercise.Number},", StringComparison.Ordinal)).ToList();
        var oneLine = new System.Text.RegularExpressions.Regex(
            $@"^Check\({exercise.Number}, ""(?<part>[a-z])"", \(\) => (?<function>\w+)(\((\w+(, \w+)*)?\))?\)$");
        foreach (var check in checks)
        {
            Assert.True(oneLine.IsMatch(check), $"{notebook}: a check cell is one line, the part and the learner's call on variables only:\n{check}");
        }

        var answerKeys = GradingSpec.Exercises.SelectMany(e => e.Parts).SelectMany(p => p.OffLimits).Distinct().ToList();
        foreach (var part in exercise.Parts.Where(p => p.Question is null))
        {
            var matching = checks.Select(c => oneLine.Match(c)).Where(m => m.Success && m.Groups["part"].Value == part.Name).ToList();
            Assert.True(matching.Count == 1, $"{notebook} has {matching.Count} check cells for part ({part.Name})");
            Assert.Equal(part.FunctionName ?? part.AnswerVariable, matching[0].Groups["function"].Value);
            Assert.DoesNotContain(answerKeys, key => checks.Any(c => c.Contains(key, StringComparison.Ordinal)));
        }

        foreach (var question in exercise.Questions)
        {
            Assert.Contains(code, c => c.Contains($"string {question.AnswerVariable} = \"\";", StringComparison.Ordinal)
                && c.Contains($"Answer({exercise.Number}, \"{question.Name}\", {question.AnswerVariable})", StringComparison.Ordinal));
            Assert.DoesNotContain(code, c => c.Contains($"{question.AnswerVariable} = \"{question.Expected}\"", StringComparison.Ordinal));
        }
    }
}
