using CopilotBot.Copilot.Drafting;
using CopilotBot.Copilot.Drafting.Offline;
using CopilotBot.Copilot.Grounding;
using CopilotBot.Copilot.Llm;
using CopilotBot.Copilot.Understanding;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;
using CopilotBot.Core.Portfolio;

namespace CopilotBot.Copilot.Handlers;

/// <summary>The summary of a book of business: the asker's own, a colleague's, or a team's with a line per CSM.</summary>
public sealed class PortfolioSummaries(DraftEngine engine)
{
    public async Task<Draft> SummaryAsync(User asker, User owner, CancellationToken cancellationToken)
    {
        var rows = await engine.Gateway.PortfolioOfAsync(asker, owner, cancellationToken).ConfigureAwait(false);
        if (rows is null)
        {
            return NotTheirsToSee(owner);
        }

        var ledger = new CitationLedger();
        var asOf = engine.Gateway.AsOf;
        var label = string.Equals(owner.Email, asker.Email, StringComparison.OrdinalIgnoreCase) ? "Your portfolio" : $"Portfolio of {owner.Name}";
        if (rows.Count == 0)
        {
            return DraftEngine.Message(Format.Kind(DraftKind.AccountSummary), DraftEngine.OfflineMode, $"{label}: no accounts yet.", refused: false);
        }

        var users = await engine.Gateway.UsersAsync(cancellationToken).ConfigureAwait(false);
        var sections = AccountSummaryComposer.ComposePortfolio(rows, asOf, ledger, users.ToDictionary(u => u.Email, u => u.Name, StringComparer.OrdinalIgnoreCase));
        var draft = DraftEngine.Finish(Format.Kind(DraftKind.AccountSummary), "Account summary", $"{label} · as of {Format.Date(asOf)} · {DraftEngine.OfflineMode}",
            null, DraftEngine.OfflineMode, sections, ledger, [.. users.Select(u => u.Name)], []);
        return draft with { PortfolioRows = rows };
    }

    /// <summary>The asker's accounts, or <paramref name="colleague"/>'s, that pass <paramref name="query"/>; a team's with a line per CSM.</summary>
    public async Task<Draft> AccountsAsync(User asker, User? colleague, PortfolioQuery query, CancellationToken cancellationToken)
    {
        var rows = colleague is null
            ? await engine.Gateway.PortfolioAsync(asker, cancellationToken).ConfigureAwait(false)
            : await engine.Gateway.PortfolioOfAsync(asker, colleague, cancellationToken).ConfigureAwait(false);
        if (rows is null)
        {
            return NotTheirsToSee(colleague!);
        }

        var users = await engine.Gateway.UsersAsync(cancellationToken).ConfigureAwait(false);
        return OfflineAnswers.Portfolio(rows, query, engine.Gateway.AsOf, DraftEngine.OfflineMode, colleague?.Name,
            users.ToDictionary(u => u.Email, u => u.Name, StringComparer.OrdinalIgnoreCase));
    }

    public static Draft NotTheirsToSee(User owner) => DraftEngine.Message(Format.Kind(DraftKind.AccountSummary), DraftEngine.OfflineMode,
        $"You can see your own portfolio and your team's; {owner.Name}'s is not among them.", refused: true);
}

/// <summary>"Which of my accounts renew this quarter and are red?", "why those 3?": the asker's (or a colleague's) accounts, filtered.</summary>
public sealed class PortfolioHandler(PortfolioSummaries summaries) : IAskHandler
{
    public AskIntent Intent => AskIntent.Portfolio;

    public Task<Draft> HandleAsync(AskTurn turn, CancellationToken cancellationToken) =>
        summaries.AccountsAsync(turn.User, turn.User.Role is UserRole.Manager or UserRole.Admin && turn.Understanding.Colleagues is [var one] ? one : null,
            turn.Understanding.Filters, cancellationToken);
}

/// <summary>
/// A manager's team: "how much ARR is at risk?", "which CSM has the most red accounts?", "how is alex doing?", "compare
/// Alex and Isaiah". One colleague named: their book; otherwise the asker's whole team with a line per CSM, which counts
/// each band already. A filter on a colleague's book ("which of isaiah's accounts are red", "grady's renewals before
/// march"), or any but a band on the team's ("who on my team has the most renewals next quarter?"), lists the accounts
/// that pass it, with a line per CSM.
/// </summary>
public sealed class TeamHandler(PortfolioSummaries summaries) : IAskHandler
{
    public AskIntent Intent => AskIntent.Team;

