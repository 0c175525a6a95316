using System.Text.Json;
using Microsoft.DotNet.Interactive.Formatting;
using ServingNotebooks.Runner;

namespace ServingNotebooks.Tests.Runner;

[Collection(KernelCollection.Name)]
public sealed class BasicNotebookTests(BasicRunFixture run) : IClassFixture<BasicRunFixture>
{
    private CellResult Cell(int index) => run.Result.Cells[index];

    [Fact]
    public void Every_csharp_cell_runs_without_error()
    {
        Assert.True(run.Result.Succeeded, string.Join("\n", run.Result.FailedCells.Select(c => $"cell {c.Index}: {c.FailureSummary}")));
        Assert.Equal(run.Notebook.Cells.Count, run.Result.Cells.Count);
        Assert.Equal(7, run.Result.CodeCellCount);
        Assert.All(run.Result.CodeCells, c => Assert.Equal(CellStatus.Ok, c.Status));
        Assert.Equal(Enumerable.Range(0, run.Notebook.Cells.Count), run.Progress);
    }

    [Fact]
    public void Standard_output_and_error_are_captured()
    {
        Assert.Equal("hello from stdout\n", Cell(2).StandardOutput.ReplaceLineEndings("\n"));
        Assert.Equal("to stderr\n", Cell(2).StandardError.ReplaceLineEndings("\n"));
        Assert.Null(Cell(2).ReturnValue);
    }

    [Fact]
    public void Return_value_is_captured_with_its_mime_types()
    {
        var value = Cell(3).ReturnValue;
        Assert.NotNull(value);
        Assert.NotEmpty(value.Data);
        Assert.All(value.Data.Keys, mime => Assert.Contains('/', mime));
        Assert.Contains(value.Data, kv => kv.Value.Contains("10", StringComparison.Ordinal));
    }

    [Fact]
    public void A_returned_plot_is_an_image_png_output()
    {
        var value = Cell(4).ReturnValue;
        Assert.NotNull(value);
        Assert.True(value.Data.ContainsKey("image/png"), string.Join(", ", value.Data.Keys));
        var image = Assert.Single(Cell(4).Images);
        Assert.True(PngExtractor.IsPng(image));
        Assert.True(image.Length > 5_000, $"PNG is only {image.Length} bytes");
        // 600 x 400, from the PNG header.
        Assert.Equal(600, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(image.AsSpan(16, 4)));
        Assert.Equal(400, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(image.AsSpan(20, 4)));
    }

    [Fact]
    public void Displayed_values_are_recorded_in_order()
    {
        var displays = Cell(6).Outputs.Where(o => o.Kind == CellOutputKind.Display).ToList();
        Assert.Equal(2, displays.Count);
        Assert.Contains("shown with display", displays[0].Data.Values.First(), StringComparison.Ordinal);
        Assert.Single(displays[1].Images);
        Assert.Equal(2, run.Result.ImageCount);
    }

    [Fact]
    public void Variables_are_read_from_the_kernel()
    {
        Assert.True(run.Session.TryGetVariable<double>("L", out var l));
        Assert.Equal(10.0, l);
        Assert.Equal(42, run.Session.GetVariable<int>("maxRequests"));
        Assert.Equal(0.75, run.Session.GetVariable<double>("rho"));
        Assert.Equal(42L, run.Session.GetVariable<long>("maxRequests"));
        Assert.False(run.Session.TryGetVariable<int>("noSuchVariable", out _));
        Assert.False(run.Session.TryGetVariable<string>("L", out _));
        Assert.Contains("maxRequests", run.Session.VariableNames);
        Assert.Throws<KeyNotFoundException>(() => run.Session.GetVariable<int>("noSuchVariable"));
    }

