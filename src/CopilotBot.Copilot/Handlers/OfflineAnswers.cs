using CopilotBot.Copilot.Drafting;
using CopilotBot.Copilot.Drafting.Offline;
using CopilotBot.Copilot.Grounding;
using CopilotBot.Copilot.Understanding;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;
using CopilotBot.Core.Portfolio;

namespace CopilotBot.Copilot.Handlers;

/// <summary>Direct answers to routed questions, cited like drafts and checked the same way.</summary>
internal static class OfflineAnswers
{
    public const string HelpKind = "help";
    public const string HealthKind = "health";
    public const string PortfolioKind = "portfolio";
    public const string AnswerKind = "answer";

    /// <summary>Accounts a portfolio answer names one by one; the card shows fewer (PortfolioCard.MaxRows).</summary>
    public const int MaxListedAccounts = PortfolioFilters.MaxListedAccounts;

    /// <summary>
    /// The rows that pass the query's filters, worst first; <paramref name="ownerName"/> names a colleague whose accounts
    /// these are. With <paramref name="csmNames"/>, rows of several CSMs (a team's) are also counted per CSM.
    /// </summary>
    public static Draft Portfolio(IReadOnlyList<PortfolioRow> all, PortfolioQuery query, DateOnly asOf, string mode, string? ownerName = null,
        IReadOnlyDictionary<string, string>? csmNames = null)
    {
        var whose = ownerName is null ? "your" : ownerName + "'s";
        var rows = all
            .Where(r => query.Bands.Count == 0 || query.Bands.Contains(r.Health.Band))
            .Where(r => query.RenewalBy is not { } by || (r.Account.RenewalDate >= (query.RenewalFrom ?? asOf) && r.Account.RenewalDate <= by))
            .Where(r => query.Signals.Count == 0 || r.Health.Signals.Any(s => query.Signals.Contains(s.Code)))
            .Where(r => query.Flags.Count == 0 || r.Health.Flags.Any(f => query.Flags.Contains(f.Code)))
            .Where(r => query.AccountIds.Count == 0 || query.AccountIds.Contains(r.Account.AccountId, StringComparer.OrdinalIgnoreCase))
            .ToList();
        if (query.AccountIds.Count > 0)
        {
            // The accounts asked of, in the order asked ("northwind, contoso, fabrikam"; the list "those 3" came from).
            var asked = query.AccountIds.Select((id, at) => (id, at)).DistinctBy(a => a.id, StringComparer.OrdinalIgnoreCase).ToDictionary(a => a.id, a => a.at, StringComparer.OrdinalIgnoreCase);
            rows = [.. rows.OrderBy(r => asked[r.Account.AccountId])];
        }

        if (query.LargestFirst is { } top)
        {
            rows = [.. rows.OrderByDescending(r => r.Account.Arr).ThenBy(r => r.Account.AccountId, StringComparer.Ordinal).Take(top)];
        }

        var ledger = new CitationLedger();
        ledger.AddDerived($"As of {Format.Date(asOf)}.");
        var b = new DraftBuilder().Section("Accounts");
        var filter = string.Join(" and ", new[]
        {
            query.WindowLabel is null ? null : $"renewing {query.WindowLabel}{(query.RenewalBy is { } by ? query.RenewalFrom is { } from ? $" ({Format.Date(from)} to {Format.Date(by)})" : $" (by {Format.Date(by)})" : "")}",
            query.Bands.Count == 0 ? null : "in " + string.Join(" or ", query.Bands.Select(Format.Band)),
            query.Signals.Count == 0 ? null : "showing " + string.Join(" or ", query.Signals.Select(s => "+" + s)),
            query.Flags.Count == 0 ? null : "flagged " + string.Join(" or ", query.Flags),
        }.OfType<string>());
        if (query.RenewalBy is { } renewalBy)
        {
            ledger.AddDerived($"Window {(query.RenewalFrom is { } start ? $"starts {Format.Date(start)} and " : "")}ends {Format.Date(renewalBy)}, {query.RenewalWithinDays} days.");
        }

        // A chat message is read, not scrolled: the worst accounts by name, the rest as counts by band.
        foreach (var r in rows.Take(MaxListedAccounts))
        {
            var a = r.Account;
            var days = a.RenewalDate.DayNumber - asOf.DayNumber;
            var id = AccountContext.CitePortfolioRow(ledger, r, asOf);
            var flags = r.Health.Flags.Count > 0 ? $"; flags: {string.Join(", ", r.Health.Flags.Select(f => f.Code))}" : "";
            flags += r.Health.Signals.Count > 0 ? $"; signals: {string.Join(", ", r.Health.Signals.Select(f => "+" + f.Code))}" : "";
            b.Item($"**{a.Name}** ({a.AccountId}): {Format.Score(r.Health)}, {Format.Money(a.Arr, a.Currency)} ARR, renews {Format.Date(a.RenewalDate)} ({(days >= 0 ? $"in {days} days" : $"{-days} days ago")}){flags}.", id);
        }

        if (csmNames is not null)
        {
            ByCsm(b, rows, asOf, ledger, csmNames);
        }

        var title = rows.Count == 0
            ? $"None of {whose} accounts {(filter.Length > 0 ? "are " + filter : "were found")}."
            : $"{rows.Count} of {whose} accounts{(filter.Length > 0 ? " " + filter : "")}{TotalArr(rows)}, {(query.LargestFirst is not null ? "largest ARR first" : query.AccountIds.Count > 0 ? "in the order asked" : "worst first")}.";
        if (rows.Count > MaxListedAccounts)
        {
            var rest = rows.Skip(MaxListedAccounts).ToList();
            var byBand = string.Join(", ", rest.GroupBy(r => r.Health.Band).OrderBy(g => g.Key).Select(g => $"{g.Count()} {Format.Band(g.Key)}"));
            title += $" The first {MaxListedAccounts} by name; the other {rest.Count}: {byBand}. Narrow the question (\"which of my accounts are red\", \"renewing this quarter\") to see them.";
        }

        var draft = DraftEngine.Finish(PortfolioKind, ownerName is null ? "Your accounts" : $"Accounts of {ownerName}", title, null, mode, b.Build(), ledger, [], []);
        return draft with { PortfolioRows = rows };
    }

