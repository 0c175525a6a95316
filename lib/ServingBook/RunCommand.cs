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
/// <param name="Parallel">How many notebooks run at the same time (each in its own kernel).</param>
public sealed record RunSettings(IReadOnlyList<string> Paths, string OutputDirectory, TimeSpan CellTimeout, int Parallel = 1);

/// <summary>
/// <c>servingbook run [notebooks…] [--output out] [--timeout seconds]</c>: executes notebooks headless, writes each
/// executed notebook to <c>&lt;output&gt;/&lt;name&gt;.ipynb</c> and its plots to <c>&lt;output&gt;/&lt;name&gt;/cell-NN-k.png</c>,
/// and prints a table. Exit code 1 when any notebook could not be read or any cell failed.
/// </summary>
public static class RunCommand
{
    /// <summary>The default per-cell timeout, in seconds.</summary>
    public const double DefaultTimeoutSeconds = 120;

    /// <summary>The default number of notebooks run at the same time: the number of cores, at most 4.</summary>
    public static int DefaultParallelism => Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>Creates the <c>run</c> subcommand.</summary>
    /// <param name="console">Where the command writes.</param>
    public static Command Create(IAnsiConsole console)
    {
        var paths = new Argument<string[]>("notebooks")
        {
            Description = "Notebook files or folders (default: the workbook's notebooks/ folder).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var output = CommonOptions.Output("Folder for executed notebooks and PNG plots.", "out");
        var timeout = CommonOptions.Seconds("--timeout", "Per-cell timeout in seconds.", DefaultTimeoutSeconds, "-t");
        var parallel = CommonOptions.Parallel("How many notebooks run at the same time, each in its own kernel (default: the number of cores, at most 4).", DefaultParallelism);
        var command = new Command("run", "Execute notebooks headless; write executed copies and PNG plots; print a summary table.")
        {
            paths,
            output,
            timeout,
            parallel,
        };
        command.SetAction((parse, cancellationToken) => ExecuteAsync(
            new RunSettings(
                parse.GetValue(paths) ?? [],
                parse.GetValue(output)!,
                TimeSpan.FromSeconds(parse.GetValue(timeout)),
                parse.GetValue(parallel)),
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
        var slots = new Row?[files.Count];
        await RunAllAsync(files, runner, outputDirectory, console, Math.Max(1, settings.Parallel), slots, cancellationToken).ConfigureAwait(false);
        total.Stop();

        var rows = slots.OfType<Row>().ToList();
        Report(console, rows, outputDirectory, total.Elapsed);
        return problems.Count == 0 && rows.All(r => r.Succeeded) ? 0 : 1;
    }

    private static async Task RunAllAsync(
        IReadOnlyList<string> files,
        NotebookRunner runner,
        string outputDirectory,
        IAnsiConsole console,
        int parallel,
        Row?[] rows,
        CancellationToken cancellationToken)
    {
        var consoleLock = new Lock();
        var startDirectory = Environment.CurrentDirectory;

        async Task<Row> RunOne(string file, Action<int>? setMax, Action? tick)
        {
            var stopwatch = Stopwatch.StartNew();
            try
            {
                // Kernels change the process's working directory while their cells run: resolve paths up front.
                var notebook = NotebookReader.Load(Path.GetFullPath(file, startDirectory), file);
                setMax?.Invoke(notebook.Cells.Count(c => c.CellType == NotebookCellType.Code));
                var result = await runner.RunAsync(notebook, cell => { if (cell.KernelName is not ("markdown" or "raw")) { tick?.Invoke(); } }, cancellationToken).ConfigureAwait(false);
                var images = Save(result, outputDirectory);
                return new Row(file, result.CodeCellCount, result.ErrorCount, images, stopwatch.Elapsed, null, result);
            }
            catch (NotebookFormatException e)
            {
                lock (consoleLock)
                {
                    console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                }

                return new Row(file, 0, 0, 0, stopwatch.Elapsed, e.Reason, null);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                lock (consoleLock)
                {
                    console.MarkupLineInterpolated($"[red]error:[/] {file}: cannot write results ({e.Message.ReplaceLineEndings(" ")})");
                }

                return new Row(file, 0, 0, 0, stopwatch.Elapsed, "cannot write results", null);
            }
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken };
        var order = LongestFirst(files);
        if (!console.Profile.Capabilities.Interactive)
        {
            await Parallel.ForEachAsync(order, options, async (i, _) =>
            {
                var row = rows[i] = await RunOne(files[i], null, null).ConfigureAwait(false);
                if (row.Problem is null)
                {
                    var status = row.Succeeded ? "[green]ok[/]  " : "[red]FAIL[/]";
                    lock (consoleLock)
                    {
                        console.MarkupLine($"{status} {Markup.Escape(files[i])} ({row.Seconds.ToString("0.00", CultureInfo.InvariantCulture)} s)");
                    }
                }
            }).ConfigureAwait(false);
            return;
        }

        await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var tasks = files.Select(f => context.AddTask(Markup.Escape(Path.GetFileName(f)), autoStart: false)).ToList();
                await Parallel.ForEachAsync(order, options, async (i, _) =>
                {
                    var task = tasks[i];
                    task.StartTask();
                    rows[i] = await RunOne(files[i], max => task.MaxValue = Math.Max(1, max), () => task.Increment(1)).ConfigureAwait(false);
                    task.Value = task.MaxValue;
                    task.StopTask();
                }).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    /// <summary>
    /// The order to start the notebooks in: the largest file first (a stand-in for the longest run), so that a long notebook
    /// does not start last while the other cores sit idle (longest-processing-time-first scheduling). Results and the summary
    /// table keep the order the notebooks were given in.
    /// </summary>
    private static List<int> LongestFirst(IReadOnlyList<string> files)
    {
        var sizes = new long[files.Count];
        for (var i = 0; i < files.Count; i++)
        {
            sizes[i] = File.Exists(files[i]) ? new FileInfo(files[i]).Length : 0;
        }

        return [.. Enumerable.Range(0, files.Count).OrderByDescending(i => sizes[i]).ThenBy(i => i)];
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
