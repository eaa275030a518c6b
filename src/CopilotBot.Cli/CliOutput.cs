using Spectre.Console;

namespace CopilotBot.Cli;

/// <summary>Where a command writes: tables and colour for people, plain text for JSON and errors.</summary>
internal sealed record CliOutput(IAnsiConsole Console, TextWriter Out, TextWriter Error)
{
    /// <summary>Plain, colourless output into writers, as tests and pipes want it.</summary>
    public static CliOutput Plain(TextWriter output, TextWriter error) => new(
        AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        }),
        output,
        error);
}
