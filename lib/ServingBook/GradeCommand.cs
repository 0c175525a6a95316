using System.CommandLine;
using System.Globalization;
using ServingNotebooks.Grading;
using Spectre.Console;

namespace ServingBook;

/// <summary>What <c>servingbook grade</c> was asked to do.</summary>
/// <param name="Submissions">A class folder, a submission folder or a single notebook.</param>
/// <param name="Options">Where to write, the instructor's notebooks, limits.</param>
/// <param name="Exports">The Canvas and Moodle import files to write after grading (null: none).</param>
public sealed record GradeSettings(string Submissions, GradingOptions Options, PlatformExports? Exports = null);

/// <summary>
/// <c>servingbook grade &lt;submissions&gt; [--output grades] [--source notebooks] [--timeout 30] [--notebook-timeout 120]
/// [--parallel N] [--exercises 1-10] [--redo] [--sandbox auto|bwrap|none]</c>: grades a class and writes <c>gradebook.csv</c>, <c>gradebook.json</c> and
/// <c>feedback/&lt;student&gt;.md</c>, with a progress bar and a summary table. Exit code 0 when the gradebook was written.
/// </summary>
public static class GradeCommand
{
    /// <summary>The default per-cell timeout, in seconds.</summary>
    public const double DefaultCellTimeoutSeconds = 30;

    /// <summary>The default per-notebook timeout, in seconds.</summary>
    public const double DefaultNotebookTimeoutSeconds = 120;