    // "Who on my team has the most renewals next quarter?": the accounts that passed, counted per CSM, most first.
    private static void ByCsm(DraftBuilder b, IReadOnlyList<PortfolioRow> rows, DateOnly asOf, CitationLedger ledger, IReadOnlyDictionary<string, string> csmNames)
    {
        var byCsm = AccountSummaryComposer.PerCsm(rows, csmNames);
        if (byCsm.Count == 0) return;
        b.Section("By CSM");
        foreach (var (name, own) in byCsm.OrderByDescending(c => c.Rows.Count).ThenByDescending(c => c.Rows.Sum(r => r.Account.Arr)).Take(AccountSummaryComposer.MaxCsmLines))
        {
            var red = own.Count(r => r.Health.Band == HealthBand.Red);
            var line = $"{name}: {own.Count} account{(own.Count == 1 ? "" : "s")}, {Format.Money(own.Sum(r => r.Account.Arr), own[0].Account.Currency)} ARR{(red > 0 ? $", {red} red" : "")}.";
            ledger.AddDerived(line);
            b.Item(line, own.Take(3).Select(r => AccountContext.CitePortfolioRow(ledger, r, asOf)));
        }
    }

    /// <summary>An answer about one account: checked, cited and rendered like a draft.</summary>
    private static Draft AccountAnswer(AccountContext ctx, string title, DraftBuilder b, string mode) =>
        DraftEngine.Finish(AnswerKind, title, DraftEngine.Subtitle(ctx, mode), ctx.Account.AccountId, mode, b.Build(), ctx.Ledger, ctx.KnownPeople, []);

    // Amounts in different currencies do not add up: no total then.
    private static string TotalArr(List<PortfolioRow> rows) =>
        rows.Select(r => r.Account.Currency).Distinct(StringComparer.OrdinalIgnoreCase).Count() == 1
            ? $", {Format.Money(rows.Sum(r => r.Account.Arr), rows[0].Account.Currency)} ARR in all"
            : "";

