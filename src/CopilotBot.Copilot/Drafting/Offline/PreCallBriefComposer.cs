using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;

namespace CopilotBot.Copilot.Drafting.Offline;

/// <summary>
/// A one-page brief for a sales rep before a call: the snapshot, who is who, what happened since the rep's
/// last touch, open issues, the customer's goals, and a suggested agenda with questions.
/// </summary>
internal static class PreCallBriefComposer
{
    public static IReadOnlyList<DraftSection> Compose(AccountContext ctx)
    {
        var a = ctx.Account;
        var h = ctx.Health;
        var account = ctx.CiteAccount();
        var b = new DraftBuilder();
        var sit = ctx.Situation;
        var actions = Plays.Actions(ctx);
        Glance.Add(b, ctx, actions.FirstOrDefault());

        b.Section("Snapshot");
        var about = string.Join(", ", new[] { a.Industry, a.Segment is { } s ? Format.Snake(s.ToString()).Replace('_', '-') : null }.OfType<string>());
        b.Item($"{a.Name}{(about.Length > 0 ? $" ({about})" : "")}: {Format.Money(a.Arr, a.Currency)} ARR, renewal {Format.Date(a.RenewalDate)} ({ctx.RenewalDistance}), {a.LicensedSeats} seats{(a.AdoptionStage is { } st ? $", {Format.Stage(st)} stage" : "")}.", account);
        var trend = h.Trend.Delta4Weeks is { } d && d != 0 ? $", {(d < 0 ? "down" : "up")} {Format.Count(Math.Abs(d), "point")} in 4 weeks" : "";
        var critical = h.Flags.FirstOrDefault(f => f.ForcesRed);
        var costs = critical is not null ? $"; red because of {critical.Code.Replace('_', ' ')}" : h.Drag is { } drag ? $"; what costs the most points: {drag.ToString().ToLowerInvariant()}" : "";
        b.Item(h.Scored ? $"Health {h.Score}/100 ({Format.Band(h.Band)}{trend}){costs}." : $"Health unscored: too little data; collect {string.Join(", ", Format.ToCollect(h))}.", critical is not null ? ctx.CiteAll(critical.Evidence, 2) : h.Drag is { } dg && ctx.Component(dg) is { } c ? ctx.CiteAll(c.Evidence, 2) : [account]);

        b.Section("Stakeholders");
        if (sit.Sponsor is { } sponsor)
        {
            b.Item($"Sponsor: {sponsor.Name}{Title(sponsor)}{Mood(sponsor)}.", ctx.Cite(sponsor));
        }
        else if (sit.DepartedSponsor is { } formerSponsor)
        {
            b.Item($"Executive sponsor: vacant since {formerSponsor.Name}{(formerSponsor.Title is null ? "" : $" ({formerSponsor.Title})")} left{(formerSponsor.LeftDate is { } fl ? $" on {Format.Date(fl)}" : "")}; find out who owns the budget now.", ctx.Cite(formerSponsor));
        }
        else
        {
            b.Item("Sponsor: none on record; find out who signs off on the renewal.", account);
        }

        if (sit.EconomicBuyer is { } economicBuyer)
        {
            b.Item($"Economic buyer: {economicBuyer.Name}{Title(economicBuyer)}{Mood(economicBuyer)}.", ctx.Cite(economicBuyer));
        }

        if (ctx.Champion is { } champion)
        {
            b.Item($"Champion: {champion.Name}{Title(champion)}{Mood(champion)}.", ctx.Cite(champion));
        }

        if (sit.DepartedChampion is { } left)
        {
            b.Item($"Former champion {left.Name}{(left.Title is null ? "" : $" ({left.Title})")} has left{(left.LeftDate is { } ld ? $" ({Format.Date(ld)})" : "")}: do not ask for them.", ctx.Cite(left));
        }

        foreach (var d2 in sit.Detractors.Take(2))
        {
            b.Item($"Detractor: {d2.Name}{Title(d2)}; expect pushback and acknowledge it early.", ctx.Cite(d2));
        }

        b.Section("Since the last touch");
        var lastTouch = ctx.Timeline.FirstOrDefault(i => a.SalesEmail is not null && string.Equals(i.AuthorEmail, a.SalesEmail, StringComparison.OrdinalIgnoreCase));
        var since = lastTouch?.Date ?? ctx.AsOf.AddDays(-60);
        if (lastTouch is not null)
        {
            b.Item($"{ctx.UserName(a.SalesEmail)}'s last touch was on {Format.Date(lastTouch.Date)}: {Summary(lastTouch.Summary)}", ctx.Cite(lastTouch));
        }

        foreach (var i in ctx.Timeline.Where(i => i.Date > since && i != lastTouch).Take(4))
        {
            b.Item($"{Format.Date(i.Date)}, {Format.Snake(i.Type.ToString())}{(i.AuthorEmail is null ? "" : $" ({ctx.UserName(i.AuthorEmail)})")}: {Summary(i.Summary)}", ctx.Cite(i));
        }

        foreach (var t in ctx.Data.Tickets.Where(t => t.OpenedDate > since && t.OpenedDate <= ctx.AsOf).OrderByDescending(t => t.OpenedDate).Take(3))
        {
            // A ticket opened since the last touch may already be closed: say which, never "new" for both.
            var state = t.Status == TicketStatus.Closed
                ? $"closed{(t.ClosedDate is { } closed ? " " + Format.Date(closed) : "")}"
                : t.Status == TicketStatus.Pending ? "pending" : "still open";
            b.Item($"{t.Priority} ticket {t.TicketId} opened {Format.Date(t.OpenedDate)}, {state}: \"{t.Subject}\".", ctx.Cite(t));
        }

        foreach (var s2 in ctx.Data.Surveys.Where(s2 => s2.Date > since && s2.Date <= ctx.AsOf).Take(2))
        {
            var who = ctx.ContactName(s2.ContactId);
            b.Item($"{s2.Type.ToString().ToUpperInvariant()} response of {s2.Score} on {Format.Date(s2.Date)}{(who is null ? "" : $" from {who}")}{(string.IsNullOrWhiteSpace(s2.Comment) ? "" : $": \"{Situation.Shorten(s2.Comment)}\"")}.", ctx.Cite(s2));
        }

