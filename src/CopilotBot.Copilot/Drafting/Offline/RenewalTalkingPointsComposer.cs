using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;

namespace CopilotBot.Copilot.Drafting.Offline;

/// <summary>
/// Talking points for a renewal conversation: lead with value realized against the success plan's baselines
/// and targets, then adoption wins, the risks to raise before the customer does, expansion and the asks.
/// </summary>
internal static class RenewalTalkingPointsComposer
{
    public static IReadOnlyList<DraftSection> Compose(AccountContext ctx)
    {
        var a = ctx.Account;
        var h = ctx.Health;
        var account = ctx.CiteAccount();
        var t = new DraftBuilder();
        var sit = ctx.Situation;
        var rightSize = sit.Has(Cause.BudgetOrPrice) || (sit.ShortRenewal && sit.Money.SeatsToRightSize(a.LicensedSeats) && sit.Troubled);
        var ask = rightSize
            ? $"agree the renewal scope by {Format.Date(a.RenewalDate)}: a right-size option rather than a discount on {Format.Money(a.Arr, a.Currency)}"
            : ctx.DaysToRenewal >= 0 ? $"renew by {Format.Date(a.RenewalDate)}, leading with the value below" : "close the overdue renewal, leading with the value below";
        Glance.Add(t, ctx, null, ask);

        t.Section("Value realized");
        if (sit.Money.RoiMultiple is { } roi)
        {
            t.Item($"Value to date: {Format.Money(sit.Money.OutcomeValue!.Value, a.Currency)} against {Format.Money(a.Arr, a.Currency)} ARR, a {Situation.Multiple(roi)} return.", [sit.Money.RoiCitation!, account]);
        }

        // Only goals met or on track are value; a missed goal is a risk, said under risks.
        foreach (var o in ctx.Data.Outcomes.Where(o => o.Status is OutcomeStatus.Achieved or OutcomeStatus.OnTrack).OrderBy(o => o.Status))
        {
            t.Item(ValueLine(o), ctx.Cite(o));
        }

        if (ctx.Data.Outcomes.Count == 0)
        {
            t.Item("There is no success plan on record: agree the two or three outcomes this renewal should be judged on before talking price.", account);
        }

        t.Section("Adoption wins");
        var usage = ctx.LatestUsage;
        var share = usage is null ? 0 : ctx.SeatShare(usage);
        if (usage is not null && share >= 70)
        {
            t.Item($"{usage.ActiveUsers} people used it in the week of {Format.Date(usage.WeekStart)}, {ctx.SeatShare(usage)}% of the {a.LicensedSeats} licensed seats{(usage.FeatureAdoptionPct is { } f ? $", with {Format.Number(f)}% of the key features in use" : "")}.", ctx.Cite(usage));
        }

        foreach (var signal in h.Signals)
        {
            t.Item(signal.Code == FlagCodes.Advocate ? $"They are an advocate: {signal.Description.TrimEnd('.')}." : $"Usage is at capacity: {signal.Description.TrimEnd('.')}.", ctx.CiteAll(signal.Evidence));
        }

        foreach (var s in ctx.Data.Surveys.Where(s => s.Date <= ctx.AsOf && (s.Type == SurveyType.Nps ? s.Score >= 9 : s.Score >= 4) && !ReadsNegative(s.Comment)).OrderByDescending(s => s.Date).Take(2))
        {
            t.Item($"Positive feedback: {s.Type.ToString().ToUpperInvariant()} {s.Score} on {Format.Date(s.Date)}{(string.IsNullOrWhiteSpace(s.Comment) ? "" : $" — \"{s.Comment.TrimEnd('.', '!')}\"")}.", ctx.Cite(s));
        }

        t.Section("Risks to address before they are raised");
        if (usage is not null && sit.Money.SeatsToRightSize(a.LicensedSeats))
        {
            t.Item($"Only {usage.ActiveUsers} of {a.LicensedSeats} seats are in use: {Format.Count(sit.Money.UnusedSeats, "seat")} unused, worth {Format.Money(sit.Money.UnusedValue, a.Currency)} a year. Raise it before they do.", [account, ctx.Cite(usage)]);
        }

        if (sit.Primary is { Likely: true } cause)
        {
            t.Item($"The likely cause of their doubts, {cause.Label}: say what is being done about it.", cause.Citations);
        }

        foreach (var flag in h.Flags.Where(f => f.Code != FlagCodes.RenewalAtRisk).Take(2))
        {
            t.Item($"{flag.Description.TrimEnd('.')}: name it first and say what is already being done about it.", ctx.CiteAll(flag.Evidence));
        }