    public static Draft Health(AccountContext ctx, bool why, string mode)
    {
        var h = ctx.Health;
        var b = new DraftBuilder().Section(why ? "Why the score moved" : "Health");
        var account = ctx.CiteAccount();
        var trend = h.Trend.Delta4Weeks is { } d ? $", {(d < 0 ? "down" : d > 0 ? "up" : "flat")}{(d != 0 ? $" {Math.Abs(d)} points" : "")} over 4 weeks (from {h.Trend.Score4WeeksAgo})" : "";
        b.Item($"{ctx.Account.Name} is {(h.Scored ? "at " : "")}{Format.Score(h)} as of {Format.Date(ctx.AsOf)}{trend}.", account);
        if (!h.Scored)
        {
            b.Item($"Not enough data to score it; collect {string.Join(", ", Format.ToCollect(h))}.", account);
        }
        if (h.Drag is { } drag && ctx.Component(drag) is { } c)
        {
            b.Item($"The biggest drag is {drag.ToString().ToLowerInvariant()}: {c.Explanation}", ctx.CiteAll(c.Evidence));
        }

        foreach (var flag in h.Flags)
        {
            b.Item(flag.Description, ctx.CiteAll(flag.Evidence));
        }

        if (!why)
        {
            b.Section("Components");
            foreach (var comp in h.Components.Where(c => !c.Missing))
            {
                b.Item($"{comp.Component}: {Math.Round(comp.Score ?? 0)} ({comp.Explanation.TrimEnd('.')}).", ctx.CiteAll(comp.Evidence, 2));
            }
        }

        var draft = DraftEngine.Finish(HealthKind, $"Health of {ctx.Account.Name}", DraftEngine.Subtitle(ctx, mode), ctx.Account.AccountId, mode, b.Build(), ctx.Ledger, ctx.KnownPeople, []);
        return draft with { Health = h };
    }

    public static Draft Renewal(AccountContext ctx, string mode)
    {
        var a = ctx.Account;
        var b = new DraftBuilder().Section("Renewal");
        b.Item($"{a.Name} renews on {Format.Date(a.RenewalDate)} ({ctx.RenewalDistance} as of {Format.Date(ctx.AsOf)}), for {Format.Money(a.Arr, a.Currency)} ARR; health is {Format.Score(ctx.Health)}.", ctx.CiteAccount());
        if (ctx.Health.Flags.FirstOrDefault(f => f.Code == FlagCodes.RenewalAtRisk) is { } risk)
        {
            b.Item(risk.Description, ctx.CiteAll(risk.Evidence));
        }

        return AccountAnswer(ctx, $"Renewal of {a.Name}", b, mode);
    }

    public static Draft Stakeholders(AccountContext ctx, string mode)
    {
        var b = new DraftBuilder().Section("Stakeholders");
        foreach (var c in ctx.Data.Contacts.OrderBy(c => c.Status).ThenBy(c => c.Role))
        {
            var role = c.Role is { } r ? Format.Role(r) : "contact";
            var status = c.Status == ContactStatus.Left ? $" (left{(c.LeftDate is { } left ? " " + Format.Date(left) : "")})" : "";
            // "Who haven't we talked to?" is answered by the dates.
            var contact = c.Status == ContactStatus.Left ? ""
                : c.LastContactDate is { } last ? $", last contact {Format.Date(last)} ({ctx.DaysBefore(last)} days ago)"
                : ", no contact on record";
            b.Item($"{c.Name}{(c.Title is null ? "" : ", " + c.Title)}: {role}{status}{(c.Sentiment is { } s ? $", {Format.Snake(s.ToString())}" : "")}{contact}.", ctx.Cite(c));
        }

        if (ctx.Data.Contacts.Count == 0)
        {
            b.Item("No contacts are on record for this account.", ctx.CiteAccount());
        }

        return AccountAnswer(ctx, $"Stakeholders at {ctx.Account.Name}", b, mode);
    }

    public static Draft Outcomes(AccountContext ctx, string mode)
    {
        var b = new DraftBuilder().Section("Goals");
        foreach (var o in ctx.Data.Outcomes.OrderBy(o => o.Status))
        {
            b.Item(RenewalTalkingPointsComposer.ValueLine(o), ctx.Cite(o));
        }

        if (ctx.Data.Outcomes.Count == 0)
        {
            b.Item("No success plan is on record: agree two or three measurable outcomes with the sponsor, so that value can be shown at renewal.", ctx.CiteAccount());
        }

        return AccountAnswer(ctx, $"Goals of {ctx.Account.Name}", b, mode);
    }

    /// <summary>Timeline entries an answer about recent activity lists.</summary>
    public const int ActivityShown = 6;

