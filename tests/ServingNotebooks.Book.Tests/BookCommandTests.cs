using ServingBook;

namespace ServingNotebooks.Book.Tests;

/// <summary><c>servingbook book</c>'s options and inputs, without building a book.</summary>
public sealed class BookCommandTests
{
    [Fact]
    public async Task A_missing_mathjax_is_one_error_that_says_what_to_install_before_any_notebook_runs()
    {
        var (code, output) = await RunAsync("book", "--output", Path.Combine(Path.GetTempPath(), "servingbook-book-never"), "--mathjax", "/nonexistent/mathjax");
        Assert.Equal(1, code);
        Assert.Contains("'/nonexistent/mathjax' is not a MathJax 2.7 folder", output, StringComparison.Ordinal);
        Assert.Contains("sudo apt install jupyter-nbconvert libjs-mathjax fonts-mathjax", output, StringComparison.Ordinal);
        Assert.DoesNotContain("01-littles-law", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Path.GetTempPath(), "servingbook-book-never")));
    }

    [Theory]
    [InlineData("not-a-repository")]
    [InlineData("owner/name/extra")]
    [InlineData("own er/name")]
    public async Task A_repository_that_is_not_owner_slash_name_is_a_usage_error(string repository)
    {
        var (code, output) = await RunAsync("book", "--repository", repository);
        Assert.Equal(Cli.UsageError, code);
        Assert.Contains($"--repository: '{repository}' is not a GitHub repository written owner/name.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_output_folder_that_contains_the_notebooks_is_refused()
    {
        var (code, output) = await RunAsync("book", "--source", RenderedBook.NotebooksFolder, "--output", RenderedBook.RepositoryRoot);
        Assert.Equal(1, code);
        Assert.Contains("is or contains the notebooks folder", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Lessons_come_in_file_order_with_the_readme_line_as_what_each_teaches()
    {
        var (lessons, problems) = BookLesson.InFolder(RenderedBook.NotebooksFolder);
        Assert.Empty(problems);
        Assert.Equal(RenderedBook.Lessons, lessons.Select(l => l.Notebook));

        // notebooks/README.md's first row, as written there.
        Assert.StartsWith("Little's law, L = λW: (a) how many requests are in flight", lessons[0].Teaches, StringComparison.Ordinal);
        Assert.StartsWith("1. Little's law", lessons[0].Title, StringComparison.Ordinal);
        Assert.Equal("01-littles-law.html", lessons[0].Page);
    }

    [Fact]
    public void A_readme_row_gives_the_text_after_the_link_and_other_rows_give_nothing()
    {
        var summaries = BookLesson.SummariesFromReadme("""
            | # | notebook | what you learn |
            |---|---|---|
            | 1 | [01-a.ipynb](01-a.ipynb) | Little's law, L = λW |
            | 2 | [data/](data/) | not a notebook |
            Some prose that mentions [02-b.ipynb](02-b.ipynb) outside a table.
            """);
        Assert.Equal(new Dictionary<string, string> { ["01-a.ipynb"] = "Little's law, L = λW" }, summaries);
    }

    [Theory]
    [InlineData("octo-org/ServingNotebooks", true)]
    [InlineData("a/b.c_d-e", true)]
    [InlineData("octo_org/x", false)]
    [InlineData("/x", false)]
    [InlineData("a/", false)]
    public void Repository_names_follow_githubs_spelling(string name, bool valid) => Assert.Equal(valid, BookLinks.IsRepositoryName(name));

    [Fact]
    public void Links_name_the_notebook_on_its_branch_and_the_dev_container()
    {
        var links = new BookLinks("octo-org/ServingNotebooks", "main");
        Assert.Equal("https://github.com/octo-org/ServingNotebooks/blob/main/notebooks/01-littles-law.ipynb", links.Source("01-littles-law.ipynb"));
        Assert.Equal("https://codespaces.new/octo-org/ServingNotebooks?quickstart=1&devcontainer_path=.devcontainer%2Fdevcontainer.json", links.Codespaces);
        Assert.Null(new BookLinks(null).Codespaces);
        Assert.Null(new BookLinks(null).Source("01-littles-law.ipynb"));
    }

    private static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var (console, text) = PlainConsole.Create();
        var code = await Cli.InvokeAsync(args, console, TextWriter.Null, TextWriter.Null);
        return (code, text.ToString());
    }
}
