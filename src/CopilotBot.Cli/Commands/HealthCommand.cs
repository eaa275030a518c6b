using System.CommandLine;
using CopilotBot.Cli.Rendering;
using CopilotBot.Core;
using CopilotBot.Core.Portfolio;

namespace CopilotBot.Cli.Commands;

/// <summary><c>copilot health ACCOUNT</c>: score, band, components, flags, trend, drag and evidence.</summary>
internal static class HealthCommand
{
    public static Command Create(GlobalOptions options, CliOutput output)
    {
        var account = new Argument<string>("ACCOUNT") { Description = "Account id or name (case and small typos forgiven)" };
        var command = new Command("health", "Explain an account's health score with its evidence") { account };
        command.SetSessionAction(options, output, async (parse, session, cancellationToken) =>
        {
            var portfolio = session.Get<PortfolioService>();
            var scope = await session.GetScopeAsync(cancellationToken).ConfigureAwait(false);
            var match = await portfolio.ResolveAccountAsync(scope, parse.GetRequiredValue(account), cancellationToken).ConfigureAwait(false);
            var report = await portfolio.GetHealthAsync(scope, match.AccountId, cancellationToken).ConfigureAwait(false)
                ?? throw new NotFoundException($"No account '{match.AccountId}' among yours.");
            if (session.Json)
            {
                CliJson.Write(output.Out, report);
            }
            else
            {
                HealthView.Write(output.Console, match, report);
            }

            return CopilotCli.Ok;
        });
        return command;
    }
}