        foreach (var tk in ctx.OpenTickets.Where(x => x.Priority is TicketPriority.P1 or TicketPriority.P2).Where(x => !h.Flags.Any(f => f.Evidence.Any(e => e.Source == SourceRef.Ticket(x.TicketId)))).Take(2))
        {
            t.Item($"{tk.TicketId} (\"{tk.Subject}\") is still open: bring the fix date or the workaround, not an apology.", ctx.Cite(tk));
        }

        foreach (var o in ctx.Data.Outcomes.Where(o => o.Status is OutcomeStatus.AtRisk or OutcomeStatus.Missed).Take(2))
        {
            t.Item($"\"{o.Goal}\" is {Format.Snake(o.Status.ToString()).Replace('_', ' ')}: acknowledge it and propose the recovery milestone.", ctx.Cite(o));
        }

        t.Section("Expansion opportunities");
        if (sit.Money.ExpansionSeats is { } more && sit.Money.ExpansionValue is { } worth)
        {
            t.Item($"They asked about {more} more seats: a quote worth {Format.Money(worth, a.Currency)} a year at today's {Format.Money(sit.Money.ArrPerSeat, a.Currency)} a seat.", [account]);
        }
        else if (ctx.HasSignal(FlagCodes.SeatExpansion))
        {
            t.Item($"Seats are nearly all in use: propose a seat increase above the {a.LicensedSeats} licensed today, sized on the teams still waiting.", [account, .. ctx.CiteAll(h.Signals.First(s => s.Code == FlagCodes.SeatExpansion).Evidence)]);
        }
        else if (h.Band == HealthBand.Green)
        {
            t.Item($"Healthy at {h.Score}/100: explore the next team or use case once the renewal is agreed.", account);
        }
        else if (!rightSize && sit.StagePlay() is { } play)
        {
            t.Item($"Next, as a {play}.", Plays.StageCitations(ctx));
        }

        t.Section("Asks");
        t.Item(rightSize
            ? $"Agree the scope before {Format.Date(a.RenewalDate)}: a right-size option they will use, not a discount on today's {Format.Money(a.Arr, a.Currency)}."
            : ctx.DaysToRenewal >= 0
            ? $"Renew the {Format.Money(a.Arr, a.Currency)} contract by {Format.Date(a.RenewalDate)}, {Format.Count(ctx.DaysToRenewal, "day")} from now."
            : $"Close the {Format.Money(a.Arr, a.Currency)} renewal that was due on {Format.Date(a.RenewalDate)}.", account);
        if (ctx.Sponsor is { } sponsor)
        {
            t.Item($"A short review with {sponsor.Name} to confirm next year's outcomes before the paperwork.", ctx.Cite(sponsor));
        }

        if (ctx.HasSignal(FlagCodes.Advocate) && !sit.Troubled)
        {
            t.Item("A reference call or case study on the outcomes they have achieved.", ctx.CiteAll(h.Signals.First(s => s.Code == FlagCodes.Advocate).Evidence));
        }

        ctx.AddPlaybookGuidance(t, "Playbook guidance");

        return t.Build();
    }

    private static readonly string[] s_negativeCues = ["workaround", "but ", "however", "not ", "n't", "unanswered", "slow", "nobody", "still", "paying for"];

    /// <summary>A comment that reads as a complaint, whatever its score: not to be quoted as praise.</summary>
    private static bool ReadsNegative(string? comment) =>
        comment is not null && s_negativeCues.Any(cue => comment.Contains(cue, StringComparison.OrdinalIgnoreCase));

    /// <summary>An outcome with its progress from baseline to target, as the customer would measure it.</summary>
    internal static string ValueLine(Outcome o)
    {
        var unit = Format.UnitSuffix(o.Unit);
        var status = Format.Snake(o.Status.ToString()).Replace('_', ' ');
        if (o is { Baseline: { } b, Current: { } c, Target: { } tg })
        {
            var progress = AccountContext.Progress(o);
            return $"\"{o.Goal}\": from {Format.Number(b)}{unit} to {Format.Number(c)}{unit} against a target of {Format.Number(tg)}{unit}, {progress}% of the way ({status}).";
        }

        return o.Current is { } current
            ? $"\"{o.Goal}\": now at {Format.Number(current)}{unit} ({status})."
            : $"\"{o.Goal}\" is {status}.";
    }
}
