using ServingBook;
using ServingNotebooks.Runner;
using ServingNotebooks.Tests.Runner;
using Spectre.Console;

namespace ServingNotebooks.Tests.Cli;

[Collection(KernelCollection.Name)]
public sealed class RunCommandTests
{
    [Fact]
    public async Task Run_writes_executed_notebooks_and_pngs_and_reports_each_bad_input_in_one_line()
    {
        var output = Fixture.TempFolder();
        try
        {
            var (console, text) = PlainConsole.Create();
            var missing = Path.Combine(output, "missing.ipynb");
            var exit = await ServingBook.Cli.InvokeAsync(
                ["run", Fixture.Path("basic.ipynb"), Fixture.Path("invalid.ipynb"), missing, Fixture.Path("markdown-only.ipynb"), Fixture.Path("solution.ipynb"), "--output", output, "--timeout", "300", "--parallel", "2"],
                console);
            var lines = text.ToString().ReplaceLineEndings("\n").Split('\n');

            Assert.Equal(1, exit);
            Assert.Single(lines, l => l.StartsWith("error: ", StringComparison.Ordinal) && l.Contains("invalid.ipynb: is not valid JSON", StringComparison.Ordinal));
            Assert.Single(lines, l => l.StartsWith("error: ", StringComparison.Ordinal) && l.Contains("missing.ipynb: no such file", StringComparison.Ordinal));
            Assert.Single(lines, l => l.StartsWith("error: ", StringComparison.Ordinal) && l.Contains("markdown-only.ipynb: has no C# code cells", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.Contains("basic.ipynb", StringComparison.Ordinal) && l.Contains("│     7 │", StringComparison.Ordinal));
            // Rows keep the command line's order even when notebooks run in parallel.
            var tableRows = lines.Where(l => l.StartsWith("│ ", StringComparison.Ordinal) && l.Contains(".ipynb", StringComparison.Ordinal)).Select(l => l.Split('│')[1].Trim()).ToList();
            Assert.Equal(["basic.ipynb", "invalid.ipynb", "markdown-only.ipynb", "solution.ipynb"], tableRows);
            Assert.True(File.Exists(Path.Combine(output, "solution.ipynb")));

            var executed = NotebookReader.Load(Path.Combine(output, "basic.ipynb"));
            Assert.NotEmpty(executed.Document.Elements[4].Outputs);
            var pngs = Directory.GetFiles(Path.Combine(output, "basic"), "*.png").Select(Path.GetFileName).Order().ToList();
            Assert.Equal(["cell-05-1.png", "cell-07-1.png"], pngs);
            Assert.True(PngExtractor.IsPng(File.ReadAllBytes(Path.Combine(output, "basic", "cell-05-1.png"))));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public async Task Run_exits_zero_when_every_cell_succeeds_and_non_zero_when_a_cell_fails()
    {
        var output = Fixture.TempFolder();
        try
        {
            var (console, text) = PlainConsole.Create();
            Assert.Equal(0, await ServingBook.Cli.InvokeAsync(["run", Fixture.Path("solution.ipynb"), "-o", output], console));
            Assert.True(File.Exists(Path.Combine(output, "solution.ipynb")));

            var (failing, failingText) = PlainConsole.Create();
            Assert.Equal(1, await ServingBook.Cli.InvokeAsync(["run", Fixture.Path("errors.ipynb"), "-o", output], failing));
            Assert.Contains("errors.ipynb cell 2: (1,9): error CS0029", failingText.ToString(), StringComparison.Ordinal);
            Assert.Contains("errors.ipynb cell 3: InvalidOperationException: boom", failingText.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("error:", text.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void Folders_expand_to_their_notebooks_in_name_order_and_missing_paths_are_problems()
    {
        var (files, problems) = NotebookFiles.Resolve([Fixture.Path(""), "nope.ipynb"], AppContext.BaseDirectory);
        Assert.Equal(
            ["basic.ipynb", "errors.ipynb", "failing-import.ipynb", "invalid.ipynb", "magics.ipynb", "markdown-only.ipynb", "nbformat3.ipynb", "not-a-notebook.ipynb", "solution.ipynb"],
            files.Select(Path.GetFileName));
        Assert.Equal(["nope.ipynb: no such file or folder"], problems);
    }
}
