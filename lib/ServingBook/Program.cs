using ServingBook;
using Spectre.Console;

var console = AnsiConsole.Console;
if (Console.IsOutputRedirected)
{
    // Logs and CI: one line per message, never wrapped at 80 columns.
    console.Profile.Width = 500;
}

return await Cli.InvokeAsync(args, console);
