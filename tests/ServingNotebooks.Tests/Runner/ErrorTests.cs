using ServingNotebooks.Runner;

namespace ServingNotebooks.Tests.Runner;

[Collection(KernelCollection.Name)]
public sealed class ErrorTests
{
    [Fact]
    public async Task Compile_errors_and_exceptions_are_recorded_and_later_cells_still_run()
    {
        var result = await new NotebookRunner().RunAsync(Fixture.Path("errors.ipynb"));

        Assert.False(result.Succeeded);
        Assert.Equal([1, 2], result.FailedCells.Select(c => c.Index));

        var compile = result.Cells[1];
        Assert.Equal(CellStatus.Error, compile.Status);
        Assert.Equal("CompilationError", compile.ErrorName);
        var diagnostic = Assert.Single(compile.Diagnostics, d => d.Severity == "error");
        Assert.Equal("CS0029", diagnostic.Code);
        Assert.Equal(1, diagnostic.Line);
        Assert.Equal(9, diagnostic.Column);
        Assert.Contains("CS0029", compile.FailureSummary, StringComparison.Ordinal);
        Assert.Contains(compile.Outputs, o => o.Kind == CellOutputKind.Error);

        var thrown = result.Cells[2];
        Assert.Equal(CellStatus.Error, thrown.Status);
        Assert.Equal("InvalidOperationException", thrown.ErrorName);
        Assert.Equal("boom", thrown.ErrorMessage);
        Assert.Contains("InvalidOperationException: boom", thrown.ExceptionText, StringComparison.Ordinal);
        Assert.Empty(thrown.Diagnostics);

        var after = result.Cells[3];
        Assert.Equal(CellStatus.Ok, after.Status);
        Assert.Contains(after.ReturnValue!.Data.Values, v => v.Contains('2', StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stop_on_error_skips_the_cells_after_the_first_failure()
    {
        var runner = new NotebookRunner(new NotebookRunnerOptions { StopOnError = true });
        var result = await runner.RunAsync(Fixture.Path("errors.ipynb"));

        Assert.Equal([CellStatus.Ok, CellStatus.Error, CellStatus.Skipped, CellStatus.Skipped], result.Cells.Select(c => c.Status));
        Assert.Equal(1, result.ErrorCount);
    }

    [Fact]
    public async Task A_notebook_without_its_solution_cells_fails_its_check_cell_without_crashing()
    {
        var notebook = NotebookReader.Load(Fixture.Path("solution.ipynb"));
        var complete = await new NotebookRunner().RunAsync(notebook);
        Assert.True(complete.Succeeded);
        Assert.Equal("check passed\n", complete.Cells[2].StandardOutput.ReplaceLineEndings("\n"));

        var stripped = notebook.WithoutCellsTagged("solution");
        Assert.Equal(2, stripped.Cells.Count);
        Assert.DoesNotContain(stripped.Cells, c => c.HasTag("solution"));
        var result = await new NotebookRunner().RunAsync(stripped);
        var check = Assert.Single(result.FailedCells);
        Assert.Equal(1, check.Index);
        Assert.Contains(check.Diagnostics, d => d.Code == "CS0103" && d.Message.Contains("answer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failure_inside_an_imported_file_fails_the_importing_cell()
    {
        await using var session = new NotebookRunner().StartSession(NotebookReader.Load(Fixture.Path("failing-import.ipynb")));
        var result = await session.RunNotebookAsync(NotebookReader.Load(Fixture.Path("failing-import.ipynb")));

        var import = result.Cells[0];
        Assert.Equal(CellStatus.Error, import.Status);
        Assert.Contains("The helper library is not built yet.", import.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("The helper library is not built yet.", import.StandardError, StringComparison.Ordinal);
        Assert.Equal(CellStatus.Ok, result.Cells[1].Status);
        Assert.Equal(2, session.GetVariable<int>("afterImport"));
    }
}
