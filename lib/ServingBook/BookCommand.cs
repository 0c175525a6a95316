using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ServingNotebooks.Grading;
using ServingNotebooks.Runner;
using Spectre.Console;

namespace ServingBook;

/// <summary>What <c>servingbook book</c> was asked to do.</summary>
/// <param name="SourceDirectory">The instructor's notebooks folder.</param>
/// <param name="OutputDirectory">The site folder.</param>
/// <param name="Student">True: the student copy (solution cells removed before the run, as <c>servingbook release</c> removes them).</param>
/// <param name="Links">The repository's links for each page.</param>
/// <param name="MathJaxFolder">A MathJax 2.7 folder, or null for Debian's.</param>
/// <param name="CellTimeout">The per-cell timeout.</param>
/// <param name="Parallel">How many notebooks run at the same time.</param>
public sealed record BookSettings(
    string SourceDirectory,
    string OutputDirectory,
    bool Student,
    BookLinks Links,
    string? MathJaxFolder,
    TimeSpan CellTimeout,
    int Parallel);

/// <summary>
/// <c>servingbook book [--output book] [--student] [--repository owner/name]</c>: runs every numbered notebook headless
/// (the same in-process runner as <c>servingbook run</c>) and renders the executed notebooks as a static site with
/// nbconvert's HTML exporter: an index of the lessons, one page per notebook with its prose, code, outputs, figures and
/// check results, a "run it yourself" page, previous/next links, MathJax bundled. Exit code 1 when a notebook could not be
/// read or a cell failed (the pages are still written, failures shown where they happened), or the rendering failed.
/// </summary>
public static class BookCommand
{
    /// <summary>Creates the <c>book</c> subcommand.</summary>
    /// <param name="console">Where the command writes.</param>
    public static Command Create(IAnsiConsole console)
    {
        var output = CommonOptions.Output("The site folder to write (index.html, one page per notebook, mathjax/).", "book");
        var source = CommonOptions.Source("The instructor notebooks folder; default: the workbook's notebooks/.");
        var student = new Option<bool>("--student")
        {
            Description = "Build the student copy: solution cells removed before the run, so checks read 'not answered yet'.",
        };
        var repository = new Option<string?>("--repository")
        {
            Description = "The GitHub repository (owner/name) that pages link to for the source and 'Open in Codespaces' (default: $GITHUB_REPOSITORY, except for --student; none: no such links).",
            CustomParser = result =>
            {
                var text = result.Tokens[0].Value;
                if (!BookLinks.IsRepositoryName(text))
                {
                    result.AddError($"--repository: '{text}' is not a GitHub repository written owner/name.");
                }

                return text;
            },
        };
        var mathJax = new Option<string?>("--mathjax")
        {
            Description = $"A MathJax 2.7 folder to bundle (default: {BookTools.DebianMathJax}, Debian's libjs-mathjax).",
        };
        var timeout = CommonOptions.Seconds("--timeout", "Per-cell timeout in seconds.", RunCommand.DefaultTimeoutSeconds, "-t");
        var parallel = CommonOptions.Parallel("How many notebooks run at the same time, each in its own kernel (default: the number of cores, at most 4).", RunCommand.DefaultParallelism);
        var command = new Command("book", "Run the notebooks and render them as a static site (a book): index, one page per lesson, figures, checks, math.")
        {
            output,
            source,
            student,
            repository,
            mathJax,
            timeout,
            parallel,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var sourceDirectory = CommonOptions.SourceFolder(parse, source, console);
            return sourceDirectory is null
                ? Task.FromResult(1)
                : ExecuteAsync(
                    new BookSettings(
                        sourceDirectory,
                        parse.GetValue(output)!,
                        parse.GetValue(student),
                        // The student copy links only a repository named on the command line (the class's own): the
                        // workbook's repository, where $GITHUB_REPOSITORY points, holds the solutions.
                        parse.GetValue(student) ? new BookLinks(parse.GetValue(repository)) : BookLinks.FromEnvironment(parse.GetValue(repository)),
                        parse.GetValue(mathJax),
                        TimeSpan.FromSeconds(parse.GetValue(timeout)),
                        parse.GetValue(parallel)),
                    console,
                    cancellationToken);
        });
        return command;
    }

    /// <summary>Runs the notebooks, renders the site and reports; returns the exit code (0: every notebook ran and every page was written).</summary>
    /// <param name="settings">What to build.</param>
    /// <param name="console">Where to write.</param>
    /// <param name="cancellationToken">Stops the build.</param>
    public static async Task<int> ExecuteAsync(BookSettings settings, IAnsiConsole console, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(console);
        var total = Stopwatch.StartNew();

        // Tools first: a missing nbconvert is one line before minutes of running notebooks.
        var (tools, missing) = BookTools.Find(settings.MathJaxFolder);
        if (tools is null)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {missing}");
            return 1;
        }

        var source = Path.GetFullPath(settings.SourceDirectory);
        var output = Path.GetFullPath(settings.OutputDirectory);
        if (IsSameOrInside(source, output))
        {
            console.MarkupLineInterpolated($"[red]error:[/] the output folder {settings.OutputDirectory} is or contains the notebooks folder; choose another folder (default: book)");
            return 1;
        }

        var (lessons, problems) = BookLesson.InFolder(source);
        foreach (var problem in problems)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {problem}");
        }

        if (lessons.Count == 0)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {settings.SourceDirectory} has no numbered notebooks (NN-name.ipynb) to put in a book");
            return 1;
        }

        var runs = await RunAllAsync(lessons, source, settings, console, cancellationToken).ConfigureAwait(false);
        var runSeconds = total.Elapsed.TotalSeconds;
        var variant = settings.Student ? "student copy: solutions removed" : null;
        var intro = settings.Student
            ? "This is the **student copy**: solution cells are removed, so each part's check reads \"not answered yet\" until you write it."
            : "Every page shows a lesson as the solved copy runs it: prose, code, figures and each check's result.";
        var pages = new List<BookPage> { BookSite.Index(lessons, intro) };
        pages.AddRange(runs.Where(r => r.Json is not null).Select(r => new BookPage(r.Lesson.Page, r.Lesson.Title, r.Json!, r.Lesson.Notebook)));
        pages.Add(BookSite.RunItYourself(settings.Links));
        var failed = await BookSite.WriteAsync(pages, settings.Links, variant, tools, output, cancellationToken).ConfigureAwait(false);
        total.Stop();

        Report(console, runs, output, runSeconds, total.Elapsed.TotalSeconds, tools);
        if (failed is not null)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {failed}");
        }

        if (settings.Links.Repository is null)
        {
            console.MarkupLine("[yellow]note:[/] no --repository (or $GITHUB_REPOSITORY): the pages have no source or 'Open in Codespaces' links");
        }

        return failed is null && problems.Count == 0 && runs.All(r => r.Problem is null && r.Errors == 0) ? 0 : 1;
    }

    private static async Task<List<LessonRun>> RunAllAsync(
        IReadOnlyList<BookLesson> lessons,
        string source,
        BookSettings settings,
        IAnsiConsole console,
        CancellationToken cancellationToken)
    {
        var runner = new NotebookRunner(new NotebookRunnerOptions { CellTimeout = settings.CellTimeout });
        var runs = new LessonRun[lessons.Count];
        var consoleLock = new Lock();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.Parallel), CancellationToken = cancellationToken };

        // Largest file first, as `servingbook run` starts them, so that a long notebook does not start last.
        var order = Enumerable.Range(0, lessons.Count)
            .OrderByDescending(i => new FileInfo(Path.Combine(source, lessons[i].Notebook)).Length)
            .ThenBy(i => i);
        await Parallel.ForEachAsync(order, options, async (i, token) =>
        {
            var lesson = lessons[i];
            var stopwatch = Stopwatch.StartNew();
            LessonRun run;
            try
            {
                var notebook = NotebookReader.Load(Path.Combine(source, lesson.Notebook), lesson.Notebook);
                if (settings.Student)
                {
                    // The student copy exactly as `servingbook release` writes it, run where the instructor's notebook lives
                    // (setup.dib and ../lib/bin/ resolve the same way).
                    notebook = NotebookReader.Parse(Release.StudentVersion(notebook).Json, notebook.Path);
                }

                var result = await runner.RunAsync(notebook, null, token).ConfigureAwait(false);
                run = new LessonRun(lesson, NotebookWriter.ToJson(result), result.CodeCellCount, result.ErrorCount, result.ImageCount, stopwatch.Elapsed, null,
                    [.. result.FailedCells.Select(c => $"cell {c.Index + 1}: {c.FailureSummary}")]);
            }
            catch (NotebookFormatException e)
            {
                run = new LessonRun(lesson, null, 0, 0, 0, stopwatch.Elapsed, e.Reason, []);
            }

            runs[i] = run;
            lock (consoleLock)
            {
                var status = run.Problem is null && run.Errors == 0 ? "[green]ok[/]  " : "[red]FAIL[/]";
                console.MarkupLine($"{status} {Markup.Escape(lesson.Notebook)} ({run.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s)");
            }
        }).ConfigureAwait(false);
        return [.. runs];
    }

    private static void Report(IAnsiConsole console, List<LessonRun> runs, string output, double runSeconds, double totalSeconds, BookTools tools)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Page")
            .AddColumn(new TableColumn("Cells").RightAligned())
            .AddColumn(new TableColumn("Errors").RightAligned())
            .AddColumn(new TableColumn("Figures").RightAligned())
            .AddColumn(new TableColumn("Seconds").RightAligned());
        foreach (var run in runs)
        {
            table.AddRow(
                Markup.Escape(run.Problem is null ? run.Lesson.Page : run.Lesson.Notebook),
                run.Problem is null ? run.Cells.ToString(CultureInfo.InvariantCulture) : "-",
                run.Problem is not null ? "[red]bad file[/]" : run.Errors > 0 ? $"[red]{run.Errors}[/]" : "0",
                run.Images.ToString(CultureInfo.InvariantCulture),
                run.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture));
        }

        console.Write(table);
        foreach (var run in runs)
        {
            if (run.Problem is not null)
            {
                console.MarkupLineInterpolated($"[red]{run.Lesson.Notebook}:[/] {run.Problem} (no page)");
            }

            foreach (var failure in run.Failures)
            {
                console.MarkupLineInterpolated($"[red]{run.Lesson.Notebook} {failure}[/]");
            }
        }

        console.MarkupLineInterpolated(
            $"Ran the notebooks in {runSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s, rendered with nbconvert {tools.NbconvertVersion} in {(totalSeconds - runSeconds).ToString("0.0", CultureInfo.InvariantCulture)} s.");
        console.MarkupLineInterpolated($"Book: {Path.Combine(output, "index.html")}");
    }

    private static bool IsSameOrInside(string path, string folder)
    {
        var p = Path.TrimEndingDirectorySeparator(path) + Path.DirectorySeparatorChar;
        var f = Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar;
        return p.StartsWith(f, OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);
    }

    private sealed record LessonRun(BookLesson Lesson, string? Json, int Cells, int Errors, int Images, TimeSpan Elapsed, string? Problem, IReadOnlyList<string> Failures);
}
