using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;

namespace CopilotBot.Copilot.Drafting.Offline;

/// <summary>
/// A remediation plan the way a CSM would write it for an at-risk account: diagnosis first (what drags the
/// score, which flags fired), then hypotheses to confirm, owned and dated actions, how success will be
/// measured, and the playbooks the plan leans on.
/// </summary>
internal static class RemediationPlanComposer
{
    public static IReadOnlyList<DraftSection> Compose(AccountContext ctx)
    {
        var a = ctx.Account;
        var h = ctx.Health;
        var plan = new DraftBuilder();
        var account = ctx.CiteAccount();
        ctx.Ledger.PlanWindow = (ctx.AsOf, ctx.AsOf.AddDays(Math.Max(ctx.DaysToRenewal, 90)));

        plan.Section("Diagnosis");
        var trend = h.Trend.Delta4Weeks switch
        {
            < 0 and var d => $", down {-d} points in 4 weeks",
            > 0 and var d => $", up {d} points in 4 weeks",
            _ => "",
        };
        plan.Item($"{a.Name} scores {h.Score}/100 ({Format.Band(h.Band)}) as of {Format.Date(ctx.AsOf)}{trend}, with {Format.Money(a.Arr, a.Currency)} ARR renewing on {Format.Date(a.RenewalDate)} ({ctx.RenewalDistance}).", account);
        if (h.Band == HealthBand.Green && h.Flags.Count == 0)
        {
            plan.Item($"{a.Name} is healthy and raises no critical flag: no rescue is needed, and the actions below protect the renewal.", account);
        }

        if (h.Drag is { } drag && ctx.Component(drag) is { } dragScore)
        {
            plan.Item($"The {(h.Band == HealthBand.Green ? "weakest component" : "biggest drag")} is {Name(drag)}: {dragScore.Explanation.TrimEnd('.')}.", ctx.CiteAll(dragScore.Evidence));
        }

        foreach (var flag in h.Flags)
        {
            plan.Item(FlagDiagnosis(flag), ctx.CiteAll(flag.Evidence));
        }

        plan.Section("Root causes to confirm");
        foreach (var (text, ids) in Hypotheses(ctx))
        {
            plan.Item(text, ids);
        }

        plan.Section("Actions");
        foreach (var action in Actions(ctx))
        {
            plan.Item($"**{action.Owner}**, by {Format.Date(action.Due)}: {action.Text}", action.Citations);
        }

        plan.Section("Success measures");
        plan.Item(h.Band == HealthBand.Green
            ? $"Health stays green (75 or more) through the renewal on {Format.Date(a.RenewalDate)}; {h.Score} today."
            : $"Health back to green (75 or more) before the renewal on {Format.Date(a.RenewalDate)}, from {h.Score} today.", account);
        if (ctx.AdoptionIsWeak)
        {
            var usage = ctx.LatestUsage;
            plan.Item($"Utilization back to 80% of the {a.LicensedSeats} licensed seats for 4 consecutive weeks.", usage is null ? [account] : [account, ctx.Cite(usage)]);
        }

        if (ctx.HasFlag(FlagCodes.ChampionLeft) || ctx.HasFlag(FlagCodes.NoSponsor))
        {
            plan.Item("A named champion and an active executive sponsor on record, each met at least once before the renewal conversation.", account);
        }

        foreach (var t in ctx.OpenTickets.Where(t => t.Priority is TicketPriority.P1 or TicketPriority.P2).Take(2))
        {
            plan.Item($"{t.TicketId} ({t.Priority}) closed and confirmed fixed by the customer.", ctx.Cite(t));
        }

        foreach (var o in ctx.Data.Outcomes.Where(o => o.Status is OutcomeStatus.AtRisk or OutcomeStatus.Missed).Take(2))
        {
            plan.Item($"\"{o.Goal}\" back on track{(o.Target is { } tg ? $" towards {Format.Number(tg)}{Format.UnitSuffix(o.Unit)}" : "")}.", ctx.Cite(o));
        }

        ctx.AddPlaybookGuidance(plan, "Playbooks behind this plan", 4);

        return plan.Build();
    }

