using CopilotBot.Copilot.Access;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Core.Domain;

namespace CopilotBot.Copilot.Plugins;

/// <summary>What every plugin does first: find the account for the turn's user, and cite what it returns.</summary>
public sealed class PluginSupport(AccountGateway gateway, CopilotTurnContext turns)
{
    public AccountGateway Gateway => gateway;

    public CopilotTurn Turn => turns.Require();

    /// <summary>The account as the user may see it, with a citing context; null when missing or forbidden alike.</summary>
    public async Task<AccountContext?> AccountAsync(string account, CancellationToken cancellationToken)
    {
        var turn = turns.Require();
        var data = await gateway.FindAccountAsync(turn.User, account, cancellationToken).ConfigureAwait(false);
        if (data is null)
        {
            return null;
        }

        var users = await gateway.UsersAsync(cancellationToken).ConfigureAwait(false);
        return new AccountContext(data, gateway.Health(data), gateway.AsOf, users, [], turn.Ledger);
    }

    /// <summary>The answer for a missing or forbidden account: the same words for both.</summary>
    public static PluginError NotFound(string account) => new($"No account matching '{account}' among the accounts you can see.");
}

/// <summary>A plugin's answer when it cannot answer.</summary>
public sealed record PluginError(string Error);

/// <summary>A fact with the citation id to use for it.</summary>
public sealed record CitedFact(string Cite, string Source, string Fact);