    /// <summary>Creates the <c>grade</c> subcommand.</summary>
    /// <param name="console">Where the command writes.</param>
    public static Command Create(IAnsiConsole console)
    {
        var submissions = new Argument<string>("submissions")
        {
            Description = "A class folder (one sub-folder or notebook per student), one student's folder, one notebook, or a Canvas download (folder or zip).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var output = CommonOptions.Output("Folder for gradebook.csv, gradebook.json and feedback/.", "grades");
        var source = CommonOptions.Source("The instructor's notebooks folder (setup.dib, data/, and the built library in ../lib); default: the workbook's notebooks/.");
        var parallel = CommonOptions.Parallel("Submissions graded at once (one worker process each; default: the number of cores).", Environment.ProcessorCount);
        var redo = new Option<bool>("--redo")
        {
            Description = "Run every notebook again instead of reusing results of unchanged notebooks from the last run.",
        };
        var grading = GradingCommandOptions.Create("the source folder",
            "Where notebooks run: bwrap (bubblewrap: no network, read-only workbook, nothing else visible), none, or auto (bwrap when installed, else none with a warning).");
        var command = grading.NewCommand("grade", "Grade submitted notebooks against the library; write the gradebook and feedback.", submissions, output, source, parallel, redo);
        var platform = PlatformGradeOptions.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var target = parse.GetValue(submissions) ?? parse.GetValue(platform.Student);
            if (target is null)
            {
                console.MarkupLine("[red]error:[/] give the submissions to grade: a class folder, a student's folder (or --student), a notebook, or a Canvas download");
                return Task.FromResult(Cli.UsageError);
            }

            var sourceDirectory = CommonOptions.SourceFolder(parse, source, console);
            if (sourceDirectory is null)
            {
                return Task.FromResult(1);
            }

            var options = grading.Read(parse, parse.GetValue(output)!, sourceDirectory, parse.GetValue(parallel)) with { Redo = parse.GetValue(redo) };
            if (parse.GetValue(platform.Classroom) && parse.GetValue(platform.Exercise) is int number)
            {
                var githubOutput = Environment.GetEnvironmentVariable("GITHUB_OUTPUT");
                return ClassroomStep.ExecuteAsync(target, GradingSpec.Exercises.First(e => e.Number == number), options, console, githubOutput, cancellationToken);
            }

            PlatformExports exports;
            try
            {
                exports = platform.Exports(parse);
            }
            catch (ServingNotebooks.Grading.Platforms.RosterException e)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                return Task.FromResult(1);
            }

            return ExecuteAsync(new GradeSettings(target, options, exports), console, cancellationToken);
        });
        return command;
    }

    /// <summary>Grades and reports; returns the exit code (0: the gradebook was written).</summary>
    /// <param name="settings">What to grade.</param>
    /// <param name="console">Where to write.</param>
    /// <param name="cancellationToken">Stops grading; the previous gradebook is kept.</param>
    public static async Task<int> ExecuteAsync(GradeSettings settings, IAnsiConsole console, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(console);
        var (found, problems) = SubmissionFinder.Find(settings.Submissions, settings.Options.Exercises);
        var total = found.Sum(s => s.Notebooks.Count);
        ClassGradeResult result;
        ServingNotebooks.Grading.Platforms.PlatformGradeResult platformResult = null!;

        // Workers report from several threads at once (--parallel): one line at a time on the console.
        var consoleLock = new Lock();
        try
        {
            if (Sandbox.Resolve(settings.Options.Sandbox).Warning is { } warning)
            {
                console.MarkupLineInterpolated($"[bold red]{warning}[/]");
            }

            if (!console.Profile.Capabilities.Interactive)
            {
                platformResult = await ServingNotebooks.Grading.Platforms.PlatformGrading.GradeAsync(settings.Submissions, settings.Options, p =>
                {
                    if (p.Grade is { } grade)
                    {
                        lock (consoleLock)
                        {
                            console.MarkupLineInterpolated($"graded {grade.Student}: {Points(grade.Total)} / {Points(grade.MaxTotal)}");
                        }
                    }
                }, cancellationToken).ConfigureAwait(false);
                result = platformResult.Result;
            }
            else
            {
                result = null!;
                await console.Progress()
                    .AutoClear(true)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                    .StartAsync(async context =>
                    {
                        var task = context.AddTask($"grading {found.Count} submission(s), {total} notebook(s)", maxValue: Math.Max(1, total));
                        platformResult = await ServingNotebooks.Grading.Platforms.PlatformGrading.GradeAsync(settings.Submissions, settings.Options, p =>
                        {
                            if (p.Notebook is not null)
                            {
                                lock (consoleLock)
                                {
                                    task.Increment(1);
                                }
                            }
                        }, cancellationToken).ConfigureAwait(false);
                        result = platformResult.Result;
                        task.Value = task.MaxValue;
                    }).ConfigureAwait(false);
            }
        }
        catch (GraderException e)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return 1;
        }

        foreach (var problem in result.Problems)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {problem}");
        }

        if (result.Students.Count == 0)
        {
            return 1;
        }

        Report(console, result, settings.Options);
        if (settings.Exports is { } exports)
        {
            PlatformExportWriter.Write(exports, platformResult, settings.Options.OutputDirectory, console);
        }

        if (result.Warning is { } after)
        {
            console.MarkupLineInterpolated($"[bold red]{after}[/]");
        }

        return 0;
    }

    private static void Report(IAnsiConsole console, ClassGradeResult result, GradingOptions options)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Student");
        foreach (var e in options.Exercises)
        {
            table.AddColumn(new TableColumn($"ex{e.Number:00}").RightAligned());
        }

        table.AddColumn(new TableColumn("Total").RightAligned());
        foreach (var s in result.Students)
        {
            var cells = new List<string> { Markup.Escape(s.Student) };
            foreach (var e in options.Exercises)
            {
                var g = s.Exercises.First(x => x.Number == e.Number);
                var color = g.Points >= g.MaxPoints ? "green" : g.Points > 0 ? "yellow" : "red";
                cells.Add($"[{color}]{Points(g.Points)}[/]");
            }

            cells.Add($"[bold]{Points(s.Total)}[/] / {Points(s.MaxTotal)}");
            table.AddRow(cells.ToArray());
        }

        console.Write(table);

        // One line per notebook that could not be graded normally, and per file that was not graded.
        foreach (var s in result.Students)
        {
            foreach (var note in s.Notes)
            {
                console.MarkupLineInterpolated($"[yellow]{s.Student}:[/] {note}");
            }

            foreach (var o in s.Observations.Where(o => o.Outcome != ServingNotebooks.Grading.NotebookOutcome.Ran))
            {
                console.MarkupLineInterpolated($"[yellow]{s.Student}:[/] {o.Problem ?? o.Outcome.ToString()}");
            }
        }

        var seconds = result.Elapsed.TotalSeconds;
        var rate = result.NotebooksRun > 0 && seconds > 0 ? $", {(result.NotebooksRun / seconds).ToString("0.00", CultureInfo.InvariantCulture)} notebooks/s" : string.Empty;
        console.MarkupLineInterpolated(
            $"{result.Students.Count} student(s); {result.NotebooksRun} notebook(s) run, {result.NotebooksReused} reused from the last run; {seconds.ToString("0.0", CultureInfo.InvariantCulture)} s{rate}.");
        var output = Path.GetFullPath(options.OutputDirectory);
        console.MarkupLineInterpolated($"Gradebook: {Path.Combine(output, "gradebook.csv")} (details: gradebook.json, feedback/)");
    }

    private static string Points(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
