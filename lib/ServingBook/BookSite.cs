using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ServingBook;

/// <summary>One page to render: the notebook JSON (executed for a lesson, Markdown only for the index and the run page) and its lesson.</summary>
/// <param name="Page">The page's file name in the site, e.g. <c>01-littles-law.html</c>.</param>
/// <param name="Title">The page's title.</param>
/// <param name="NotebookJson">The notebook (<c>.ipynb</c> JSON) to render.</param>
/// <param name="SourceNotebook">The workbook notebook the page shows (for the source link), or null for the book's own pages.</param>
public sealed record BookPage(string Page, string Title, string NotebookJson, string? SourceNotebook);

/// <summary>
/// Writes the static site: every <see cref="BookPage"/> through nbconvert's HTML exporter with the workbook's template
/// (<c>BookTemplate/servingbook</c>, which extends nbconvert's lab template), the template's stylesheet, and MathJax copied
/// into <c>mathjax/</c> so that formulas typeset with no network. Each page's notebook carries the book's links in
/// <c>metadata.servingbook</c> (previous, next, source, Codespaces), which the template shows above and below the page.
/// </summary>
public static class BookSite
{
    /// <summary>The folder beside the program that holds the nbconvert template (<c>servingbook/</c>) and the run page's Markdown.</summary>
    public static string TemplateFolder => Path.Combine(AppContext.BaseDirectory, "BookTemplate");

    /// <summary>The book's title, on the index page and in every page's bar.</summary>
    public const string BookTitle = "The math of serving LLMs";

    /// <summary>The index page: the lessons in order with what each teaches, and a link to the run page.</summary>
    /// <param name="lessons">The lessons.</param>
    /// <param name="variant">A line that says which copy this is (solved or student).</param>
    public static BookPage Index(IReadOnlyList<BookLesson> lessons, string variant)
    {
        ArgumentNullException.ThrowIfNull(lessons);
        // The titles carry their number ("1. Little's law…"), so the table has no number column.
        var rows = string.Join("\n", lessons.Select(l => $"| [{EscapeCell(l.Title)}]({l.Page}) | {EscapeCell(l.Teaches)} |"));
        var markdown = $"""
            # {BookTitle}: a C# workbook

            {lessons.Count} short lessons on the math of serving large language models: queueing, latency, the KV cache, cost,
            batching, autoscaling, SLOs, degradation and traces, with measurements from an NVIDIA H100. Each lesson teaches one
            formula, has you write it as a small C# function, checks your answer and draws figures.

            {variant} To change the inputs or write the exercises yourself, see [Run it yourself](run-it-yourself.html).

            | lesson | what you learn |
            |---|---|
            {rows}
            """;
        return new BookPage("index.html", BookTitle, MarkdownNotebook(markdown), null);
    }

    /// <summary>The "run it yourself" page, from <c>BookTemplate/run-it-yourself.md</c>.</summary>
    /// <param name="links">The repository's links (the Codespaces link, when there is a repository).</param>
    public static BookPage RunItYourself(BookLinks links)
    {
        ArgumentNullException.ThrowIfNull(links);
        var codespaces = links.Codespaces is null
            ? "open the repository on GitHub and choose **Code → Codespaces → Create codespace**."
            : $"[Open in Codespaces]({links.Codespaces}).";
        var markdown = File.ReadAllText(Path.Combine(TemplateFolder, "run-it-yourself.md")).Replace("{{codespaces}}", codespaces, StringComparison.Ordinal);
        return new BookPage("run-it-yourself.html", "Run it yourself", MarkdownNotebook(markdown), null);
    }

