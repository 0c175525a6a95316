using System.Text.RegularExpressions;
using ServingNotebooks.Runner;
using ServingNotebooks.Tests.Runner;

namespace ServingNotebooks.Tests.Workbook;

/// <summary>
/// No lesson gives a part's answer away before the learner tries: in the student version, run in the real kernel, no cell
/// before a part's check states (in its source) or prints (in its output) that part's seed answer. The answers come from the
/// grading spec (the library's answer key on the notebook's data), not from this file; how a number counts as given away is
/// <see cref="EarlyReveal"/>. The student versions are the executed workbook's starter runs (<see cref="WorkbookRuns.Starter"/>),
/// shared with the other tests of the kernel collection.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed partial class NoEarlyRevealTests(WorkbookRuns runs)
{
    public static TheoryData<string> Notebooks => [.. Workbook.NotebookNames()];

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task No_cell_before_a_parts_check_states_or_prints_its_seed_answer(string notebook)
    {
        var run = await runs.Starter(notebook);
        Assert.True(run.Exercise is not null, $"GradingSpec has no exercise for {notebook}.");
        var checks = Workbook.CheckCells(run.Notebook);
        var reveals = new List<string>();

        // An index (which alert, which action) has no numeric form a lesson would state; a reveal of that kind ("the fast page
        // fired first") is prose, checked by reading. A concept question's answer is a letter, with no seed input to reveal.
        foreach (var part in run.Exercise.Parts.Where(p => p.Kind is not (AnswerKind.NullableIndex or AnswerKind.Choice)))
        {
            var check = checks.FirstOrDefault(c => PartOfCheck(run.Notebook, c) == part.Name);
            Assert.True(check is not null, $"{notebook}: no check cell headed 'Check ({part.Name})'.");
            var patterns = EarlyReveal.Patterns(part.Expected);
            foreach (var cell in run.Notebook.Cells.Take(check.Index))
            {
                var inSource = EarlyReveal.FindIn(cell.Source, cell.CellType == NotebookCellType.Markdown ? patterns.InMarkdown : patterns.InCode);
                if (inSource is not null)
                {
                    reveals.Add($"part ({part.Name}) = {part.Expected}: cell {cell.Index} states it: {inSource}");
                }

                var inOutput = EarlyReveal.FindIn(TextShown(run.Result.Cells[cell.Index]), patterns.InOutput);
                if (inOutput is not null)
                {
                    reveals.Add($"part ({part.Name}) = {part.Expected}: cell {cell.Index} prints it: {inOutput}");
                }
            }
        }

        Assert.True(reveals.Count == 0, $"{notebook} gives answers away before their checks:\n{string.Join("\n", reveals)}");
    }

    /// <summary>
    /// A prediction is asked before its result is shown: in the student version (every prediction blank), no cell from the
    /// prediction's own cell to the cell that compares it shows a figure or a table (the forms a result takes), and the
    /// comparing cell shows only "Predict first". A one-line status ("3000 requests; …") may show. The numbers stated
    /// before the prediction's cell are checked by reading (the result is computed in the notebook, not in the spec).
    /// </summary>
    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task A_blank_prediction_shows_no_figure_or_table_before_its_comparison_and_the_comparison_says_predict_first(string notebook)
    {
        var run = await runs.Starter(notebook);
        Assert.True(run.Exercise is not null, $"GradingSpec has no exercise for {notebook}.");
        var reveals = new List<string>();
        foreach (var prediction in run.Exercise.Predictions)
        {
            var cells = run.Notebook.Cells;
            var input = cells.FirstOrDefault(c => c.CellType == NotebookCellType.Code && c.Source.Contains($"double {prediction.Variable} = double.NaN", StringComparison.Ordinal));
            var compare = cells.FirstOrDefault(c => c.CellType == NotebookCellType.Code && c.Source.Contains($"\"{prediction.Variable}\"", StringComparison.Ordinal) && c.Source.Contains("Prediction(", StringComparison.Ordinal));
            Assert.True(input is not null && compare is not null, $"{notebook}: {prediction.Variable} needs a starter cell and a Prediction(…) cell.");
            Assert.True(input.Index < compare.Index, $"{notebook}: {prediction.Variable} is compared (cell {compare.Index}) before it is asked (cell {input.Index}).");
            foreach (var cell in cells.Where(c => c.Index >= input.Index && c.Index < compare.Index))
            {
                var outputs = run.Result.Cells[cell.Index].Outputs.SelectMany(o => o.Data).ToList();
                if (outputs.Any(d => d.Key.StartsWith("image/", StringComparison.Ordinal)))
                {
                    reveals.Add($"{prediction.Variable}: cell {cell.Index}, before the comparison, shows a figure");
                }

                if (outputs.Any(d => d.Key == "text/html" && d.Value.Contains("<table", StringComparison.OrdinalIgnoreCase)))
                {
                    reveals.Add($"{prediction.Variable}: cell {cell.Index}, before the comparison, shows a table");
                }
            }

            var shown = run.Result.Cells[compare.Index].Outputs.Where(o => o.Kind != CellOutputKind.StandardError).Select(o => string.Join("\n", o.Data.Where(d => d.Key.StartsWith("text/", StringComparison.Ordinal)).Select(d => d.Value))).ToList();
            if (shown.Count == 0 || shown.Any(text => !text.Contains("Predict first", StringComparison.Ordinal)))
            {
                reveals.Add($"{prediction.Variable}: the comparison (cell {compare.Index}) shows more than \"Predict first\": {string.Join(" | ", shown)}");
            }
        }

        Assert.True(reveals.Count == 0, $"{notebook} shows predictions' results before they are made:\n{string.Join("\n", reveals)}");
    }

    [Fact]
    public void A_whole_answer_counts_as_a_result_in_prose_and_output_but_not_as_an_input()
    {
        var twentyFour = EarlyReveal.Patterns(24);
        Assert.NotNull(EarlyReveal.FindIn("on average $L = 12 \\times 2 = 24$ requests are in flight", twentyFour.InMarkdown));
        Assert.NotNull(EarlyReveal.FindIn("5.33 replicas: 24 requests", twentyFour.InMarkdown));
        Assert.NotNull(EarlyReveal.FindIn("<td>24</td>", twentyFour.InOutput));
        Assert.Null(EarlyReveal.FindIn("it generates 24 tokens; decode is 24 steps; × 24 KiB; batch 124; 2.4 ms; = 24.5 s; = 2 024 tokens", twentyFour.InMarkdown));
        Assert.Empty(twentyFour.InCode);   // "int outputTokens = 24;" assigns an input

        var six = EarlyReveal.Patterns(6L);
        Assert.NotNull(EarlyReveal.FindIn("ByUtilization = 6", six.InOutput));
        Assert.Empty(six.InMarkdown);      // "$c$ = 6 replicas" in prose is as often an input as an answer
        Assert.Null(EarlyReveal.FindIn("notebook 6 found 7 000 tokens/s on 6 GPUs", six.InOutput));

        var thousands = EarlyReveal.Patterns(487_819);
        Assert.NotNull(EarlyReveal.FindIn("= 487 819 tokens", thousands.InMarkdown));
        Assert.NotNull(EarlyReveal.FindIn("holds: 487,819 tokens", thousands.InOutput));
        Assert.Null(EarlyReveal.FindIn("= 1 487 819 tokens", thousands.InOutput));
    }

    [Fact]
    public void A_fraction_counts_anywhere_at_two_to_four_significant_digits()
    {
        // $3/h at 1 000 tok/s: 3 / 3.6 = 0.8333… → 0.83, 0.833, 0.8333 give it away; 0.8 (one digit) and 0.84 do not.
        var cost = EarlyReveal.Patterns(3.0 / 3.6);
        Assert.NotNull(EarlyReveal.FindIn("a million cost $3 / 3.6 ≈ $0.83.", cost.InMarkdown));
        Assert.Empty(cost.InCode);   // code holds the inputs
        Assert.Null(EarlyReveal.FindIn("an attainment of 1.00", EarlyReveal.Patterns(0.99929).InOutput));   // not the next decade
        Assert.NotNull(EarlyReveal.FindIn("0.833", cost.InOutput));
        Assert.Null(EarlyReveal.FindIn("0.8 GB per request, 0.84 and 10.83", cost.InMarkdown));

        // 1 297.46 ms: 1297.5, 1 297 and 1,297 are the answer; 1 300 is not.
        var ms = EarlyReveal.Patterns(1297.46);
        Assert.NotNull(EarlyReveal.FindIn("the p99 is 1297.5 ms", ms.InOutput));
        Assert.NotNull(EarlyReveal.FindIn("the p99 is 1 297 ms", ms.InMarkdown));
        Assert.Null(EarlyReveal.FindIn("the p99 is 1 300 ms", ms.InOutput));
    }

    [Fact]
    public void Lists_of_indexes_count_as_the_list_and_names_and_null_are_skipped()
    {
        var front = EarlyReveal.Patterns(new[] { 0, 1, 2, 3 });
        Assert.NotNull(EarlyReveal.FindIn("front: [0, 1, 2, 3]", front.InOutput));
        Assert.Null(EarlyReveal.FindIn("front: [0, 1, 2, 4]", front.InOutput));
        Assert.Equal(RevealPatterns.None, EarlyReveal.Patterns(new[] { "ttft_ms", "e2e_ms" }));
        Assert.Equal(RevealPatterns.None, EarlyReveal.Patterns(null));
    }

    /// <summary>What a cell showed as text (plain text and HTML tables), without images.</summary>
    private static string TextShown(CellResult cell) =>
        string.Join("\n", cell.Outputs.SelectMany(o => o.Data.Where(d => d.Key.StartsWith("text/", StringComparison.Ordinal)).Select(d => d.Value)));

    private static string? PartOfCheck(NotebookDocument notebook, NotebookCell check)
    {
        var heading = notebook.Cells.Take(check.Index).LastOrDefault(c => c.CellType == NotebookCellType.Markdown && Workbook.IsCheckHeading(c.Source));
        var match = heading is null ? Match.Empty : CheckLetter().Match(heading.Source);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex(@"Check \((\w)\)")]
    private static partial Regex CheckLetter();
}
