using System.CommandLine;
using CopilotBot.Core.Alerts;

namespace CopilotBot.Cli.Commands;

/// <summary><c>copilot digest --as EMAIL</c>: the weekly digest the bot would send that user (a dry run), as markdown.</summary>
internal static class DigestCommand
{
    public static Command Create(GlobalOptions options, CliOutput output)
    {
        var command = new Command("digest", "Print the weekly digest of the user (--as): a manager's team or a CSM's accounts");
        command.SetSessionAction(options, output, async (parse, session, cancellationToken) =>
        {
            var scope = await session.GetScopeAsync(cancellationToken).ConfigureAwait(false);
            var digest = await session.Get<DigestBuilder>().BuildAsync(scope, cancellationToken).ConfigureAwait(false);
            if (session.Json)
            {
                CliJson.Write(output.Out, digest);
            }
            else
            {
                output.Out.Write(DigestMarkdown.Render(digest));
            }

            return CopilotCli.Ok;
        });
        return command;
    }
}
