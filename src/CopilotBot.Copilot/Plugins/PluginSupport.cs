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

        turn.Tools?.Opened(data.Account.AccountId);
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

/// <summary>
/// An answer of the copilot's own (a draft, a portfolio list, a summary) as a tool result: its citations registered in
/// the turn's ledger, each with its excerpt and the checked items that cite it (they passed the groundedness check
/// against the full rows), so that the model's adaptation is checked against the same facts.
/// </summary>
public static class ToolAnswers
{
    /// <summary>The answer as a tool result; a refusal (an account missing or not the user's to see) as an error in its own words.</summary>
    public static object From(Draft answer, CopilotTurn turn)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(turn);
        if (answer.Refused)
        {
            return new PluginError(answer.Markdown.Trim());
        }

        if (answer.AccountId is { } accountId)
        {
            turn.Tools?.Opened(accountId);
        }

        if (turn.Tools is { } tools)
        {
            tools.LastAnswer = answer;
        }

        if (answer.Sections.Count == 0)
        {
            return new { message = answer.Markdown };
        }

        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var citation in answer.Citations)
        {
            var supporting = answer.Sections.SelectMany(s => s.Items).Where(i => i.Citations.Contains(citation.Id)).Select(i => i.Text);
            ids[citation.Id] = turn.Ledger.Cite(citation.Type, citation.Source, string.Join('\n', [citation.Excerpt, .. supporting]));
        }

        return new
        {
            title = DraftCatalogue.TitleOf(answer.Kind),
            accountId = answer.AccountId,
            sections = answer.Sections.Select(s => new
            {
                title = s.Title,
                items = s.Items.Select(i => new { text = i.Text, cites = i.Citations.Select(id => ids.GetValueOrDefault(id)).OfType<string>().ToList() }),
            }),
            sources = answer.Citations.Where(c => ids.ContainsKey(c.Id)).Select(c => new CitedFact(ids[c.Id], c.Source, c.Excerpt)),
        };
    }
}
