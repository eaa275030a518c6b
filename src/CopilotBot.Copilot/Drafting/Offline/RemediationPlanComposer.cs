using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;

namespace CopilotBot.Copilot.Drafting.Offline;

/// <summary>
/// A remediation plan the way a CS leader wants it: three lines first, the cause named from the account's own rows
/// (not one fix for every cause), who is who, the money, then owned and dated actions that follow the cause, the
/// stage and the time left, how success will be seen, and the playbooks behind it.
/// </summary>
internal static class RemediationPlanComposer
{
    public static IReadOnlyList<DraftSection> Compose(AccountContext ctx)
    {
        var a = ctx.Account;
        var h = ctx.Health;
        var s = ctx.Situation;
        var plan = new DraftBuilder();
        var account = ctx.CiteAccount();
        var actions = Plays.Actions(ctx);
        Glance.Add(plan, ctx, actions.FirstOrDefault());

        plan.Section("Diagnosis");
        foreach (var cause in s.Causes.Where(c => c.Likely).Skip(1).Take(1))
        {
            plan.Item($"Also {cause.Label}{(cause.Quote is { } q ? $": \"{Situation.Shorten(q)}\"" : "")}.", cause.Citations);
        }

        if (h.Flags.FirstOrDefault(f => f.ForcesRed) is { } critical)
        {
            plan.Item($"Red because: {Plays.Plain(critical)}.", ctx.CiteAll(critical.Evidence, 2));
        }
        else if (h.Drag is { } drag && ctx.Component(drag) is { } dragScore)
        {
            plan.Item($"What costs the most points: {drag.ToString().ToLowerInvariant()}.", ctx.CiteAll(dragScore.Evidence, 2));
        }

        if (s.DepartedSponsor is { } ds)
        {
            plan.Item($"{ds.Name}, the executive sponsor{(ds.Title is null ? "" : $" ({ds.Title})")}, has left: the sponsor seat is empty, not the champion's.", ctx.Cite(ds));
        }

        if (s.Money.RoiMultiple is { } roi)
        {
            plan.Item($"Value to date {Format.Money(s.Money.OutcomeValue!.Value, a.Currency)}, {Situation.Multiple(roi)} the ARR.", [s.Money.RoiCitation!, account]);
        }

        plan.Section("Actions");
        foreach (var action in actions.OrderBy(x => x.Due))
        {
            plan.Item($"**{action.Owner}**, by {Format.Date(action.Due)}: {action.Text}", action.Citations);
        }

        plan.Section("Success measures");
        if (s.ShortRenewal)
        {
            plan.Item($"A signed order form by {Format.Date(a.RenewalDate)}, at a scope they will use.", account);
        }
        else if (!h.Scored)
        {
            plan.Item($"Enough data for a health score by {Format.Date(ctx.AsOf.AddDays(30))}: {string.Join("; ", Format.ToCollect(h))}.", account);
        }
        else if (s.Troubled)
        {
            plan.Item($"Health back to green (75 or more) before {Format.Date(a.RenewalDate)}, from {h.Score} today.", account);
        }
        else
        {
            plan.Item($"Health stays green through the renewal on {Format.Date(a.RenewalDate)}.", account);
        }

        foreach (var t in ctx.OpenTickets.Where(t => t.Priority is TicketPriority.P1).Take(1))
        {
            plan.Item($"{t.TicketId} closed and confirmed fixed by the customer.", ctx.Cite(t));
        }

        plan.Section("Playbooks behind this plan");
        var cited = actions.SelectMany(x => x.Citations).ToHashSet(StringComparer.Ordinal);
        var known = ctx.CausePlaybooks.Values.Concat(ctx.PlayPlaybooks.Values).Concat(ctx.StagePlaybook is { } sp ? [sp] : []).Concat(ctx.Playbooks);
        foreach (var hit in known.DistinctBy(p => p.Source).Where(p => cited.Contains(ctx.Cite(p))).Take(3))
        {
            plan.Item($"{hit.Title} ({string.Join(" > ", hit.HeadingPath.Skip(1).DefaultIfEmpty(hit.Title))}).", ctx.Cite(hit));
        }

        return plan.Build();
    }
}
