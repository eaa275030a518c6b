using Spectre.Console;

namespace CopilotBot.Cli;

internal static class CliProgram
{
    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        if (Console.IsOutputRedirected)
        {
            // Piped output has no terminal width; 80 columns would wrap every table row.
            AnsiConsole.Console.Profile.Width = 200;
        }

        return await CopilotCli.RunAsync(args, CliOutput.Of(AnsiConsole.Console, Console.Out, Console.Error), cancellation.Token);
    }
}