    [Fact]
    public async Task Extra_code_runs_in_the_same_kernel_after_the_notebook()
    {
        Assert.Equal(84, await run.Session.EvaluateAsync<int>("maxRequests * 2"));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => run.Session.EvaluateAsync<int>("undefinedThing + 1"));
        Assert.Contains("CS0103", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Relative_paths_resolve_against_the_notebook_folder()
    {
        Assert.Equal("Fixtures", run.Session.GetVariable<string>("notebookFolder"));
        Assert.Equal("fixture data", run.Session.GetVariable<string>("dataText"));
        // The test host's own working directory is the output folder, not Fixtures/.
        Assert.NotEqual("Fixtures", Path.GetFileName(AppContext.BaseDirectory.TrimEnd('/')));
        Assert.True(run.Session.GetVariable<bool>("fixtureSetupRan"));
    }

    [Fact]
    public void Text_cells_and_other_kernels_are_skipped_not_run()
    {
        Assert.Equal(CellStatus.Skipped, Cell(0).Status);
        Assert.Equal(CellStatus.Skipped, Cell(7).Status);
        Assert.Contains("fsharp", Cell(7).SkipReason, StringComparison.Ordinal);
        Assert.Equal(CellStatus.Skipped, Cell(8).Status);
        Assert.Equal(NotebookCellType.Raw, run.Notebook.Cells[8].CellType);
    }

    [Fact]
    public void Nuget_references_restore_and_load_package_kernel_extensions_like_the_real_kernel()
    {
        var setup = Cell(1);
        Assert.DoesNotContain(setup.Outputs, o => o.Text?.Contains("Failed to load", StringComparison.Ordinal) == true);
        // Formatters are process-wide in .NET Interactive: when a workbook notebook ran earlier in this test process (the
        // kernel collection's order is not fixed), its setup.dib has registered the formatters that show the package list
        // and the extension line as empty output, as they are in every workbook notebook. Then both displays are there,
        // empty; otherwise they carry their text.
        var quieted = Formatter.ToDisplayString("Loading extensions from `x`", PlainTextFormatter.MimeType).Length == 0;
        if (quieted)
        {
            Assert.Equal(2, setup.Outputs.Count(o => o.Kind == CellOutputKind.Display));
            Assert.All(setup.Outputs, o => Assert.True(string.IsNullOrEmpty(o.Text)));
            return;
        }

        Assert.Contains(setup.Outputs, o => o.Data.TryGetValue("text/html", out var html) && html.Contains("Installed Packages", StringComparison.Ordinal) && html.Contains("ScottPlot, 5.1.59", StringComparison.Ordinal));
        Assert.Contains(setup.Outputs, o => o.Text?.Contains("SkiaSharp.DotNet.Interactive.dll", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Durations_are_measured()
    {
        Assert.All(run.Result.CodeCells, c => Assert.True(c.Duration > TimeSpan.Zero));
        Assert.True(run.Result.Duration >= run.Result.CodeCells.Aggregate(TimeSpan.Zero, (sum, c) => sum + c.Duration) * 0.99);
    }

    [Fact]
    public void Written_notebook_keeps_polyglot_metadata_and_outputs()
    {
        var json = NotebookWriter.ToJson(run.Result);
        using var written = JsonDocument.Parse(json);
        var root = written.RootElement;
        var metadata = root.GetProperty("metadata");
        Assert.Equal(".net-csharp", metadata.GetProperty("kernelspec").GetProperty("name").GetString());
        Assert.Equal("polyglot-notebook", metadata.GetProperty("language_info").GetProperty("name").GetString());
        Assert.Equal("csharp", metadata.GetProperty("polyglot_notebook").GetProperty("kernelInfo").GetProperty("defaultKernelName").GetString());
        Assert.Equal("me", metadata.GetProperty("servingbook_fixture").GetProperty("keep").GetString());
        Assert.Equal(4, root.GetProperty("nbformat").GetInt32());

        var cells = root.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(run.Notebook.Cells.Count, cells.Count);
        Assert.Equal("markdown", cells[0].GetProperty("cell_type").GetString());
        Assert.Equal("raw", cells[8].GetProperty("cell_type").GetString());
        Assert.Equal("csharp", cells[3].GetProperty("metadata").GetProperty("polyglot_notebook").GetProperty("kernelName").GetString());
        Assert.Equal("fsharp", cells[7].GetProperty("metadata").GetProperty("polyglot_notebook").GetProperty("kernelName").GetString());
        Assert.Equal("solution", cells[5].GetProperty("metadata").GetProperty("tags")[0].GetString());

        var stream = cells[2].GetProperty("outputs")[0];
        Assert.Equal("stream", stream.GetProperty("output_type").GetString());
        Assert.Equal("stdout", stream.GetProperty("name").GetString());
        var result = cells[4].GetProperty("outputs")[0];
        Assert.Equal("execute_result", result.GetProperty("output_type").GetString());
        Assert.True(result.GetProperty("execution_count").GetInt32() > 0);
        var png = Convert.FromBase64String(result.GetProperty("data").GetProperty("image/png").GetString()!);
        Assert.Equal(Cell(4).Images[0], png);
        Assert.Equal("display_data", cells[6].GetProperty("outputs")[1].GetProperty("output_type").GetString());
        Assert.Equal(JsonValueKind.Null, cells[7].GetProperty("execution_count").ValueKind);
        Assert.Empty(cells[7].GetProperty("outputs").EnumerateArray());
    }

    [Fact]
    public void Written_notebook_reads_back_with_the_same_cells_and_outputs()
    {
        var folder = Fixture.TempFolder();
        try
        {
            var path = Path.Combine(folder, "basic.ipynb");
            NotebookWriter.Write(run.Result, path);
            var again = NotebookReader.Load(path);
            Assert.Equal(run.Notebook.Cells.Select(c => (c.CellType, c.KernelName, c.Source)), again.Cells.Select(c => (c.CellType, c.KernelName, c.Source)));
            Assert.Equal(["solution"], again.Cells[5].Tags);
            var element = again.Document.Elements[4];
            Assert.Single(element.Outputs);
            // Written without outputs, the re-read notebook is the original notebook, metadata included.
            Assert.Equal(NotebookWriter.ToJson(run.Notebook), NotebookWriter.ToJson(again));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