    private static string FlagDiagnosis(HealthFlag flag) => flag.Code switch
    {
        FlagCodes.ChampionLeft => $"Champion loss: {flag.Description.TrimEnd('.')}. Nobody inside is carrying the rollout until a new champion is named.",
        FlagCodes.StaleP1 => $"A stale P1: {flag.Description.TrimEnd('.')}. Every day it stays open costs goodwill the renewal needs.",
        FlagCodes.UsageDrop => $"Usage is falling: {flag.Description.TrimEnd('.')}.",
        FlagCodes.NoSponsor => $"No executive sponsor: {flag.Description.TrimEnd('.')}. Nobody senior will defend the renewal internally.",
        FlagCodes.Detractor => $"A detractor: {flag.Description.TrimEnd('.')}.",
        FlagCodes.NoContact60Days => $"We have gone quiet: {flag.Description.TrimEnd('.')}.",
        FlagCodes.RenewalAtRisk => $"The renewal is at risk: {flag.Description.TrimEnd('.')}.",
        _ => flag.Description,
    };

    private static IEnumerable<(string Text, IReadOnlyList<string> Ids)> Hypotheses(AccountContext ctx)
    {
        var h = ctx.Health;
        foreach (var left in ctx.DepartedChampions.Take(1))
        {
            yield return ($"With {left.Name} gone, the internal owner of the rollout may have lapsed; confirm who inherited the project and whether they want it.", [ctx.Cite(left)]);
        }

        foreach (var t in ctx.OpenTickets.Where(t => t.Priority == TicketPriority.P1).Take(1))
        {
            yield return ($"{t.TicketId} (\"{t.Subject}\") may be blocking a core workflow and pushing users to workarounds; confirm which teams it stops and whether the usage decline follows it.", [ctx.Cite(t)]);
        }

        if (ctx.AdoptionIsWeak)
        {
            var usage = ctx.LatestUsage;
            IReadOnlyList<string> ids = usage is null ? [ctx.CiteAccount()] : [ctx.Cite(usage)];
            yield return ("Low utilization may sit with specific teams or a workflow that was never rolled out rather than across the board; confirm with per-team usage and with the champion.", ids);
        }

        foreach (var d in ctx.Detractors.Take(1))
        {
            yield return ($"{d.Name}'s frustration may be a symptom of the same issue or a separate expectation gap; confirm by asking before offering fixes.", [ctx.Cite(d)]);
        }

        foreach (var o in ctx.Data.Outcomes.Where(o => o.Status is OutcomeStatus.AtRisk or OutcomeStatus.Missed).Take(1))
        {
            yield return ($"The goal \"{o.Goal}\" is {Format.Snake(o.Status.ToString()).Replace('_', ' ')}; confirm whether the target still matters to the sponsor or has moved.", [ctx.Cite(o)]);
        }

        if (ctx.HasFlag(FlagCodes.NoContact60Days))
        {
            yield return ("The silence may mean a reorganization or a competing priority on their side; confirm what changed before assuming disengagement.", [ctx.CiteAccount()]);
        }
    }

    private sealed record PlannedAction(string Owner, DateOnly Due, string Text, IReadOnlyList<string> Citations);