        b.Section("Open issues");
        foreach (var r in sit.Requests.Take(3))
        {
            b.Item($"Open request{(r.Who is null ? "" : $" from {r.Who}")} ({Format.Date(r.Said)}): \"{Situation.Shorten(r.Text)}\".", r.Citation);
        }

        foreach (var flag in h.Flags)
        {
            b.Item(flag.Description, ctx.CiteAll(flag.Evidence));
        }

        var flagged = h.Flags.SelectMany(f => f.Evidence).Select(e => e.Source).ToHashSet();
        foreach (var t in ctx.OpenTickets.Where(t => !flagged.Contains(SourceRef.Ticket(t.TicketId))).Take(3))
        {
            b.Item($"{t.TicketId} ({t.Priority}, open since {Format.Date(t.OpenedDate)}): \"{t.Subject}\".", ctx.Cite(t));
        }

        b.Section("Their goals");
        foreach (var o in ctx.Data.Outcomes.Take(4))
        {
            b.Item($"\"{o.Goal}\" ({Format.Snake(o.Status.ToString()).Replace('_', ' ')}).", ctx.Cite(o));
        }

        b.Section("Suggested agenda");
        b.Item("Their priorities for the next two quarters and what has changed since the last conversation.", account);
        if (sit.Primary is { } cause)
        {
            b.Item($"The {(cause.Likely ? "likely" : "possible")} cause, {cause.Label}: check it with them before proposing a fix.", cause.Citations);
        }
        if (h.Flags.Count > 0 || ctx.OpenTickets.Any())
        {
            b.Item("The open issues above: what we are doing, by when, and what they need from us.", h.Flags.Count > 0 ? ctx.CiteAll(h.Flags[0].Evidence) : [ctx.Cite(ctx.OpenTickets.First())]);
        }

        b.Item($"The renewal on {Format.Date(a.RenewalDate)}: timeline, who signs, and what they will judge it on.", account);

        b.Section("Questions to ask");
        b.Item("What would make the next year with us clearly worth it for your team?", account);
        if (ctx.Data.Outcomes.FirstOrDefault(o => o.Status is OutcomeStatus.AtRisk or OutcomeStatus.Missed) is { } atRisk)
        {
            b.Item($"\"{atRisk.Goal}\" is behind: what is in the way, and does the target still hold?", ctx.Cite(atRisk));
        }

        b.Item("Who else should be part of the renewal conversation?", ctx.Sponsor is { } sp ? ctx.Cite(sp) : account);

        ctx.AddPlaybookGuidance(b, "Playbook guidance", 2);

        return b.Build();
    }

    private static string Title(Contact c) => c.Title is null ? "" : $", {c.Title}";

    private static string Mood(Contact c) => c.Sentiment switch
    {
        Sentiment.Positive => ", positive",
        Sentiment.Negative => ", negative: handle with care",
        _ => "",
    } + (c.LastContactDate is { } d ? $", last contact {Format.Date(d)}" : "");

    // Notes are quoted so that what a customer or colleague wrote never reads as the brief's own words.
    internal static string Summary(string text) => $"\"{AccountContext.FirstSentence(text)}\"";
}
