using Spectre.Console;

namespace ServingNotebooks.Tests;

/// <summary>
/// Shared by the notebook and book test projects (linked from tests/Shared): a Spectre console that writes plain text (no
/// colours, no ANSI, no wrapping) to a string, for assertions on what a command printed.
/// </summary>
internal static class PlainConsole
{
    public static (IAnsiConsole Console, StringWriter Text) Create()
    {
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(text),
        });
        console.Profile.Width = 500;
        return (console, text);
    }
}
