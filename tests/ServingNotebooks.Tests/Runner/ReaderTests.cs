using ServingNotebooks.Runner;

namespace ServingNotebooks.Tests.Runner;

public sealed class ReaderTests
{
    [Theory]
    [InlineData("invalid.ipynb", "is not valid JSON (line 3")]
    [InlineData("not-a-notebook.ipynb", "is JSON but not a Jupyter notebook")]
    [InlineData("nbformat3.ipynb", "is a version 3 notebook (nbformat 3); only nbformat 4 is supported")]
    [InlineData("markdown-only.ipynb", "has no C# code cells")]
    [InlineData("no-such-file.ipynb", "no such file")]
    [InlineData("data", "is a folder")]
    [InlineData("data/sample.txt", "is not a Jupyter notebook (.ipynb)")]
    [InlineData("setup.dib", "is not a Jupyter notebook (.ipynb)")]
    public void Bad_notebooks_give_one_line_naming_the_file(string name, string reason)
    {
        var path = Fixture.Path(name);
        var error = Assert.Throws<NotebookFormatException>(() => NotebookReader.Load(path));
        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(path, error.NotebookPath);
    }

    [Fact]
    public void A_version_3_notebook_is_named_as_such_with_the_way_to_convert_it()
    {
        // A real nbformat 3 file (cells inside "worksheets", code in "input"), as IPython 2 wrote them.
        var error = Assert.Throws<NotebookFormatException>(() => NotebookReader.Load(Fixture.Path("nbformat3.ipynb"), "old.ipynb"));

        Assert.Equal(
            "old.ipynb: is a version 3 notebook (nbformat 3); only nbformat 4 is supported: open and save it in Jupyter, "
            + "or convert it with: jupyter nbconvert --to notebook --output <new name> <notebook>",
            error.Message);
        Assert.Contains("version 5 notebook", Assert.Throws<NotebookFormatException>(() => NotebookReader.Parse("{\"cells\": [], \"nbformat\": 5}", "x.ipynb")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_name_the_file_as_given_and_documents_keep_the_full_path()
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, Fixture.Path("invalid.ipynb"));
        var error = Assert.Throws<NotebookFormatException>(() => NotebookReader.Load(relative));
        Assert.StartsWith(relative + ": is not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("shown.ipynb: ", Assert.Throws<NotebookFormatException>(() => NotebookReader.Load(Fixture.Path("invalid.ipynb"), "shown.ipynb")).Message, StringComparison.Ordinal);
        Assert.True(Path.IsPathFullyQualified(NotebookReader.Load(Path.GetRelativePath(Environment.CurrentDirectory, Fixture.Path("basic.ipynb"))).Path));
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("{\"cells\": [], \"nbformat\": 3}")]
    [InlineData("{\"cells\": [{\"source\": \"x\"}], \"nbformat\": 4}")]
    [InlineData("")]
    public void Other_non_notebooks_are_rejected(string json)
    {
        var error = Assert.Throws<NotebookFormatException>(() => NotebookReader.Parse(json, "x.ipynb"));
        Assert.StartsWith("x.ipynb: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cells_expose_kernel_tags_and_source()
    {
        var notebook = NotebookReader.Load(Fixture.Path("basic.ipynb"));
        Assert.Equal("basic", notebook.Name);
        Assert.Equal(10, notebook.Cells.Count);
        Assert.Equal(NotebookCellType.Markdown, notebook.Cells[0].CellType);
        Assert.True(notebook.Cells[1].IsCSharp);
        Assert.Equal("#!import setup.dib", notebook.Cells[1].Source);
        Assert.Equal(["solution"], notebook.Cells[5].Tags);
        Assert.True(notebook.Cells[5].HasTag("Solution"));
        Assert.False(notebook.Cells[7].IsCSharp);
        Assert.Equal("fsharp", notebook.Cells[7].KernelName);

        var stripped = notebook.WithoutCellsTagged("solution");
        Assert.Equal(9, stripped.Cells.Count);
        Assert.Equal(Enumerable.Range(0, 9), stripped.Cells.Select(c => c.Index));
        Assert.Equal(notebook.Cells[6].Source, stripped.Cells[5].Source);
        Assert.DoesNotContain("maxRequests", NotebookWriter.ToJson(stripped), StringComparison.Ordinal);
    }

    [Fact]
    public void A_cell_without_kernel_metadata_is_csharp_and_a_magic_first_line_picks_its_kernel()
    {
        const string json = """
            {"cells": [
              {"cell_type": "code", "metadata": {}, "outputs": [], "source": ["1 + 1"]},
              {"cell_type": "code", "metadata": {}, "outputs": [], "source": ["#!fsharp\n", "1 + 1"]},
              {"cell_type": "code", "metadata": {}, "outputs": [], "source": "#!csharp\n1 + 1"}
            ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
            """;
        var notebook = NotebookReader.Parse(json, "inline.ipynb");
        Assert.Equal(["csharp", "fsharp", "csharp"], notebook.Cells.Select(c => c.KernelName));
        Assert.Equal(5, notebook.NbformatMinor);
    }
}
