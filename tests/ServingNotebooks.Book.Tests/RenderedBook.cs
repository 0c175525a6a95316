using ServingBook;

namespace ServingNotebooks.Book.Tests;

/// <summary>
/// The workbook's book built once (per test class that uses it) by <c>servingbook book</c>, in process, into a fresh
/// temporary folder: the solved copy (<see cref="SolvedBook"/>) or the student copy (<see cref="StudentBook"/>).
/// </summary>
public abstract class RenderedBook : IAsyncLifetime
{
    /// <summary>The repository the pages link to: any well-formed owner/name, since no test follows outside links.</summary>
    public const string Repository = "example-org/ServingNotebooks";

    private readonly bool _student;

    protected RenderedBook(bool student) => _student = student;

    /// <summary>The site folder.</summary>
    public string Site { get; } = Directory.CreateTempSubdirectory("servingbook-book-test-").FullName;

    /// <summary>The command's exit code.</summary>
    public int ExitCode { get; private set; } = -1;

    /// <summary>What the command wrote.</summary>
    public string Output { get; private set; } = "";

    /// <summary>Every page as headless Chromium showed it, by file name (the index first).</summary>
    public IReadOnlyDictionary<string, PageVisit> Visits { get; private set; } = new Dictionary<string, PageVisit>();

    /// <summary>The two pages photographed for review (whole window, 1200 x 900), in <see cref="ScreenshotFolder"/>.</summary>
    public static IReadOnlyList<string> Photographed { get; } = ["index.html", "07-autoscaling.html"];

    /// <summary>Where the screenshots go: beside the test assembly, one folder per copy.</summary>
    public string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "book-screenshots", _student ? "student" : "solved");

    /// <summary>The workbook's notebooks folder.</summary>
    public static string NotebooksFolder => Path.Combine(RepositoryRoot, "notebooks");

    /// <summary>The workbook's numbered notebooks, in name order: the lessons the book must have, found independently of the command.</summary>
    public static IReadOnlyList<string> Lessons =>
        [.. Directory.EnumerateFiles(NotebooksFolder, "??-*.ipynb").Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    /// <summary>The repository's root (the folder holding ServingNotebooks.sln).</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "ServingNotebooks.sln")))
                {
                    return folder.FullName;
                }
            }

            throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds ServingNotebooks.sln; run the tests from the repository.");
        }
    }

    /// <summary>The site's pages (file names), index first.</summary>
    public IReadOnlyList<string> Pages =>
        [.. Directory.EnumerateFiles(Site, "*.html").Select(Path.GetFileName).OrderBy(p => p == "index.html" ? "" : p, StringComparer.Ordinal)!];

    public async Task InitializeAsync()
    {
        var (console, text) = PlainConsole.Create();
        string[] args = ["book", "--output", Site, "--source", NotebooksFolder, "--repository", Repository, .. _student ? new[] { "--student" } : []];
        ExitCode = await Cli.InvokeAsync(args, console);
        Output = text.ToString();

        Directory.CreateDirectory(ScreenshotFolder);
        var visits = new Dictionary<string, PageVisit>(StringComparer.Ordinal);
        await using var browser = await Browser.StartAsync(Site);
        foreach (var page in Pages)
        {
            visits[page] = await browser.VisitAsync(page, Photographed.Contains(page) ? Path.Combine(ScreenshotFolder, Path.ChangeExtension(page, ".png")) : null);
        }

        Visits = visits;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Site, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>The solved (instructor) copy of the book.</summary>
public sealed class SolvedBook() : RenderedBook(student: false);

/// <summary>The student copy of the book (<c>--student</c>).</summary>
public sealed class StudentBook() : RenderedBook(student: true);
