using System.CommandLine;
using System.Globalization;
using ServingNotebooks.Grading;
using Spectre.Console;

namespace ServingBook;

/// <summary>
/// <c>servingbook release --output &lt;dir&gt; [--source notebooks]</c>: writes the student version of the instructor notebooks
/// (solution cells removed, outputs cleared, everything else unchanged) and copies <c>setup.dib</c>, <c>data/</c> and the
/// folder's other files beside them. Idempotent; refuses an output folder that is, is inside, or contains the source.
/// </summary>
public static class ReleaseCommand
{
    /// <summary>Creates the <c>release</c> subcommand.</summary>
    /// <param name="console">Where the command writes.</param>
    public static Command Create(IAnsiConsole console)
    {
        var output = CommonOptions.Output("The student notebooks folder to write (outside the source folder).", defaultFolder: null);
        var source = CommonOptions.Source("The instructor notebooks folder; default: the workbook's notebooks/.");
        var command = new Command("release", "Write the student notebooks: solution cells removed, outputs cleared.")
        {
            output,
            source,
        };
        command.SetAction(parse =>
        {
            var sourceDirectory = CommonOptions.SourceFolder(parse, source, console);
            return sourceDirectory is null ? 1 : Execute(sourceDirectory, parse.GetValue(output)!, console);
        });
        return command;
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
