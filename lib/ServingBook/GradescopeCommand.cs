using System.CommandLine;
using ServingNotebooks.Grading;
using ServingNotebooks.Grading.Platforms;
using Spectre.Console;

namespace ServingBook;

/// <summary>
/// <c>servingbook gradescope build --output autograder.zip</c> makes the autograder bundle for a Gradescope programming
/// assignment; <c>servingbook gradescope run --root /autograder</c> is what the bundle's <c>run_autograder</c> calls for each
/// submission (it grades <c>&lt;root&gt;/submission/</c> and writes <c>&lt;root&gt;/results/results.json</c>).
/// </summary>
public static class GradescopeCommand
{
    /// <summary>Creates the <c>gradescope</c> command and its subcommands.</summary>
    /// <param name="console">Where the commands write.</param>
    public static Command Create(IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        return new Command("gradescope", "Grade on Gradescope: build the autograder bundle; grade one submission inside Gradescope's container.")
        {
            Build(console),
            Run(console),
        };
    }

    private static Option<string> Visibility() => new("--hidden-visibility")
    {
        Description = "When students see the tests that use hidden cases: hidden, after_due_date, after_published or visible (Gradescope's values).",
        DefaultValueFactory = _ => "after_published",
        CustomParser = result =>
        {
            var value = result.Tokens.Count == 1 ? result.Tokens[0].Value : "after_published";
            if (!GradescopeResults.Visibilities.Contains(value))
            {
                result.AddError($"--hidden-visibility must be one of {string.Join(", ", GradescopeResults.Visibilities)}, not '{value}'.");
            }

            return value;
        },
    };

    private static Command Build(IAnsiConsole console)
    {
        var output = new Option<string>("--output", "-o")
        {
            Description = "The autograder zip to write.",
            DefaultValueFactory = _ => "autograder.zip",
        };
        var workbook = new Option<string?>("--workbook", "-w")
        {
            Description = "The instructor's workbook (with lib/ and notebooks/); default: the one around the current folder.",
        };
        var visibility = Visibility();
        var exercises = CommonOptions.Exercises("Exercises to grade, e.g. 1-5 or 1,2,7 (default: those whose notebook is in the workbook).");
        var timeout = CommonOptions.Seconds("--timeout", "Per-cell timeout in seconds run_autograder grades with (a Gradescope container may have half a core).", GradeCommand.DefaultCellTimeoutSeconds, "-t");
        var notebookTimeout = CommonOptions.Seconds("--notebook-timeout", "Per-notebook timeout in seconds run_autograder grades with (kernel start included).", GradeCommand.DefaultNotebookTimeoutSeconds);
        var command = new Command("build", "Write the Gradescope autograder zip: setup.sh, run_autograder and the workbook with solutions removed.")
        {
            output,
            workbook,
            visibility,
            exercises,
            timeout,
            notebookTimeout,
        };
        command.SetAction(parse =>
        {
            var root = parse.GetValue(workbook) ?? (NotebookFiles.FindNotebooksFolder(Environment.CurrentDirectory) is { } notebooks ? Path.GetDirectoryName(notebooks) : null);
            if (root is null)
            {
                console.MarkupLine("[red]error:[/] no workbook here or in a parent folder (a folder with lib/ and notebooks/); give it with --workbook");
                return 1;
            }

            try
            {
                var report = GradescopeBundle.Build(root, parse.GetValue(output)!, new GradescopeBundleOptions
                {
                    HiddenCaseVisibility = parse.GetValue(visibility)!,
                    Exercises = parse.GetValue(exercises) is { } list ? string.Join(',', list.Select(e => e.Number)) : null,
                    CellTimeoutSeconds = parse.GetValue(timeout),
                    NotebookTimeoutSeconds = parse.GetValue(notebookTimeout),
                });
                var size = new FileInfo(report.Zip).Length;
                console.MarkupLineInterpolated($"Gradescope autograder: {report.Zip} ({size / 1024} KiB, {report.Entries.Count} files, {report.Notebooks.Count} notebooks released without solutions).");
                console.MarkupLine("Upload it under the assignment's Configure Autograder (Ubuntu 22.04 base image); see docs/platforms.md, 'Gradescope'.");
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Command Run(IAnsiConsole console)
    {
        var root = new Option<string>("--root")
        {
            Description = "Gradescope's autograder folder (submission/ in, results/results.json out).",
            DefaultValueFactory = _ => "/autograder",
        };
        var source = new Option<string?>("--source", "-s")
        {
            Description = "The notebooks folder of the autograder's workbook; default: <root>/source/workbook/notebooks.",
        };
        var visibility = Visibility();
        var exercises = CommonOptions.Exercises("Exercises to grade, e.g. 1-5 or 1,2,7 (default: those whose notebook is in the autograder's workbook).");
        var timeout = CommonOptions.Seconds("--timeout", "Per-cell timeout in seconds.", GradeCommand.DefaultCellTimeoutSeconds, "-t");
        var notebookTimeout = CommonOptions.Seconds("--notebook-timeout", "Per-notebook timeout in seconds (kernel start included).", GradeCommand.DefaultNotebookTimeoutSeconds);
        var sandbox = new Option<SandboxMode>("--sandbox")
        {
            Description = "auto (default): bubblewrap when it can make its namespaces in this container, else none (the container is the submission's sandbox); bwrap; none.",
            DefaultValueFactory = _ => SandboxMode.Auto,
        };
        var command = new Command("run", "Grade <root>/submission/ and write <root>/results/results.json (what run_autograder calls).")
        {
            root,
            source,
            visibility,
            exercises,
            timeout,
            notebookTimeout,
            sandbox,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var rootFolder = Path.GetFullPath(parse.GetValue(root)!);
            var sourceFolder = parse.GetValue(source) ?? Path.Combine(rootFolder, "source", "workbook", "notebooks");
            var options = new GradingOptions
            {
                OutputDirectory = Path.Combine(rootFolder, "work", "grades"),
                SourceDirectory = sourceFolder,
                Exercises = parse.GetValue(exercises) ?? CommonOptions.Released(sourceFolder),
                CellTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
                NotebookTimeout = TimeSpan.FromSeconds(parse.GetValue(notebookTimeout)),
                Parallelism = 1,
                MemoryLimitBytes = GradingOptions.DefaultMemoryLimitBytes(1),
                Sandbox = GradescopeAutograder.ChooseSandbox(parse.GetValue(sandbox)),
            };
            if (options.Sandbox == SandboxMode.None)
            {
                console.MarkupLine("note: notebooks run without bubblewrap (it cannot make namespaces in this container, or --sandbox none); Gradescope's container holds only this submission.");
            }

            var (results, grade) = await GradescopeAutograder.RunAsync(rootFolder, options, parse.GetValue(visibility)!, cancellationToken).ConfigureAwait(false);

            // Standard output is for the instructor only (stdout_visibility hidden): the score and each test in one line.
            console.MarkupLineInterpolated($"{grade?.Student ?? "submission"}: {CsvText.Number(results.Score)} in {results.ExecutionTime} s; results.json written");
            foreach (var test in results.Tests)
            {
                console.MarkupLineInterpolated($"  {test.Name}: {CsvText.Number(test.Score)} / {CsvText.Number(test.MaxScore)}");
            }

            return 0;
        });
        return command;
    }
}
