using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using ServingNotebooks.Runner;

namespace ServingNotebooks.Tests.Runner;

/// <summary>
/// The runner's C# cell handler (<c>HeadlessSubmitCode</c>) against the reference it replaces: the C# kernel's own handler,
/// run side by side on the same cells. What a cell returns, prints and fails with must be the same; only the warnings of a
/// cell that compiles are left out.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class HeadlessSubmitCodeTests
{
    [Fact]
    public void The_pinned_NET_Interactive_has_the_members_the_handler_needs()
    {
        Assert.True(HeadlessSubmitCode.IsSupported, "CSharpKernel's ScriptState setter, _csharpParseOptions or Script.HasReturnValue changed: cells now run through the kernel's own handler (slower).");
    }

    [Fact]
    public async Task Cells_return_print_and_fail_as_with_the_kernels_own_handler()
    {
        string[] cells =
        [
            "int a = 2;",
            "a * 21",
            "Console.WriteLine($\"a is {a}\");",
            "int b = \"text\";",
            "throw new InvalidOperationException(\"boom\");",
            "a + 1",
            "var list = new List<int> { 1, 2, 3 };\nlist",
            "using System.Text;\nnew StringBuilder().Append('x', 3).ToString()",
            "a +",
            "\"done\"",
        ];

        var (reference, headless) = await RunBothAsync(cells);

        Assert.Equal(reference, headless);
        Assert.Contains("<pre>42</pre>", headless[1].Returned, StringComparison.Ordinal);
        Assert.Contains("a is 2", headless[2].Printed, StringComparison.Ordinal);
        Assert.Contains("CS0029", headless[3].Failure, StringComparison.Ordinal);
        Assert.StartsWith("CS0029", headless[3].Errors, StringComparison.Ordinal);
        Assert.Contains("boom", headless[4].Failure, StringComparison.Ordinal);
        Assert.Empty(headless[4].Errors);
        Assert.Contains("<pre>3</pre>", headless[5].Returned, StringComparison.Ordinal);
        Assert.Contains("xxx", headless[7].Returned, StringComparison.Ordinal);
        Assert.NotNull(headless[8].Failure);
    }

    [Fact]
    public async Task An_exception_in_the_first_cell_fails_it_and_the_next_cell_starts_afresh()
    {
        var (reference, headless) = await RunBothAsync(["throw new Exception(\"first\");", "1 + 1"]);

        Assert.Equal(reference, headless);
        Assert.Contains("first", headless[0].Failure, StringComparison.Ordinal);
        Assert.Contains("<pre>2</pre>", headless[1].Returned, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cell_that_compiles_with_a_warning_runs_the_same_and_lists_no_warning()
    {
        // CS0168: a local declared and never used (a warning; the cell runs).
        string[] cells = ["int F() { int unused; return 7; }\nF()"];

        using var own = new CSharpKernel();
        var ownEvents = (await own.SendAsync(new SubmitCode(cells[0]))).Events;
        var warnings = ownEvents.OfType<DiagnosticsProduced>().SelectMany(d => d.Diagnostics).Select(d => d.Code);
        Assert.Contains("CS0168", warnings);

        var (reference, headless) = await RunBothAsync(cells);
        Assert.Equal(reference[0] with { Warnings = "" }, headless[0]);
        Assert.Empty(headless[0].Warnings);
        Assert.Contains("<pre>7</pre>", headless[0].Returned, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Variables_declared_through_the_handler_are_the_kernels_and_a_session_reads_them()
    {
        await using var session = new NotebookSession();
        Assert.Equal(CellStatus.Ok, (await session.RunCellAsync("double rate = 12.5;")).Status);
        Assert.Equal(CellStatus.Error, (await session.RunCellAsync("rate = \"x\";")).Status);
        Assert.Equal(12.5, session.GetVariable<double>("rate"));
        Assert.Equal(25.0, await session.EvaluateAsync<double>("rate * 2"));
    }

    private static async Task<(List<CellEvents> Reference, List<CellEvents> Headless)> RunBothAsync(IReadOnlyList<string> cells)
    {
        using var own = new CSharpKernel();
        using var headless = new CSharpKernel();
        Assert.True(HeadlessSubmitCode.Install(headless));
        var reference = new List<CellEvents>();
        var results = new List<CellEvents>();
        foreach (var cell in cells)
        {
            reference.Add(CellEvents.From(await own.SendAsync(new SubmitCode(cell))));
            results.Add(CellEvents.From(await headless.SendAsync(new SubmitCode(cell))));
        }

        return (reference, results);
    }

    /// <summary>What a cell showed, as comparable text: each returned value as "mime: value" lines, printed text, failure, diagnostics.</summary>
    private sealed record CellEvents(string Returned, string Printed, string? Failure, string Errors, string Warnings)
    {
        public static CellEvents From(KernelCommandResult result)
        {
            var events = result.Events;
            var returned = string.Join("\n", events.OfType<ReturnValueProduced>().SelectMany(r => r.FormattedValues).Select(v => $"{v.MimeType}: {v.Value}"));
            var printed = string.Concat(events.OfType<StandardOutputValueProduced>().SelectMany(o => o.FormattedValues).Select(v => v.Value));
            // The failure's first line (exception type and message, or the compiler's errors); the stack trace below it
            // names the handler that ran the cell, so it differs between the two.
            var failure = events.OfType<CommandFailed>().SingleOrDefault()?.Message.Split('\n')[0].TrimEnd();
            var diagnostics = events.OfType<DiagnosticsProduced>().SelectMany(d => d.Diagnostics).ToList();
            string Of(Microsoft.CodeAnalysis.DiagnosticSeverity severity) =>
                string.Join("\n", diagnostics.Where(d => d.Severity == severity).Select(d => $"{d.Code} {d.LinePositionSpan} {d.Message}"));
            return new CellEvents(returned, printed, failure, Of(Microsoft.CodeAnalysis.DiagnosticSeverity.Error), Of(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning));
        }
    }
}
