using Spectre.Console;

namespace ShareKey.KeyService.Cli;

/// <summary>Spectre consoles over an injected writer: colours and live displays only on a real terminal.</summary>
public static class Consoles
{
    /// <summary>Wide enough that piped tables and test captures keep one row per line.</summary>
    private const int PipeWidth = 240;

    public static IAnsiConsole Over(TextWriter writer)
    {
        var terminal = ReferenceEquals(writer, System.Console.Out) && !System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal && !System.Console.IsInputRedirected ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!terminal)
        {
            console.Profile.Width = PipeWidth;
        }

        return console;
    }
}