    public static Draft Activity(AccountContext ctx, string mode)
    {
        var b = new DraftBuilder().Section("Recent activity");
        var recent = ctx.Timeline.Take(ActivityShown).ToList();
        foreach (var i in recent)
        {
            b.Item($"{Format.Date(i.Date)} ({ctx.DaysBefore(i.Date)} days ago), {Format.Snake(i.Type.ToString())}{(i.AuthorEmail is null ? "" : $" ({ctx.UserName(i.AuthorEmail)})")}: {PreCallBriefComposer.Summary(i.Summary)}", ctx.Cite(i));
        }

        if (recent.Count == 0)
        {
            b.Item("No interaction is on record for this account.", ctx.CiteAccount());
        }

        return AccountAnswer(ctx, $"Recent activity at {ctx.Account.Name}", b, mode);
    }

    /// <summary>How far back an answer about feedback looks.</summary>
    public const int FeedbackDays = 365;

    public static Draft Feedback(AccountContext ctx, string mode)
    {
        var b = new DraftBuilder().Section("Feedback");
        var since = ctx.AsOf.AddDays(-FeedbackDays);
        var surveys = ctx.Data.Surveys.Where(s => s.Date <= ctx.AsOf && s.Date > since).OrderByDescending(s => s.Date).ToList();
        foreach (var s in surveys)
        {
            var who = ctx.ContactName(s.ContactId) is { } name ? $" from {name}" : "";
            var comment = string.IsNullOrWhiteSpace(s.Comment) ? "" : $": \"{s.Comment.TrimEnd('.', '!')}\"";
            b.Item($"{s.Type.ToString().ToUpperInvariant()} {s.Score}{who} on {Format.Date(s.Date)}{comment}.", ctx.Cite(s));
        }

        if (surveys.Count == 0)
        {
            b.Item($"No survey answer in the last {FeedbackDays} days.", ctx.CiteAccount());
        }

        if (ctx.Health.Flags.FirstOrDefault(f => f.Code == FlagCodes.Detractor) is { } detractor)
        {
            b.Item(detractor.Description, ctx.CiteAll(detractor.Evidence));
        }

        return AccountAnswer(ctx, $"Feedback from {ctx.Account.Name}", b, mode);
    }

    /// <summary>Weeks of active users an answer about usage lists.</summary>
    public const int UsageWeeksShown = 8;

    public static Draft Usage(AccountContext ctx, string mode)
    {
        var a = ctx.Account;
        var b = new DraftBuilder().Section("Usage");
        var weeks = ctx.Data.Usage.Where(u => u.WeekStart <= ctx.AsOf).OrderBy(u => u.WeekStart).TakeLast(UsageWeeksShown).ToList();
        if (weeks.Count == 0)
        {
            b.Item("No usage is on record for this account.", ctx.CiteAccount());
        }
        else
        {
            var latest = weeks[^1];
            b.Item($"{latest.ActiveUsers} active users in the week of {Format.Date(latest.WeekStart)}, {ctx.SeatShare(latest)}% of the {a.LicensedSeats} licensed seats{(latest.FeatureAdoptionPct is { } f ? $"; {Format.Number(f)}% of the key features in use" : "")}.",
                ctx.CiteAccount(), ctx.Cite(latest));
            b.Item($"Active users week by week from {Format.Date(weeks[0].WeekStart)}: {string.Join(", ", weeks.Select(w => w.ActiveUsers))}.",
                [.. weeks.Select(ctx.Cite)]);
        }

        if (a.Products.Count > 0)
        {
            b.Item($"Products: {string.Join(", ", a.Products)}, on {a.LicensedSeats} licensed seats.", ctx.CiteAccount());
        }

        if (ctx.Health.Flags.FirstOrDefault(f => f.Code == FlagCodes.UsageDrop) is { } drop)
        {
            b.Item(drop.Description, ctx.CiteAll(drop.Evidence));
        }

        if (ctx.Health.Signals.FirstOrDefault(f => f.Code == FlagCodes.SeatExpansion) is { } expansion)
        {
            b.Item(expansion.Description, ctx.CiteAll(expansion.Evidence));
        }

        return AccountAnswer(ctx, $"Usage at {a.Name}", b, mode);
    }

    public static Draft Tickets(AccountContext ctx, string mode)
    {
        var b = new DraftBuilder().Section("Open tickets");
        foreach (var t in ctx.OpenTickets)
        {
            b.Item($"{t.TicketId} ({t.Priority}, opened {Format.Date(t.OpenedDate)}): {t.Subject}.", ctx.Cite(t));
        }

        if (!ctx.OpenTickets.Any())
        {
            b.Item("No open tickets.", ctx.CiteAccount());
        }

        return AccountAnswer(ctx, $"Support at {ctx.Account.Name}", b, mode);
    }
}
