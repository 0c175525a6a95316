using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ServingNotebooks.Runner;
using Spectre.Console;

namespace ServingBook;

/// <summary>What <c>servingbook run</c> was asked to do.</summary>
/// <param name="Paths">Notebook files or folders of notebooks; empty means the workbook's <c>notebooks/</c> folder.</param>
/// <param name="OutputDirectory">Where executed notebooks and PNGs go.</param>
/// <param name="CellTimeout">The per-cell timeout.</param>
public sealed record RunSettings(IReadOnlyList<string> Paths, string OutputDirectory, TimeSpan CellTimeout);

/// <summary>
/// <c>servingbook run [notebooks…] [--output out] [--timeout seconds]</c>: executes notebooks headless, writes each
/// executed notebook to <c>&lt;output&gt;/&lt;name&gt;.ipynb</c> and its plots to <c>&lt;output&gt;/&lt;name&gt;/cell-NN-k.png</c>,
/// and prints a table. Exit code 1 when any notebook could not be read or any cell failed.
/// </summary>
public static class RunCommand
{
    /// <summary>The default per-cell timeout, in seconds.</summary>
    public const double DefaultTimeoutSeconds = 120;

    /// <summary>Creates the <c>run</c> subcommand.</summary>
    /// <param name="console">Where the command writes.</param>
    public static Command Create(IAnsiConsole console)
    {
        var paths = new Argument<string[]>("notebooks")
        {
            Description = "Notebook files or folders (default: the workbook's notebooks/ folder).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "Folder for executed notebooks and PNG plots.",
            DefaultValueFactory = _ => "out",
        };
        var timeout = new Option<double>("--timeout", "-t")
        {
            Description = "Per-cell timeout in seconds.",
            DefaultValueFactory = _ => DefaultTimeoutSeconds,
        };
        timeout.Validators.Add(result =>
        {
            // A value that is not a number is reported by the parser itself.
            if (result.Tokens.Count == 1
                && double.TryParse(result.Tokens[0].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                && !(seconds > 0 && seconds < TimeSpan.MaxValue.TotalSeconds / 2))
            {
                result.AddError("--timeout must be a positive number of seconds.");
            }
        });
        var command = new Command("run", "Execute notebooks headless; write executed copies and PNG plots; print a summary table.")
        {
            paths,
            output,
            timeout,
        };
        command.SetAction((parse, cancellationToken) => ExecuteAsync(
            new RunSettings(
                parse.GetValue(paths) ?? [],
                parse.GetValue(output) ?? "out",
                TimeSpan.FromSeconds(parse.GetValue(timeout))),
            console,
            cancellationToken));
        return command;
    }

    /// <summary>Runs the notebooks and reports; returns the exit code (0: every notebook ran without error).</summary>
    /// <param name="settings">What to run.</param>
    /// <param name="console">Where to write.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static async Task<int> ExecuteAsync(RunSettings settings, IAnsiConsole console, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(console);
        var total = Stopwatch.StartNew();
        var (files, problems) = NotebookFiles.Resolve(settings.Paths, Environment.CurrentDirectory);
        foreach (var problem in problems)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {problem}");
        }

        if (files.Count == 0)
        {
            if (problems.Count == 0)
            {
                console.MarkupLine("[yellow]No notebooks (.ipynb) to run.[/]");
            }

            return problems.Count == 0 ? 0 : 1;
        }

        var outputDirectory = Path.GetFullPath(settings.OutputDirectory);
        var runner = new NotebookRunner(new NotebookRunnerOptions { CellTimeout = settings.CellTimeout });
        var rows = new List<Row>();
        await RunAllAsync(files, runner, outputDirectory, console, rows, cancellationToken).ConfigureAwait(false);
        total.Stop();

