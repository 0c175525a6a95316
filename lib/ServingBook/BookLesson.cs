using System.Text.RegularExpressions;
using ServingNotebooks.Runner;

namespace ServingBook;

/// <summary>One lesson of the rendered book: a numbered notebook of the workbook and its page.</summary>
/// <param name="Notebook">The notebook's file name, e.g. <c>01-littles-law.ipynb</c>.</param>
/// <param name="Title">The notebook's first heading, e.g. "1. Little's law: how many requests are in flight".</param>
/// <param name="Teaches">What the lesson teaches, one line (from <c>notebooks/README.md</c>'s table, else the notebook's first paragraph).</param>
public sealed partial record BookLesson(string Notebook, string Title, string Teaches)
{
    /// <summary>The page's file name in the site, e.g. <c>01-littles-law.html</c>.</summary>
    public string Page => Path.ChangeExtension(Notebook, ".html");

    /// <summary>
    /// The lessons of <paramref name="sourceDirectory"/> in order: its numbered notebooks (<c>NN-name.ipynb</c>), each with
    /// its first markdown heading as the title and the "what you learn" column of the folder's <c>README.md</c> table
    /// (the row that links the notebook) as what it teaches; a notebook without such a row gets its first paragraph.
    /// </summary>
    /// <param name="sourceDirectory">The notebooks folder.</param>
    /// <returns>The lessons, and one problem line per notebook that cannot be read (it is left out of the book).</returns>
    public static (IReadOnlyList<BookLesson> Lessons, IReadOnlyList<string> Problems) InFolder(string sourceDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceDirectory);
        var readme = Path.Combine(sourceDirectory, "README.md");
        var summaries = File.Exists(readme) ? SummariesFromReadme(File.ReadAllText(readme)) : new Dictionary<string, string>();
        var lessons = new List<BookLesson>();
        var problems = new List<string>();
        foreach (var file in Directory.EnumerateFiles(sourceDirectory, "*.ipynb")
                     .Where(f => NumberedNotebook().IsMatch(Path.GetFileName(f)))
                     .Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            try
            {
                var notebook = NotebookReader.Load(file, name);
                var prose = notebook.Cells.Where(c => c.CellType == NotebookCellType.Markdown).Select(c => c.Source).ToList();
                var title = prose.Select(s => Heading().Match(s)).FirstOrDefault(m => m.Success)?.Groups["text"].Value.Trim()
                    ?? Path.GetFileNameWithoutExtension(name);
                var teaches = summaries.TryGetValue(name, out var line) ? line : FirstParagraph(prose.FirstOrDefault() ?? "");
                lessons.Add(new BookLesson(name, title, teaches));
            }
            catch (NotebookFormatException e)
            {
                problems.Add(e.Message);
            }
        }

        return (lessons, problems);
    }

    /// <summary>
    /// The "what you learn" cell of each row of a Markdown table that links a notebook: <c>| 1 | [01-x.ipynb](01-x.ipynb) | text |</c>
    /// gives <c>01-x.ipynb → text</c>.
    /// </summary>
    /// <param name="readme">The README's Markdown.</param>
    public static IReadOnlyDictionary<string, string> SummariesFromReadme(string readme)
    {
        ArgumentNullException.ThrowIfNull(readme);
        var summaries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in readme.ReplaceLineEndings("\n").Split('\n'))
        {
            var match = ReadmeRow().Match(row);
            if (match.Success)
            {
                summaries.TryAdd(match.Groups["file"].Value, match.Groups["text"].Value.Trim());
            }
        }

        return summaries;
    }

    private static string FirstParagraph(string markdown)
    {
        var paragraph = markdown.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.TrimEntries)
            .FirstOrDefault(p => p.Length > 0 && !p.StartsWith('#'));
        return paragraph?.ReplaceLineEndings(" ") ?? "";
    }

    [GeneratedRegex(@"^\d\d-.+\.ipynb$")]
    private static partial Regex NumberedNotebook();

    [GeneratedRegex(@"^#\s+(?<text>.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\|[^|]*\|\s*\[[^\]]*\]\((?<file>\d\d-[^)/]+\.ipynb)\)\s*\|(?<text>.*)\|\s*$")]
    private static partial Regex ReadmeRow();
}
