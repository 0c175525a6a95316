using ServingBook;
using Spectre.Console;

// First, before anything is JIT-compiled: the methods the last run of this subcommand compiled start compiling now.
JitProfile.Start(args, Environment.GetEnvironmentVariable(JitProfile.SwitchVariable));
var console = AnsiConsole.Console;
if (Console.IsOutputRedirected)
{
    // Logs and CI: one line per message, never wrapped at 80 columns.
    console.Profile.Width = 500;
}

return await Cli.InvokeAsync(args, console);
