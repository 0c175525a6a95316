using System.CommandLine;
using Spectre.Console;

namespace ServingNotebooks.Setup;

/// <summary>
/// <c>setup [--check] [--workbook folder]</c>: prepares this machine for the workbook's notebooks and ends with what to open
/// and how. Used by <c>servingbook setup</c> and by a student copy's <c>dotnet run --project lib/ServingNotebooks.Setup</c>.
/// Exit code 0 when every step is in place, 1 when one failed (its line says how to fix it).
/// </summary>
public static class SetupCommand
{
    /// <summary>What the command does, for its help text.</summary>
    public const string Description = "Set up this machine for the notebooks: SDK, library, the workbook's C# kernel for Jupyter (no HTTP listener), offline NuGet cache; then say what to open.";

    /// <summary>Creates the <c>setup</c> subcommand.</summary>
    /// <param name="console">Where the command writes.</param>
    public static Command Create(IAnsiConsole console) => Configure(new Command("setup", Description), console);

    /// <summary>Adds setup's options and action to <paramref name="command"/> (a subcommand, or a student copy's root command).</summary>
    /// <param name="command">The command to configure.</param>
    /// <param name="console">Where the command writes.</param>
    public static Command Configure(Command command, IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(command);
        var check = new Option<bool>("--check")
        {
            Description = "Only report what is in place; build, restore, register and start nothing.",
        };
        var workbook = new Option<string?>("--workbook", "-w")
        {
            Description = "The workbook folder (default: the folder with notebooks/setup.dib and .config/dotnet-tools.json here or above).",
        };
        command.Options.Add(check);
        command.Options.Add(workbook);
        command.SetAction((parse, cancellationToken) =>
        {
            var folder = parse.GetValue(workbook);
            var found = folder is null ? Workbook.Find(Environment.CurrentDirectory) ?? Workbook.Find(AppContext.BaseDirectory) : Workbook.Find(folder);
            if (found is null)
            {
                console.MarkupLineInterpolated($"[red]error:[/] no workbook in {folder ?? Environment.CurrentDirectory} or above (a folder with notebooks/setup.dib and .config/dotnet-tools.json); run setup inside the workbook or name it with --workbook");
                return Task.FromResult(1);
            }

            return ExecuteAsync(new SetupOptions(found, parse.GetValue(check), Environment.GetEnvironmentVariable), console, cancellationToken);
        });
        return command;
    }

    /// <summary>Runs setup, printing each step as it ends, then what to open; returns the exit code.</summary>
    /// <param name="options">What to do.</param>
    /// <param name="console">Where to write.</param>
    /// <param name="cancellationToken">Stops setup.</param>
    public static async Task<int> ExecuteAsync(SetupOptions options, IAnsiConsole console, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(console);
        console.MarkupLineInterpolated($"[bold]Workbook setup{(options.CheckOnly ? " (check only)" : string.Empty)}[/]: {options.Workbook.Root}");
        if (options.Progress is null)
        {
            options = options with { Progress = what => console.MarkupLineInterpolated($"  [grey]… {what}[/]") };
        }

        var steps = await WorkbookSetup.RunAsync(options, step => Show(console, step), cancellationToken).ConfigureAwait(false);
        var failed = steps.Where(s => s.Status == StepStatus.Failed).ToList();
        if (failed.Count > 0)
        {
            console.MarkupLine(options.CheckOnly ? "[red]Not ready.[/] Fix the lines marked ✘:" : "[red]Setup did not finish.[/] Fix the lines marked ✘:");
            foreach (var step in failed)
            {
                console.MarkupLineInterpolated($"  [red]{step.Name}:[/] {step.Fix}");
            }

            return 1;
        }

        var changed = steps.Count(s => s.Status == StepStatus.Changed);
        console.MarkupLine(changed == 0 ? "[green]Ready[/]: nothing needed changing." : $"[green]Ready[/]: {changed} step(s) changed something.");
        console.Write(new Panel(new Markup(WhatToOpen(options.Workbook)))
            .Header("What to open")
            .Border(BoxBorder.Rounded));
        return 0;
    }

    /// <summary>The closing instructions: VS Code with the Jupyter extension, or Jupyter Notebook/Lab, and the kernel to pick.</summary>
    /// <param name="workbook">The workbook set up.</param>
    public static string WhatToOpen(Workbook workbook)
    {
        ArgumentNullException.ThrowIfNull(workbook);
        var notebooks = Markup.Escape(workbook.Notebooks);
        return $"""
            Open [bold]{notebooks}/01-littles-law.ipynb[/] and run the cells from the top; the kernel is [bold]{KernelSpec.DisplayName}[/].
            • [bold]VS Code[/] with Microsoft's [bold]Jupyter[/] extension: File → Open Folder… {notebooks}, open a notebook,
              "Select Kernel" → "Jupyter Kernel…" → {KernelSpec.DisplayName}.
            • [bold]Jupyter Notebook or JupyterLab[/]: [bold]cd {notebooks}[/] and run [bold]jupyter notebook[/] (or [bold]jupyter lab[/]).
            The Polyglot Notebooks extension is deprecated and not needed (it still works if you have it).
            After rebuilding the library, restart the kernel.
            """;
    }

    private static void Show(IAnsiConsole console, SetupStep step)
    {
        var (mark, color) = step.Status switch
        {
            StepStatus.Ok => ("✔", "green"),
            StepStatus.Changed => ("✔", "yellow"),
            StepStatus.Warning => ("!", "yellow"),
            _ => ("✘", "red"),
        };
        console.MarkupLineInterpolated($"[{color}]{mark}[/] [bold]{step.Name}[/]: {step.Detail}");
        if (step.Status == StepStatus.Warning && step.Fix is not null)
        {
            console.MarkupLineInterpolated($"  {step.Fix}");
        }
    }
}
