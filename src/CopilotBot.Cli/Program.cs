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
        return await CopilotCli.RunAsync(args, new CliOutput(AnsiConsole.Console, Console.Out, Console.Error), cancellation.Token);
    }
}
