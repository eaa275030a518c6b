using System.CommandLine;
using CopilotBot.Cli.Commands;
using CopilotBot.Core;

namespace CopilotBot.Cli;

/// <summary>
/// The <c>copilot</c> command line. Exit status: 0 ok, 1 failure, 2 bad input, 3 not found, 4 access denied.
/// </summary>
internal static class CopilotCli
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadInput = 2;

    public static async Task<int> RunAsync(string[] args, CliOutput output, CancellationToken cancellationToken = default)
    {
        var options = new GlobalOptions();
        var root = new RootCommand("CopilotBot: customer-success copilot over your portfolio and playbooks.");
        options.AddTo(root);
        foreach (var command in CliCommands.All(options, output))
        {
            root.Subcommands.Add(command);
        }

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await output.Error.WriteLineAsync(error.Message).ConfigureAwait(false);
            }

            await output.Error.WriteLineAsync("Run 'copilot --help' for usage.").ConfigureAwait(false);
            return BadInput;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                Output = output.Out,
                Error = output.Error,
                EnableDefaultExceptionHandler = false,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (CopilotException error)
        {
            await output.Error.WriteLineAsync(error.Message).ConfigureAwait(false);
            return error.ExitCode;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            // The data folder or the store cannot be used (a file where the folder should be, no permission, a
            // database refusing the login): a message, not a stack trace.
            await output.Error.WriteLineAsync($"The data store cannot be used: {error.Message}").ConfigureAwait(false);
            return Failure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await output.Error.WriteLineAsync("Cancelled.").ConfigureAwait(false);
            return Failure;
        }
    }
}