    /// <summary>
    /// Renders <paramref name="pages"/> into <paramref name="outputDirectory"/> with one nbconvert process, copies the
    /// stylesheet and MathJax, and writes <c>.nojekyll</c> (GitHub Pages then serves the folder as it is).
    /// </summary>
    /// <param name="pages">The pages, in reading order (the lessons' previous/next links follow it; the index and run page have none).</param>
    /// <param name="links">The outside links.</param>
    /// <param name="variant">A short word for the bar: null for the solved copy, e.g. "student copy" otherwise.</param>
    /// <param name="tools">nbconvert and MathJax.</param>
    /// <param name="outputDirectory">The site folder (created).</param>
    /// <param name="cancellationToken">Stops nbconvert.</param>
    /// <returns>null when every page was written, else what nbconvert said.</returns>
    public static async Task<string?> WriteAsync(
        IReadOnlyList<BookPage> pages,
        BookLinks links,
        string? variant,
        BookTools tools,
        string outputDirectory,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pages);
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(tools);
        Directory.CreateDirectory(outputDirectory);
        var staging = Directory.CreateTempSubdirectory("servingbook-book-");
        try
        {
            var lessons = pages.Where(p => p.SourceNotebook is not null).ToList();
            var staged = new List<string>();
            foreach (var page in pages)
            {
                var position = lessons.IndexOf(page);
                var book = new JsonObject
                {
                    ["book_title"] = BookTitle,
                    ["title"] = page.Title,
                    ["variant"] = variant,
                    ["previous"] = position > 0 ? PageLink(lessons[position - 1]) : null,
                    ["next"] = position >= 0 && position < lessons.Count - 1 ? PageLink(lessons[position + 1]) : null,
                    ["source"] = page.SourceNotebook is null ? null : links.Source(page.SourceNotebook),
                    ["codespaces"] = page.SourceNotebook is null ? null : links.Codespaces,
                };
                var notebook = JsonNode.Parse(page.NotebookJson)!.AsObject();
                var metadata = notebook["metadata"] as JsonObject ?? [];
                notebook["metadata"] = metadata;
                metadata["title"] = page.Title;
                metadata["servingbook"] = book;
                var file = Path.Combine(staging.FullName, Path.ChangeExtension(page.Page, ".ipynb"));
                await File.WriteAllTextAsync(file, notebook.ToJsonString(), cancellationToken).ConfigureAwait(false);
                staged.Add(file);
            }

            var problem = await NbconvertAsync(tools, staged, outputDirectory, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            File.Copy(Path.Combine(TemplateFolder, "servingbook", "book.css"), Path.Combine(outputDirectory, "book.css"), overwrite: true);
            await File.WriteAllTextAsync(Path.Combine(outputDirectory, ".nojekyll"), "", cancellationToken).ConfigureAwait(false);
            CopyMathJax(tools.MathJaxFolder, Path.Combine(outputDirectory, "mathjax"));
            return null;
        }
        finally
        {
            staging.Delete(recursive: true);
        }
    }

    private static async Task<string?> NbconvertAsync(BookTools tools, IReadOnlyList<string> notebooks, string outputDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(tools.Jupyter) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
                 {
                     "nbconvert", "--to", "html", "--template", "servingbook",
                     $"--TemplateExporter.extra_template_basedirs={TemplateFolder}",
                     $"--HTMLExporter.mathjax_url=mathjax/MathJax.js?config={BookTools.MathJaxConfig}",
                     "--output-dir", Path.GetFullPath(outputDirectory),
                 })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var notebook in notebooks)
        {
            start.ArgumentList.Add(notebook);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tools.Jupyter} did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var said = (await output.ConfigureAwait(false)) + (await error.ConfigureAwait(false));
        if (process.ExitCode == 0)
        {
            return null;
        }

        var lines = said.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return $"nbconvert {tools.NbconvertVersion} failed (exit code {process.ExitCode}): {string.Join(" | ", lines.TakeLast(5))}";
    }

    /// <summary>
    /// Copies what the pages load from MathJax 2.7 (the loader, the TeX-AMS_CHTML configuration, TeX input, CommonHTML
    /// output, the extensions and the TeX web fonts), following Debian's links into fonts-mathjax, so that the site is
    /// whole on its own: 1.6 MB instead of the whole install's 54 MB.
    /// </summary>
    private static void CopyMathJax(string from, string to)
    {
        foreach (var file in new[] { "MathJax.js", $"config/{BookTools.MathJaxConfig}.js" })
        {
            File.Copy(Path.Combine(from, file), EnsureFolder(Path.Combine(to, file)), overwrite: true);
        }

        foreach (var part in new[] { "extensions", "jax/input/TeX", "jax/output/CommonHTML", "jax/element", "fonts/HTML-CSS/TeX/woff", "localization/en" })
        {
            var folder = Path.Combine(from, part);
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
            {
                File.Copy(file, EnsureFolder(Path.Combine(to, Path.GetRelativePath(from, file))), overwrite: true);
            }
        }
    }

    private static string EnsureFolder(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        return file;
    }

    private static JsonObject PageLink(BookPage page) => new() { ["href"] = page.Page, ["title"] = page.Title };

    private static string EscapeCell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private static string MarkdownNotebook(string markdown)
    {
        var notebook = new JsonObject
        {
            ["cells"] = new JsonArray(new JsonObject
            {
                ["cell_type"] = "markdown",
                ["id"] = "page",
                ["metadata"] = new JsonObject(),
                ["source"] = markdown,
            }),
            ["metadata"] = new JsonObject(),
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        return notebook.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