        Report(console, rows, outputDirectory, total.Elapsed);
        return problems.Count == 0 && rows.All(r => r.Succeeded) ? 0 : 1;
    }

    private static async Task RunAllAsync(
        IReadOnlyList<string> files,
        NotebookRunner runner,
        string outputDirectory,
        IAnsiConsole console,
        List<Row> rows,
        CancellationToken cancellationToken)
    {
        async Task RunOne(string file, Action<int>? setMax, Action? tick)
        {
            var stopwatch = Stopwatch.StartNew();
            try
            {
                var notebook = NotebookReader.Load(file);
                setMax?.Invoke(notebook.Cells.Count(c => c.IsCSharp));
                var result = await runner.RunAsync(notebook, cell => { if (NotebookReader.IsCSharpKernelName(cell.KernelName)) { tick?.Invoke(); } }, cancellationToken).ConfigureAwait(false);
                var images = Save(result, outputDirectory);
                rows.Add(new Row(file, result.CodeCellCount, result.ErrorCount, images, stopwatch.Elapsed, null, result));
            }
            catch (NotebookFormatException e)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                rows.Add(new Row(file, 0, 0, 0, stopwatch.Elapsed, e.Reason, null));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {file}: cannot write results ({e.Message.ReplaceLineEndings(" ")})");
                rows.Add(new Row(file, 0, 0, 0, stopwatch.Elapsed, "cannot write results", null));
            }
        }

        if (!console.Profile.Capabilities.Interactive)
        {
            foreach (var file in files)
            {
                await RunOne(file, null, null).ConfigureAwait(false);
                var row = rows[^1];
                if (row.Problem is null)
                {
                    var status = row.Succeeded ? "[green]ok[/]  " : "[red]FAIL[/]";
                    console.MarkupLine($"{status} {Markup.Escape(file)} ({row.Seconds.ToString("0.00", CultureInfo.InvariantCulture)} s)");
                }
            }

            return;
        }

        await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var tasks = files.Select(f => context.AddTask(Markup.Escape(Path.GetFileName(f)), autoStart: false)).ToList();
                for (var i = 0; i < files.Count; i++)
                {
                    var task = tasks[i];
                    task.StartTask();
                    await RunOne(files[i], max => task.MaxValue = Math.Max(1, max), () => task.Increment(1)).ConfigureAwait(false);
                    task.Value = task.MaxValue;
                    task.StopTask();
                }
            }).ConfigureAwait(false);
    }

    /// <summary>Writes the executed notebook and its PNGs; returns the number of PNGs.</summary>
    private static int Save(NotebookRunResult result, string outputDirectory)
    {
        var name = result.Notebook.Name;
        NotebookWriter.Write(result, Path.Combine(outputDirectory, name + ".ipynb"));
        var imageDirectory = Path.Combine(outputDirectory, name);
        if (Directory.Exists(imageDirectory))
        {
            foreach (var old in Directory.EnumerateFiles(imageDirectory, "cell-*.png"))
            {
                File.Delete(old);
            }
        }

        var count = 0;
        foreach (var cell in result.Cells)
        {
            var k = 0;
            foreach (var png in cell.Images)
            {
                Directory.CreateDirectory(imageDirectory);
                File.WriteAllBytes(Path.Combine(imageDirectory, string.Create(CultureInfo.InvariantCulture, $"cell-{cell.Index + 1:00}-{++k}.png")), png);
                count++;
            }
        }

        return count;
    }

    private static void Report(IAnsiConsole console, List<Row> rows, string outputDirectory, TimeSpan elapsed)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Notebook")
            .AddColumn(new TableColumn("Cells").RightAligned())
            .AddColumn(new TableColumn("Errors").RightAligned())
            .AddColumn(new TableColumn("Images").RightAligned())
            .AddColumn(new TableColumn("Seconds").RightAligned());
        foreach (var row in rows)
        {
            var errors = row.Problem is not null ? "[red]bad file[/]" : row.Errors > 0 ? $"[red]{row.Errors}[/]" : "0";
            table.AddRow(
                Markup.Escape(Path.GetFileName(row.File)),
                row.Problem is null ? row.Cells.ToString(CultureInfo.InvariantCulture) : "-",
                errors,
                row.Images.ToString(CultureInfo.InvariantCulture),
                row.Seconds.ToString("0.00", CultureInfo.InvariantCulture));
        }

        table.AddEmptyRow();
        table.AddRow(
            "[bold]total[/]",
            rows.Sum(r => r.Cells).ToString(CultureInfo.InvariantCulture),
            rows.Sum(r => r.Errors + (r.Problem is null ? 0 : 1)).ToString(CultureInfo.InvariantCulture),
            rows.Sum(r => r.Images).ToString(CultureInfo.InvariantCulture),
            elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture));
        console.Write(table);

        foreach (var row in rows.Where(r => r.Result is not null))
        {
            foreach (var cell in row.Result!.FailedCells)
            {
                console.MarkupLineInterpolated($"[red]{Path.GetFileName(row.File)} cell {cell.Index + 1}:[/] {cell.FailureSummary}");
            }
        }

        console.MarkupLineInterpolated($"Executed notebooks and plots: {outputDirectory}");
    }

    private sealed record Row(string File, int Cells, int Errors, int Images, TimeSpan Elapsed, string? Problem, NotebookRunResult? Result)
    {
        public double Seconds => Elapsed.TotalSeconds;

        public bool Succeeded => Problem is null && Errors == 0;
    }
}