    private static IEnumerable<PlannedAction> Actions(AccountContext ctx)
    {
        var account = ctx.CiteAccount();
        var renewal = ctx.Account.RenewalDate;
        DateOnly Due(int days)
        {
            var due = ctx.AsOf.AddDays(days);
            var beforeRenewal = renewal.AddDays(-1);
            return due > beforeRenewal && beforeRenewal > ctx.AsOf ? beforeRenewal : due;
        }

        IReadOnlyList<string> WithPlaybook(IReadOnlyList<string> ids, params string[] risks) =>
            [.. ids, .. ctx.PlaybooksFor(risks).Take(1).Select(ctx.Cite)];

        foreach (var t in ctx.OpenTickets.Where(t => t.Priority is TicketPriority.P1 or TicketPriority.P2).Take(2))
        {
            yield return new("Support", Due(t.Priority == TicketPriority.P1 ? 3 : 7),
                $"escalate {t.TicketId} (\"{t.Subject}\") to engineering with a named owner and send the customer a written update every two working days until it is closed.",
                WithPlaybook([ctx.Cite(t)], FlagCodes.StaleP1, "support"));
        }

        foreach (var left in ctx.DepartedChampions.Take(1))
        {
            var ids = new List<string> { ctx.Cite(left) };
            var candidate = ctx.ActiveContacts.FirstOrDefault(c => c.Role is ContactRole.EndUser or ContactRole.TechnicalBuyer && c.Sentiment != Sentiment.Negative);
            var who = candidate is null ? "the most engaged power user" : candidate.Name;
            if (candidate is not null)
            {
                ids.Add(ctx.Cite(candidate));
            }

            yield return new("CSM", Due(7), $"find and brief a new champion to replace {left.Name}; start with {who} and agree what they need from us to own the rollout.",
                WithPlaybook(ids, FlagCodes.ChampionLeft, "relationship"));
        }

        if (ctx.HasFlag(FlagCodes.NoSponsor) || ctx.HasFlag(FlagCodes.RenewalAtRisk) || ctx.Health.Band == HealthBand.Red)
        {
            var sponsor = ctx.Sponsor;
            var text = sponsor is null
                ? "hold an executive-to-executive call to re-establish sponsorship and agree the outcomes the renewal has to show."
                : $"meet {sponsor.Name} to agree the recovery plan and the outcomes the renewal has to show.";
            yield return new("Exec sponsor", Due(14), text, WithPlaybook(sponsor is null ? [account] : [account, ctx.Cite(sponsor)], FlagCodes.NoSponsor, FlagCodes.RenewalAtRisk));
        }

        if (ctx.AdoptionIsWeak)
        {
            var usage = ctx.LatestUsage;
            yield return new("Professional services", Due(21),
                "run a re-enablement workshop for the teams whose usage fell, built around the workflows in their success plan.",
                WithPlaybook(usage is null ? [account] : [ctx.Cite(usage)], FlagCodes.UsageDrop, "adoption"));
        }

        foreach (var d in ctx.Detractors.Take(1))
        {
            yield return new("CSM", Due(5), $"call {d.Name} to close the loop on their feedback, listen first, and agree one visible fix.",
                WithPlaybook([ctx.Cite(d), .. ctx.Data.Surveys.Where(s => s.ContactId == d.ContactId).Take(1).Select(ctx.Cite)], FlagCodes.Detractor, "sentiment"));
        }

        if (!ctx.Detractors.Any() && ctx.Health.Flags.FirstOrDefault(f => f.Code == FlagCodes.Detractor) is { } detractor)
        {
            // The flag's surveys name who answered, when the survey was not anonymous.
            var respondents = ctx.Data.Surveys
                .Where(s => detractor.Evidence.Any(e => e.Source == SourceRef.Survey(s.SurveyId)))
                .Select(s => ctx.ContactName(s.ContactId))
                .OfType<string>().Distinct().ToList();
            var who = respondents.Count == 0 ? "whoever gave the low NPS score" : string.Join(" and ", respondents);
            yield return new("CSM", Due(5), $"call {who} to close the loop, listen first, and agree one visible fix.",
                WithPlaybook(ctx.CiteAll(detractor.Evidence), FlagCodes.Detractor, "sentiment"));
        }

        foreach (var o in ctx.Data.Outcomes.Where(o => o.Status is OutcomeStatus.AtRisk or OutcomeStatus.Missed).Take(2))
        {
            yield return new("CSM", Due(30), $"review \"{o.Goal}\" with the customer, re-baseline it if the target has moved, and agree the next milestone.",
                WithPlaybook([ctx.Cite(o)], "outcomes"));
        }

        if (ctx.HasFlag(FlagCodes.NoContact60Days))
        {
            yield return new("CSM", Due(3), "book a check-in with the main contacts this week; re-open the conversation before proposing anything.",
                WithPlaybook([account], FlagCodes.NoContact60Days));
        }

        if (ctx.DaysToRenewal > 0)
        {
            yield return new("CSM", renewal.AddDays(-Math.Min(30, ctx.DaysToRenewal / 2)) is var checkpoint && checkpoint > ctx.AsOf ? checkpoint : Due(7),
                "review progress on this plan with the account team and decide whether the renewal needs a concession or an escalation.", [account]);
        }
    }

    private static string Name(HealthComponent c) => c.ToString().ToLowerInvariant();

}
