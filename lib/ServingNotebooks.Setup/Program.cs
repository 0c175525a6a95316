using System.CommandLine;
using ServingNotebooks.Setup;
using Spectre.Console;

// A student copy's setup: `dotnet run --project lib/ServingNotebooks.Setup` (the repository's `servingbook setup` is the same command).
var console = AnsiConsole.Console;
if (Console.IsOutputRedirected)
{
    console.Profile.Width = 500;
}

return await SetupCommand.Configure(new RootCommand(SetupCommand.Description), console).Parse(args).InvokeAsync();
