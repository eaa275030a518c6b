using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;

namespace CopilotBot.Copilot.Drafting.Offline;

/// <summary>
/// Questions for a discovery call: diagnose before prescribing. Tailored to the adoption stage, then to the
/// open risks, the stakeholders and the success-plan outcomes, each grounded in the row that prompts it.
/// </summary>
internal static class DiscoveryQuestionsComposer
{
    public static IReadOnlyList<DraftSection> Compose(AccountContext ctx)
    {
        var a = ctx.Account;
        var h = ctx.Health;
        var account = ctx.CiteAccount();
        var q = new DraftBuilder();

        var s = ctx.Situation;
        Glance.Add(q, ctx, null, s.Primary is { } p
            ? $"confirm the {(p.Likely ? "likely" : "possible")} cause ({p.Label}) with them before offering any fix"
            : "ask what would make the next year clearly worth it, before offering anything");

        q.Section("Going in");
        q.Item("The goal of this call is to understand, not to pitch: ask, listen, and hold fixes until the cause is clear.", account);
        if (s.Primary is { } cause)
        {
            q.Item($"What has changed for you recently? We think it may be {cause.Label}; is that how you see it?", cause.Citations);
        }

        foreach (var r in s.Requests.Take(1))
        {
            q.Item($"You asked: \"{Situation.Shorten(r.Text)}\". Is that still the priority, and by when?", r.Citation);
        }

        q.Section("Where they are in adoption");
        var usage = ctx.LatestUsage;
        IReadOnlyList<string> adoptionIds = usage is null ? [account] : [account, ctx.Cite(usage)];
        foreach (var question in StageQuestions(a.AdoptionStage))
        {
            q.Item(question, adoptionIds);
        }

        q.Section("Open risks");
        foreach (var t in ctx.OpenTickets.Take(3))
        {
            q.Item($"{t.TicketId} (\"{t.Subject}\") has been open since {Format.Date(t.OpenedDate)}: how are your users working around it today, and what does it cost them?", ctx.Cite(t));
        }

        if (ctx.HasFlag(FlagCodes.UsageDrop) && h.Flags.First(f => f.Code == FlagCodes.UsageDrop) is var drop)
        {
            q.Item("Usage has dropped over the last few weeks: what changed on your side — a team, a process, a priority — in that time?", ctx.CiteAll(drop.Evidence));
        }

        foreach (var o in ctx.Data.Outcomes.Where(o => o.Status is OutcomeStatus.AtRisk or OutcomeStatus.Missed).Take(2))
        {
            q.Item($"\"{o.Goal}\" is behind plan: is it still a priority for this year, and what is in the way?", ctx.Cite(o));
        }

        q.Section("Stakeholders");
        if (ctx.Sponsor is { } sponsor)
        {
            q.Item($"How is {sponsor.Name} judging whether this investment paid off, and when do they next report on it?", ctx.Cite(sponsor));
        }
        else
        {
            q.Item("Who owns this investment at the executive level today, and how do they judge whether it paid off?", account);
        }

        if (s.DepartedChampion is { } leftChampion)
        {
            q.Item($"Since {leftChampion.Name} left, who has picked up the rollout they led, and what did they leave unfinished?", ctx.Cite(leftChampion));
        }

        if (s.DepartedSponsor is { } leftSponsor)
        {
            q.Item($"With {leftSponsor.Name} gone, who owns this budget now, and what will they judge the renewal on?", ctx.Cite(leftSponsor));
        }

        if (ctx.Champion is { } champion)
        {
            q.Item($"What would make {champion.Name}'s job easier over the next quarter, and who else needs convincing?", ctx.Cite(champion));
        }

        foreach (var d in ctx.Detractors.Take(1))
        {
            var survey = ctx.Data.Surveys.Where(s => s.ContactId == d.ContactId).MaxBy(s => s.Date);
            q.Item($"What is behind {d.Name}'s concerns, and what would have to change for them to recommend us?", survey is null ? [ctx.Cite(d)] : [ctx.Cite(d), ctx.Cite(survey)]);
        }

        q.Section("Outcomes");
        foreach (var o in ctx.Data.Outcomes.Where(o => o.Status is OutcomeStatus.OnTrack or OutcomeStatus.Achieved).Take(2))
        {
            var figures = o is { Current: { } c, Target: { } t } ? $" (at {Format.Number(c)} against a target of {Format.Number(t)}{Format.UnitSuffix(o.Unit)})" : "";
            q.Item($"\"{o.Goal}\"{figures}: how do you measure it internally, and who sees that number?", ctx.Cite(o));
        }

        if (ctx.Data.Outcomes.Count == 0)
        {
            q.Item("What business result would make this a clear success a year from now, and how would you measure it?", account);
        }

        ctx.AddPlaybookGuidance(q, "Playbook guidance");

        return q.Build();
    }

    private static IEnumerable<string> StageQuestions(AdoptionStage? stage) => stage switch
    {
        AdoptionStage.EarlyMarket =>
        [
            "What did you set out to prove with the first rollout, and who decides whether it is proven?",
            "Which early users get the most out of it, and what do they do differently from the rest?",
        ],
        AdoptionStage.Chasm =>
        [
            "Which teams beyond the first group have tried it, and what stopped the ones who did not continue?",
            "What would a pragmatic team lead need to see before making this their default way of working?",
        ],
        AdoptionStage.Tornado =>
        [
            "How are you onboarding new teams at this pace, and where does it break?",
            "Which integrations or admin tasks slow the rollout down most?",
        ],
        AdoptionStage.MainStreet =>
        [
            "Where is this now the standard, and where do teams still use something else?",
            "What would you need to consolidate on it or extend it to adjacent use cases?",
        ],
        _ =>
        [
            "Who uses it today, for what, and how has that changed over the last quarter?",
            "Where do teams still work around it, and why?",
        ],
    };
}
