using System.CommandLine;
using System.Globalization;
using ServingNotebooks.Grading;
using Spectre.Console;

namespace ServingBook;

/// <summary>
/// <c>servingbook release --output &lt;dir&gt; [--source notebooks]</c>: writes the student version of the instructor notebooks
/// (solution cells removed, outputs cleared, everything else unchanged) and copies <c>setup.dib</c>, <c>data/</c> and the
/// folder's other files beside them. Idempotent; refuses an output folder that is, is inside, or contains the source.
/// <c>servingbook release --student-copy &lt;dir&gt;</c>: the whole student copy of the workbook (<see cref="StudentCopy"/>):
/// projects, build files, tool manifest, released notebooks, a README and a .gitignore.
/// </summary>
public static class ReleaseCommand
{
    /// <summary>Creates the <c>release</c> subcommand.</summary>
    /// <param name="console">Where the command writes.</param>
    public static Command Create(IAnsiConsole console)
    {
        var output = new Option<string?>("--output", "-o") { Description = "The student notebooks folder to write (outside the source folder)." };
        var studentCopy = new Option<string?>("--student-copy")
        {
            Description = "Instead of --output: make a whole student copy of the workbook in this folder (libraries, setup command, kernel, tool manifest, released notebooks, README, .gitignore).",
        };
        var source = CommonOptions.Source("The instructor notebooks folder; default: the workbook's notebooks/.");
        var command = new Command("release", "Write the student notebooks (solution cells removed, outputs cleared), or a whole student copy of the workbook.")
        {
            output,
            studentCopy,
            source,
        };
        command.Validators.Add(result =>
        {
            var given = new[] { output, studentCopy }.Count(o => result.GetResult(o) is not null);
            if (given != 1)
            {
                result.AddError(given == 0
                    ? "release needs --output <folder> (the student notebooks) or --student-copy <folder> (a whole student copy)."
                    : "give either --output or --student-copy, not both: a student copy writes its notebooks into <folder>/notebooks itself.");
            }
        });
        command.SetAction(parse =>
        {
            var sourceDirectory = CommonOptions.SourceFolder(parse, source, console);
            if (sourceDirectory is null)
            {
                return 1;
            }

            return parse.GetValue(studentCopy) is { } copy
                ? ExecuteStudentCopy(Path.GetDirectoryName(Path.GetFullPath(sourceDirectory))!, copy, console)
                : Execute(sourceDirectory, parse.GetValue(output)!, console);
        });
        return command;
    }

    /// <summary>Makes a whole student copy and reports; returns the exit code (0: the copy was made and every notebook released).</summary>
    /// <param name="workbookRoot">The workbook's root folder (the notebooks folder's parent).</param>
    /// <param name="outputDirectory">The student copy's folder.</param>
    /// <param name="console">Where to write.</param>
    public static int ExecuteStudentCopy(string workbookRoot, string outputDirectory, IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        StudentCopyResult copy;
        try
        {
            copy = StudentCopy.Make(workbookRoot, outputDirectory);
        }
        catch (Exception e) when (e is ArgumentException or DirectoryNotFoundException or IOException or UnauthorizedAccessException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message.ReplaceLineEndings(" ")}");
            return 1;
        }

        var exit = Report(copy.Notebooks, Path.Combine(copy.Folder, "notebooks"), console);
        console.MarkupLineInterpolated($"Projects: {string.Join(", ", copy.Projects)}; README.md, .gitignore, .config/dotnet-tools.json");
        console.MarkupLineInterpolated($"Student copy: {copy.Folder}. Students run, in that folder: dotnet run --project lib/ServingNotebooks.Setup");
        return exit;
    }

    /// <summary>Releases and reports; returns the exit code (0: every notebook was released).</summary>
    /// <param name="sourceDirectory">The instructor notebooks folder.</param>
    /// <param name="outputDirectory">The student folder.</param>
    /// <param name="console">Where to write.</param>
    public static int Execute(string sourceDirectory, string outputDirectory, IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        IReadOnlyList<ReleasedNotebook> released;
        try
        {
            released = Release.Run(sourceDirectory, outputDirectory);
        }
        catch (Exception e) when (e is ArgumentException or DirectoryNotFoundException or IOException or UnauthorizedAccessException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message.ReplaceLineEndings(" ")}");
            return 1;
        }

        return Report(released, outputDirectory, console);
    }

    private static int Report(IReadOnlyList<ReleasedNotebook> released, string outputDirectory, IAnsiConsole console)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Notebook")
            .AddColumn(new TableColumn("Solution cells removed").RightAligned())
            .AddColumn(new TableColumn("Outputs cleared").RightAligned());
        foreach (var n in released)
        {
            table.AddRow(
                Markup.Escape(n.Notebook),
                n.Problem is null ? n.SolutionCells.ToString(CultureInfo.InvariantCulture) : "[red]not released[/]",
                n.Problem is null ? n.ClearedOutputs.ToString(CultureInfo.InvariantCulture) : "-");
        }

        console.Write(table);
        foreach (var n in released.Where(n => n.Problem is not null))
        {
            console.MarkupLineInterpolated($"[red]error:[/] {n.Notebook}: {n.Problem}");
        }

        foreach (var n in released.Where(n => n.Problem is null && n.SolutionCells == 0))
        {
            console.MarkupLineInterpolated($"[yellow]note:[/] {n.Notebook} has no cell tagged 'solution'; it was copied with outputs cleared");
        }

        console.MarkupLineInterpolated($"Student notebooks: {Path.GetFullPath(outputDirectory)}");
        return released.All(n => n.Problem is null) ? 0 : 1;
    }
}
