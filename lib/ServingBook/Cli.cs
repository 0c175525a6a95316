using System.CommandLine;
using Spectre.Console;

namespace ServingBook;

/// <summary>
/// The <c>servingbook</c> command line: one subcommand per file (<see cref="RunCommand"/>, …); add a subcommand by adding
/// its <c>Create</c> to <see cref="Build"/>, and build its options that other commands have too (<c>--output</c>,
/// <c>--source</c>, timeouts, <c>--parallel</c>, <c>--exercises</c>) with <see cref="CommonOptions"/>.
/// </summary>
public static class Cli
{
    /// <summary>The exit code for a command line that does not parse.</summary>
    public const int UsageError = 2;

    /// <summary>The root command with every subcommand.</summary>
    /// <param name="console">Where the commands write tables, progress and errors.</param>
    public static RootCommand Build(IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        return new RootCommand("servingbook: set up a machine for the serving-math workbook, run its notebooks headless, render them as a book, release student notebooks, grade a class.")
        {
            RunCommand.Create(console),
            BookCommand.Create(console),
            ReleaseCommand.Create(console),
            GradeCommand.Create(console),
            ServingNotebooks.Setup.SetupCommand.Create(console),
            GradescopeCommand.Create(console),
            ClassroomCommand.Create(console),
        };
    }

    /// <summary>Parses <paramref name="args"/> and runs the command; returns the process exit code.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="console">Where the commands write.</param>
    /// <param name="output">Where help and version text go (default: standard output).</param>
    /// <param name="error">Where parse errors go (default: standard error).</param>
    /// <param name="cancellationToken">Stops the command.</param>
    public static async Task<int> InvokeAsync(
        string[] args,
        IAnsiConsole console,
        TextWriter? output = null,
        TextWriter? error = null,
        CancellationToken cancellationToken = default)
    {
        var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
        if (output is not null)
        {
            configuration.Output = output;
        }

        if (error is not null)
        {
            configuration.Error = error;
        }

        try
        {
            var parse = Build(console).Parse(args);
            if (parse.Errors.Count > 0)
            {
                // One line per mistake instead of the full help text.
                foreach (var mistake in parse.Errors)
                {
                    console.MarkupLineInterpolated($"[red]error:[/] {mistake.Message}");
                }

                console.MarkupLine("See [bold]servingbook --help[/].");
                return UsageError;
            }

            return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            console.MarkupLine("[red]error:[/] cancelled");
            return 130;
        }
        catch (Exception e)
        {
            // One line, never a stack trace.
            console.MarkupLineInterpolated($"[red]error:[/] {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
            return 1;
        }
    }
}
