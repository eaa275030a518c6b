using System.ComponentModel;
using CopilotBot.Copilot.Access;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Copilot.Handlers;
using CopilotBot.Copilot.Understanding;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;
using Microsoft.SemanticKernel;

namespace CopilotBot.Copilot.Plugins;

/// <summary>
/// The answers about many accounts, given by the same handlers as offline questions (portfolio lists with their
/// filters and renewal windows, a book's or a team's summary, the user's priorities), cited, for the asking user.
/// </summary>
public sealed class PortfolioAnswersPlugin(AskHandlers handlers, AccountGateway gateway, CopilotTurnContext turns)
{
    public const string PluginName = "portfolio";

    private static readonly string[] s_flags = [FlagCodes.ChampionLeft, FlagCodes.StaleP1, FlagCodes.UsageDrop, FlagCodes.NoSponsor,
        FlagCodes.Detractor, FlagCodes.SponsorNegative, FlagCodes.NoContact60Days, FlagCodes.RenewalAtRisk];

    private static readonly string[] s_signals = [FlagCodes.SeatExpansion, FlagCodes.Advocate];

    [KernelFunction("list_accounts"), Description("Lists the user's accounts (a manager may name one of their CSMs), worst health first, each cited with score, band, ARR, renewal date and flags. Filters combine: health bands, a renewal window, risk flags, opportunity signals, the largest N by ARR. Use it for any question about several accounts: which renew soon, which are red, who could expand, who lost a champion.")]
    public async Task<object> ListAccountsAsync(
        [Description("Health bands, comma-separated: red, yellow, green; empty for all")] string? bands = null,
        [Description("Only accounts renewing within this many days from today, e.g. 90; empty for any date")] int? renewingWithinDays = null,
        [Description("Risk flags, comma-separated, any of: champion_left, stale_p1, usage_drop, no_sponsor, detractor, sponsor_negative, no_contact_60d, renewal_at_risk")] string? flags = null,
        [Description("Opportunity signals, comma-separated, any of: seat_expansion (could buy more seats), advocate (reference or case study)")] string? signals = null,
        [Description("Only the N largest by ARR, e.g. 5")] int? topByArr = null,
        [Description("For managers: a CSM's name or e-mail whose accounts to list; empty for the user's own")] string? csm = null,
        CancellationToken cancellationToken = default)
    {
        var turn = turns.Require();
        var bandList = Split(bands);
        var unknownBand = bandList.FirstOrDefault(b => !Enum.TryParse<HealthBand>(b, ignoreCase: true, out _));
        var flagList = Split(flags);
        var signalList = Split(signals);
        var unknown = new[] { unknownBand }.Concat(flagList.Except(s_flags)).Concat(signalList.Except(s_signals)).OfType<string>().ToList();
        if (unknown.Count > 0)
        {
            return new PluginError($"Unknown filter value(s): {string.Join(", ", unknown)}. Bands: red, yellow, green; flags: {string.Join(", ", s_flags)}; signals: {string.Join(", ", s_signals)}.");
        }

        var asOf = gateway.AsOf;
        var days = renewingWithinDays is { } d ? Math.Clamp(d, 0, 3650) : (int?)null;
        var query = new PortfolioQuery(
            [.. bandList.Select(b => Enum.Parse<HealthBand>(b, ignoreCase: true))],
            days,
            days is { } n ? $"in the next {n} days" : null,
            days is { } m ? asOf.AddDays(m) : null)
        {
            Flags = flagList,
            Signals = signalList,
            LargestFirst = topByArr is { } top ? Math.Clamp(top, 1, PortfolioFilters.MaxListedAccounts) : null,
        };
        var colleague = await ColleagueAsync(csm, cancellationToken).ConfigureAwait(false);
        if (colleague is { Error: { } error })
        {
            return error;
        }

        var understanding = new AskUnderstanding(AskIntent.Portfolio, null, AccountReference.NoAccount)
        {
            Filters = query,
            Colleagues = colleague?.User is { } c ? [c] : [],
        };
        return await AnswerAsync(turn, understanding, cancellationToken).ConfigureAwait(false);
    }

    [KernelFunction("book_summary"), Description("Summary of a book of business: the user's own, a named colleague's, or for a manager the whole team's with a line per CSM: bands, ARR at risk, renewals in the next 90 days, where to step in. Use it for 'how is my team doing', 'how is Alex doing', 'how much ARR is at risk'.")]
    public async Task<object> BookSummaryAsync(
        [Description("A colleague's name or e-mail (a CSM of a manager's team); empty for the user's own book or team")] string? colleague = null,
        CancellationToken cancellationToken = default)
    {
        var turn = turns.Require();
        var named = await ColleagueAsync(colleague, cancellationToken).ConfigureAwait(false);
        if (named is { Error: { } error })
        {
            return error;
        }

        var understanding = new AskUnderstanding(AskIntent.Team, null, AccountReference.NoAccount) { Colleagues = named?.User is { } c ? [c] : [] };
        return await AnswerAsync(turn, understanding, cancellationToken).ConfigureAwait(false);
    }

    [KernelFunction("priorities"), Description("What the user should look at first across their own accounts: renewals at risk soonest first, then critical flags (champion left, stale P1, usage drop, detractor). Use it for 'anything I should worry about', 'what should I focus on'.")]
    public async Task<object> PrioritiesAsync(CancellationToken cancellationToken = default) =>
        await AnswerAsync(turns.Require(), new AskUnderstanding(AskIntent.Priorities, null, AccountReference.NoAccount), cancellationToken).ConfigureAwait(false);

    private async Task<object> AnswerAsync(CopilotTurn turn, AskUnderstanding understanding, CancellationToken cancellationToken)
    {
        var data = await gateway.LinkingDataAsync(turn.User, cancellationToken).ConfigureAwait(false);
        var answer = await handlers.For(understanding).HandleAsync(
            new AskTurn(new AskRequest(understanding.Describe(), turn.User.Email), turn.User, understanding, ConversationState.Empty, data),
            cancellationToken).ConfigureAwait(false);
        return ToolAnswers.From(answer, turn);
    }

    /// <summary>A colleague by e-mail, full name or first name; null when none was asked for.</summary>
    private async Task<(User? User, PluginError? Error)?> ColleagueAsync(string? name, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var text = name.Trim();
        var users = await gateway.UsersAsync(cancellationToken).ConfigureAwait(false);
        var found = users.FirstOrDefault(u => string.Equals(u.Email, text, StringComparison.OrdinalIgnoreCase) || string.Equals(u.Name, text, StringComparison.OrdinalIgnoreCase))
            ?? users.Where(u => string.Equals(u.Name.Split(' ')[0], text, StringComparison.OrdinalIgnoreCase)).Take(2).ToList() switch { [var one] => one, _ => null };
        return found is null ? (null, new PluginError($"No colleague matching '{text}'.")) : (found, null);
    }

    private static List<string> Split(string? list) =>
        [.. (list ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToLowerInvariant())];
}
