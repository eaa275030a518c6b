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

        t.Section("Value realized");
        foreach (var o in ctx.Data.Outcomes.OrderBy(o => o.Status))
        {
            t.Item(ValueLine(o), ctx.Cite(o));
        }

        if (ctx.Data.Outcomes.Count == 0)
        {
            t.Item("There is no success plan on record: agree the two or three outcomes this renewal should be judged on before talking price.", account);
        }

        t.Section("Adoption wins");
        var usage = ctx.LatestUsage;
        if (usage is not null)
        {
            t.Item($"{usage.ActiveUsers} people used it in the week of {Format.Date(usage.WeekStart)}, {ctx.SeatShare(usage)}% of the {a.LicensedSeats} licensed seats{(usage.FeatureAdoptionPct is { } f ? $", with {Format.Number(f)}% of the key features in use" : "")}.", ctx.Cite(usage));
        }

        foreach (var signal in h.Signals)
        {
            t.Item(signal.Code == FlagCodes.Advocate ? $"They are an advocate: {signal.Description.TrimEnd('.')}." : $"Usage is at capacity: {signal.Description.TrimEnd('.')}.", ctx.CiteAll(signal.Evidence));
        }

        foreach (var s in ctx.Data.Surveys.Where(s => s.Date <= ctx.AsOf && (s.Type == SurveyType.Nps ? s.Score >= 9 : s.Score >= 4)).OrderByDescending(s => s.Date).Take(2))
        {
            t.Item($"Positive feedback: {s.Type.ToString().ToUpperInvariant()} {s.Score} on {Format.Date(s.Date)}{(string.IsNullOrWhiteSpace(s.Comment) ? "" : $" — \"{s.Comment.TrimEnd('.', '!')}\"")}.", ctx.Cite(s));
        }

        t.Section("Risks to address before they are raised");
        foreach (var flag in h.Flags.Where(f => f.Code != FlagCodes.RenewalAtRisk))
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
        if (ctx.HasSignal(FlagCodes.SeatExpansion))
        {
            t.Item($"Seats are nearly all in use: propose a seat increase above the {a.LicensedSeats} licensed today, sized on the teams still waiting.", [account, .. ctx.CiteAll(h.Signals.First(s => s.Code == FlagCodes.SeatExpansion).Evidence)]);
        }
        else if (h.Band == HealthBand.Green)
        {
            t.Item($"Healthy at {h.Score}/100: explore the next team or use case once the renewal is agreed.", account);
        }
        else
        {
            t.Item($"Hold expansion until the account is healthy again (today {h.Score}/100, {Format.Band(h.Band)}); a renewal at the current scope is the goal.", account);
        }

        t.Section("Asks");
        t.Item(ctx.DaysToRenewal >= 0
            ? $"Renew the {Format.Money(a.Arr, a.Currency)} contract by {Format.Date(a.RenewalDate)}, {ctx.DaysToRenewal} days from now."
            : $"Close the {Format.Money(a.Arr, a.Currency)} renewal that was due on {Format.Date(a.RenewalDate)}.", account);
        if (ctx.Sponsor is { } sponsor)
        {
            t.Item($"A short review with {sponsor.Name} to confirm next year's outcomes before the paperwork.", ctx.Cite(sponsor));
        }

        if (ctx.HasSignal(FlagCodes.Advocate))
        {
            t.Item("A reference call or case study on the outcomes they have achieved.", ctx.CiteAll(h.Signals.First(s => s.Code == FlagCodes.Advocate).Evidence));
        }

        ctx.AddPlaybookGuidance(t, "Playbook guidance");

        return t.Build();
    }

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