    public Task<Draft> HandleAsync(AskTurn turn, CancellationToken cancellationToken)
    {
        var colleague = turn.Understanding.Colleagues is [var one] ? one : null;
        var filters = turn.Understanding.Filters;
        return (colleague is null ? filters with { Bands = [] } : filters).IsEmpty
            ? summaries.SummaryAsync(turn.User, colleague ?? turn.User, cancellationToken)
            : summaries.AccountsAsync(turn.User, colleague, filters, cancellationToken);
    }
}

/// <summary>
/// "Anything I should worry about?", "what should I focus on today?": the asker's own priorities from their data:
/// renewals at risk soonest first, then critical flags on other accounts, then accounts gone quiet.
/// </summary>
public sealed class PrioritiesHandler(DraftEngine engine) : IAskHandler
{
    private const int MaxItems = 5;

    private static readonly HashSet<string> s_critical = [FlagCodes.ChampionLeft, FlagCodes.StaleP1, FlagCodes.UsageDrop, FlagCodes.Detractor];

    public AskIntent Intent => AskIntent.Priorities;

    public async Task<Draft> HandleAsync(AskTurn turn, CancellationToken cancellationToken)
    {
        var rows = await engine.Gateway.PortfolioAsync(turn.User, cancellationToken).ConfigureAwait(false);
        var asOf = engine.Gateway.AsOf;
        var ledger = new CitationLedger();
        ledger.AddDerived($"As of {Format.Date(asOf)}.");
        var b = new DraftBuilder();
        var renewals = rows
            .Where(r => r.Health.Band != HealthBand.Green && r.Account.RenewalDate >= asOf && r.Account.RenewalDate.DayNumber - asOf.DayNumber <= 90)
            .OrderBy(r => r.Account.RenewalDate).Take(MaxItems).ToList();
        b.Section("Renewals at risk, soonest first");
        foreach (var r in renewals)
        {
            b.Item($"**{r.Account.Name}** renews in {r.Account.RenewalDate.DayNumber - asOf.DayNumber} days ({Format.Date(r.Account.RenewalDate)}) {(r.Health.Scored ? "at " : "")}{Format.Score(r.Health)}, {Format.Money(r.Account.Arr, r.Account.Currency)} ARR{Why(r)}.",
                AccountContext.CitePortfolioRow(ledger, r, asOf));
        }

        if (renewals.Count == 0)
        {
            b.Item("No account that is not green renews in the next 90 days.");
        }

        var listed = renewals.Select(r => r.Account.AccountId).ToHashSet();
        var flagged = rows.Where(r => !listed.Contains(r.Account.AccountId) && r.Health.Flags.Any(f => s_critical.Contains(f.Code))).Take(MaxItems).ToList();
        if (flagged.Count > 0)
        {
            b.Section("Critical flags");
            foreach (var r in flagged)
            {
                b.Item($"**{r.Account.Name}**: {string.Join(", ", r.Health.Flags.Where(f => s_critical.Contains(f.Code)).Select(f => f.Code.Replace('_', ' ')))}, {Format.Score(r.Health)}.",
                    AccountContext.CitePortfolioRow(ledger, r, asOf));
            }
        }

        var title = renewals.Count + flagged.Count == 0 ? "Nothing urgent in your accounts." : $"{renewals.Count + flagged.Count} accounts need you first.";
        var draft = DraftEngine.Finish(OfflineAnswers.PortfolioKind, "Your priorities", title, null, DraftEngine.OfflineMode, b.Build(), ledger, [], []);
        return draft with { PortfolioRows = [.. renewals, .. flagged] };
    }

    private static string Why(PortfolioRow row) =>
        row.Health.Flags.Count == 0 ? "" : "; " + string.Join(", ", row.Health.Flags.Select(f => f.Code));
}

/// <summary>A how-to naming no account ("our champion just quit, what now?"): the playbooks' guidance, cited.</summary>
public sealed class GuidanceHandler(DraftEngine engine) : IAskHandler
{
    // Guidance quotes the best passages as they are.
    private const int Passages = 3;

    public AskIntent Intent => AskIntent.Guidance;

    public async Task<Draft> HandleAsync(AskTurn turn, CancellationToken cancellationToken)
    {
        var passages = await engine.GuidanceAsync(turn.Request.Question, Passages, cancellationToken).ConfigureAwait(false);
        return passages.Count == 0
            ? DraftEngine.Message(OfflineAnswers.AnswerKind, DraftEngine.OfflineMode, "I found nothing in the playbooks for that. Name an account to have its own data looked at.", refused: false)
            : DraftEngine.Guidance(passages);
    }
}
