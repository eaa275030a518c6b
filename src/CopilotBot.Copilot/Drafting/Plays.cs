using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;

namespace CopilotBot.Copilot.Drafting;

/// <summary>An owned, dated step, citing what calls for it.</summary>
public sealed record PlannedAction(string Owner, DateOnly Due, string Text, IReadOnlyList<string> Citations);

/// <summary>A step that answers no cause but has a playbook of its own, found by <see cref="Plays.Topic"/>.</summary>
public enum Play
{
    /// <summary>A renewal offered at the seats they use: the downsell playbook.</summary>
    RightSize,

    /// <summary>A relationship that hangs on one person: meet the others.</summary>
    MultiThread,

    /// <summary>The first step on a red account.</summary>
    FirstResponse,

    /// <summary>Where a manager steps in (the managers' draft only).</summary>
    ManagerTriage,
}

/// <summary>
/// What to do about an account, from its situation: renewal mechanics when the renewal is weeks away, then a step per
/// likely cause, the customer's open requests, the stage's play, and our executive where the account needs one. Every
/// draft kind reads its next step from here, so a plan, a brief and a summary never disagree on it.
/// </summary>
public static class Plays
{
    /// <summary>At most this many actions: a plan a CSM can carry out, not a list of everything possible.</summary>
    public const int MaxActions = 6;

    /// <summary>What a playbook about the play talks about: the words to search the library with.</summary>
    public static string Topic(Play play) => play switch
    {
        Play.RightSize => "right-size renewal unused seats downsell budget cuts",
        Play.MultiThread => "multi-threading stakeholders single thread one contact relationships",
        Play.FirstResponse => "red account first response",
        _ => "manager health triage where to step in",
    };

    /// <summary>Who a play's playbook is written for.</summary>
    public static string Persona(Play play) => play == Play.ManagerTriage ? "manager" : "csm";

    /// <summary>The plays the account's steps call for in a draft of <paramref name="kind"/>, each to be backed by its playbook.</summary>
    public static IReadOnlyList<Play> Needed(AccountContext ctx, DraftKind kind)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var plays = new List<Play>();
        if (OffersRightSize(ctx))
        {
            plays.Add(Play.RightSize);
        }

        if (ctx.Situation.SingleThread is not null)
        {
            plays.Add(Play.MultiThread);
        }

        if (ctx.Health.Band == HealthBand.Red)
        {
            plays.Add(Play.FirstResponse);
        }

        if (kind == DraftKind.AccountSummary && ManagersList(ctx))
        {
            plays.Add(Play.ManagerTriage);
        }

        return plays;
    }

    /// <summary>
    /// On the manager's list, as the triage playbook draws it from what one account shows: red, a flag that forces red,
    /// or the renewal at risk.
    /// </summary>
    public static bool ManagersList(AccountContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        return ctx.Health.Band == HealthBand.Red || ctx.Health.Flags.Any(f => f.ForcesRed) || ctx.HasFlag(FlagCodes.RenewalAtRisk);
    }

    /// <summary>A renewal weeks away with seats to spare, budget pressure or value not shown: offer the seats they use.</summary>
    private static bool OffersRightSize(AccountContext ctx)
    {
        var s = ctx.Situation;
        return s.ShortRenewal && (s.Money.SeatsToRightSize(ctx.Account.LicensedSeats) || s.Has(Cause.BudgetOrPrice) || s.Has(Cause.ValueNotProven));
    }

    /// <summary>The citation of the play's playbook, when the index found one.</summary>
    private static IEnumerable<string> PlaybookOf(AccountContext ctx, Play play) =>
        ctx.PlayPlaybooks.TryGetValue(play, out var hit) ? [ctx.Cite(hit)] : [];

    public static IReadOnlyList<PlannedAction> Actions(AccountContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var s = ctx.Situation;
        var a = ctx.Account;
        var account = ctx.CiteAccount();
        ctx.Ledger.PlanWindow = (ctx.AsOf, ctx.AsOf.AddDays(Math.Max(ctx.DaysToRenewal, 90)));
        DateOnly Due(int days)
        {
            var due = ctx.AsOf.AddDays(days);
            var beforeRenewal = a.RenewalDate.AddDays(-1);
            return due > beforeRenewal && beforeRenewal > ctx.AsOf ? beforeRenewal : due;
        }

        IReadOnlyList<string> With(IReadOnlyList<string> ids, params string[] risks) =>
            [.. ids, .. ctx.PlaybooksFor(risks).Take(1).Select(ctx.Cite)];

        var actions = new List<PlannedAction>();
        var buyer = s.EconomicBuyer?.Name ?? s.Sponsor?.Name;
        if (s.ShortRenewal)
        {
            var buyerIds = s.EconomicBuyer is { } eb ? [account, ctx.Cite(eb)] : (IReadOnlyList<string>)[account];
            actions.Add(new("CSM", Due(3), $"confirm who signs{(buyer is null ? "" : $" ({buyer})")} and send the order form; renewal in {Format.Count(ctx.DaysToRenewal, "day")}.",
                With(buyerIds, FlagCodes.RenewalAtRisk, "renewal")));
            if (OffersRightSize(ctx))
            {
                actions.Add(new("Sales", Due(5), $"offer a right-size renewal: {Format.Count(s.Money.UnusedSeats, "seat")} unused, worth {Format.Money(s.Money.UnusedValue, a.Currency)} a year; a bridge extension if they cannot sign in time.",
                    [account, .. ctx.LatestUsage is { } u ? [ctx.Cite(u)] : Array.Empty<string>(), .. PlaybookOf(ctx, Play.RightSize)]));
            }
        }

        foreach (var cause in s.Causes.Where(c => c.Likely || c == s.Primary).Take(2))
        {
            // With renewal mechanics on the list, the right-size offer already answers budget pressure.
            if (cause.Cause == Cause.BudgetOrPrice && actions.Any(x => x.Text.Contains("right-size", StringComparison.Ordinal)))
            {
                continue;
            }

            if (CauseAction(ctx, cause, Due) is { } action)
            {
                var playbook = ctx.CausePlaybooks.TryGetValue(cause.Cause, out var hit) ? [hit] : ctx.PlaybooksFor(Risks(cause.Cause)).Take(1);
                actions.Add(action with { Citations = [.. action.Citations, .. playbook.Select(ctx.Cite)] });
            }
        }

        // Too little data for a score is fixed by collecting it, not read as bad health.
        if (!ctx.Health.Scored)
        {
            actions.Add(new("CSM", Due(14), $"collect what the health score needs: {string.Join("; ", Format.ToCollect(ctx.Health))}.", [account]));
        }

        // A stale or urgent ticket is escalated whatever else is going on, unless a step on the cause already names it.
        foreach (var t in ctx.OpenTickets.Where(t => t.Priority is TicketPriority.P1 or TicketPriority.P2).Take(2))
        {
            if (!actions.Any(x => x.Text.Contains(t.TicketId, StringComparison.Ordinal)))
            {
                actions.Add(new("Support", Due(t.Priority == TicketPriority.P1 ? 3 : 7),
                    $"escalate {t.TicketId} (\"{Situation.Shorten(t.Subject)}\") to engineering with a named owner; update the customer every two working days.",
                    With([ctx.Cite(t)], FlagCodes.StaleP1, "support")));
            }
        }

        if (s.StagePlay() is { } play)
        {
            actions.Add(new("CSM", Due(21), $"play the stage: {play}.", StageCitations(ctx)));
        }

        var requests = s.Requests.DistinctBy(r => r.Text, StringComparer.OrdinalIgnoreCase).Take(2).Select(r => new PlannedAction("CSM", r.Due is { } d && d > ctx.AsOf ? d : Due(5),
            $"answer {(r.Who is null ? "their" : r.Who + "'s")} request: \"{Situation.Shorten(r.Text)}\".", [r.Citation])).ToList();
        actions.AddRange(requests.Take(1));
        // Our executive where the account's thesis needs one: red, a renewal in trouble or whose signers nobody has spoken
        // to lately (a sponsor silent for months, an economic buyer never met), a sponsor lost.
        Contact? themContact = null;
        if (s.OurExecutive is { } exec
            && ((s.Troubled && (ctx.Health.Band == HealthBand.Red || s.ShortRenewal || s.DepartedSponsor is not null))
                || (s.ShortRenewal && s.DecisionMakersOutOfTouch.Count > 0)))
        {
            themContact = s.Sponsor ?? s.EconomicBuyer;
            var them = themContact?.Name ?? buyer;
            var silent = themContact is not null && s.DecisionMakersOutOfTouch.Contains(themContact)
                ? themContact.LastContactDate is { } last ? $", last spoken to on {Format.Date(last)}" : ", never spoken to"
                : "";
            actions.Add(new("CSM", Due(10), $"bring {exec.Name} in as our executive sponsor{(them is null ? "" : $" for a call with {them}{silent}")}.",
                themContact is not null ? [account, ctx.Cite(themContact)] : [account]));
        }

        // A relationship that hangs on one person: meet the others before that person moves on.
        if (s.SingleThread is { } only)
        {
            var others = ctx.ActiveContacts.Where(c => c != only && c != themContact && !Situation.InTouch(ctx, c))
                .OrderBy(c => c.Role switch { ContactRole.EconomicBuyer => 0, ContactRole.ExecutiveSponsor => 1, ContactRole.TechnicalBuyer => 2, ContactRole.Champion => 3, _ => 4 })
                .Take(2).ToList();
            if (others.Count > 0)
            {
                actions.Add(new("CSM", Due(14),
                    $"widen the relationship beyond {only.Name}, the only contact spoken to in {Situation.InTouchDays} days: ask {only.Name.Split(' ')[0]} to introduce {string.Join(" and ", others.Select(c => c.Title is { Length: > 0 } t ? $"{c.Name} ({t})" : c.Name))}.",
                    [ctx.Cite(only), .. others.Select(ctx.Cite), .. PlaybookOf(ctx, Play.MultiThread)]));
            }
        }

        foreach (var d in s.Detractors.Take(1))
        {
            var said = ctx.Data.Surveys.Where(x => x.ContactId == d.ContactId && x.Date <= ctx.AsOf).OrderByDescending(x => x.Date).Take(1).Select(ctx.Cite);
            actions.Add(new("CSM", Due(5), $"call {d.Name} to close the loop on their feedback: listen first, then agree one visible fix.",
                With([ctx.Cite(d), .. said], FlagCodes.Detractor, "sentiment")));
        }

        actions.AddRange(requests.Skip(1));

        if (ctx.HasFlag(FlagCodes.NoContact60Days))
        {
            actions.Add(new("CSM", Due(3), "book a check-in with the main contacts this week, before proposing anything.", With([account], FlagCodes.NoContact60Days)));
        }

        // On a red account the first step is the first response: the playbook for it stands behind that step.
        if (actions.Count > 0 && ctx.Health.Band == HealthBand.Red)
        {
            actions[0] = actions[0] with { Citations = [.. actions[0].Citations, .. PlaybookOf(ctx, Play.FirstResponse)] };
        }

        // The most important first (the first is "the one thing to do next"); whoever a step names is cited with it.
        return [.. actions.Take(MaxActions).Select(x => x with
        {
            Citations = [.. x.Citations.Concat(ctx.Data.Contacts.Where(c => x.Text.Contains(c.Name, StringComparison.Ordinal)).Select(ctx.Cite)).Distinct(StringComparer.Ordinal)],
        })];
    }

    /// <summary>What the stage's play rests on: the account row (its stage), the buyer it names, the stage's playbook.</summary>
    public static IReadOnlyList<string> StageCitations(AccountContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        List<string> ids = [ctx.CiteAccount()];
        if (ctx.Account.AdoptionStage == AdoptionStage.Tornado && ctx.Situation.EconomicBuyer is { } economicBuyer)
        {
            ids.Add(ctx.Cite(economicBuyer));
        }

        if (ctx.StagePlaybook is { } hit)
        {
            ids.Add(ctx.Cite(hit));
        }

        return ids;
    }

    private static string[] Risks(Cause cause) => cause switch
    {
        Cause.ProductDefect => [FlagCodes.StaleP1, "support", "product_gap"],
        Cause.Outage => [FlagCodes.StaleP1, "support"],
        Cause.Enablement => [FlagCodes.UsageDrop, "adoption", "onboarding"],
        Cause.RelationshipLoss => [FlagCodes.ChampionLeft, FlagCodes.NoSponsor, "relationship"],
        Cause.ValueNotProven => ["outcomes", "value"],
        Cause.BudgetOrPrice => ["budget", "price", "downsell", FlagCodes.RenewalAtRisk],
        Cause.Competitor => ["competitor", "competition"],
        _ => ["reorg", "relationship"],
    };

    private static PlannedAction? CauseAction(AccountContext ctx, CauseFinding cause, Func<int, DateOnly> due)
    {
        var s = ctx.Situation;
        var ids = cause.Citations;
        var champion = s.Champion?.Name;
        switch (cause.Cause)
        {
            case Cause.ProductDefect:
                var defects = ctx.OpenTickets.Where(t => t.Category == TicketCategory.Bug).Take(3).Select(t => t.TicketId).ToList();
                return new("Support", due(3), $"get engineering to commit to a fix date for {(defects.Count == 0 ? "the defect" : string.Join(", ", defects))} and tell {champion ?? "the customer"} in writing.",
                    [.. ids, .. ctx.OpenTickets.Where(t => t.Category == TicketCategory.Bug).Take(3).Select(ctx.Cite)]);
            case Cause.Outage:
                var outage = ctx.OpenTickets.FirstOrDefault(t => t.Category == TicketCategory.Outage) ?? ctx.OpenTickets.FirstOrDefault(t => t.Priority == TicketPriority.P1);
                return new("Support", due(2), $"send {s.Sponsor?.Name ?? champion ?? "the customer"} a root-cause report{(outage is null ? "" : $" on {outage.TicketId}")} and what changes so it does not recur.",
                    outage is null ? ids : [.. ids, ctx.Cite(outage)]);
            case Cause.Enablement:
                return new("CSM", due(14), "run role-based training for the teams whose usage fell, newest users first, on the workflows they need.", ids);
            case Cause.RelationshipLoss when s.DepartedChampion is { } left && s.Champion is null:
                var candidate = ctx.ActiveContacts.FirstOrDefault(c => c.Role is ContactRole.EndUser or ContactRole.TechnicalBuyer && c.Sentiment != Sentiment.Negative);
                return new("CSM", due(7), $"find and brief a new champion to replace {left.Name}; start with {candidate?.Name ?? "the most engaged power user"}.",
                    candidate is null ? [.. ids, ctx.Cite(left)] : [.. ids, ctx.Cite(left), ctx.Cite(candidate)]);
            case Cause.RelationshipLoss when s.DepartedSponsor is { } gone:
                return new("CSM", due(7), $"win a new executive sponsor to replace {gone.Name}: ask {champion ?? "our main contact"} who owns the budget now.",
                    s.Champion is { } ch ? [.. ids, ctx.Cite(gone), ctx.Cite(ch)] : [.. ids, ctx.Cite(gone)]);
            case Cause.ValueNotProven:
                return new("CSM", due(10), $"review the outcomes with {s.Sponsor?.Name ?? champion ?? "the sponsor"}: what each is worth to them and the one result to show before the renewal.", ids);
            case Cause.BudgetOrPrice:
                return new("Sales", due(5), $"prepare a right-size option (fewer seats or a smaller tier) instead of a discount on the full {Format.Money(ctx.Account.Arr, ctx.Account.Currency)}.", [.. ids, ctx.CiteAccount()]);
            case Cause.Competitor:
                return new("CSM", due(10), $"run a side-by-side on their own workflows with the teams trying the other product, and take the result to {s.Sponsor?.Name ?? "the sponsor"}.", ids);
            case Cause.Reorg:
                return new("CSM", due(7), "map the new organization: who owns the budget and the rollout now; meet them before the renewal.", ids);
            default:
                return null;
        }
    }

    /// <summary>A critical flag in words a reader takes in at once; the health model's arithmetic stays in <c>health</c>.</summary>
    public static string Plain(HealthFlag flag)
    {
        ArgumentNullException.ThrowIfNull(flag);
        return flag.Code == FlagCodes.UsageDrop && System.Text.RegularExpressions.Regex.Match(flag.Description, @"is (\d+%) below") is { Success: true } m
            ? $"usage fell {m.Groups[1].Value} from its earlier level"
            : flag.Description.TrimEnd('.');
    }

    /// <summary>The one thing to do next: the first action, in a line.</summary>
    public static string NextStep(PlannedAction action) => $"{action.Owner}: {action.Text.TrimEnd('.')}";
}

/// <summary>The three lines each draft opens with, readable in Teams in 30 seconds: the situation, the one thing to do next, by when.</summary>
public static class Glance
{
    public static void Add(DraftBuilder builder, AccountContext ctx, PlannedAction? next, string? nextText = null, IReadOnlyList<string>? nextCitations = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(ctx);
        var s = ctx.Situation;
        var a = ctx.Account;
        var h = ctx.Health;
        var account = ctx.CiteAccount();
        builder.Section(DraftCatalogue.AtAGlance);
        var money = s.Money.SeatsToRightSize(a.LicensedSeats) ? $", {Format.Money(s.Money.UnusedValue, a.Currency)} of it on unused seats" : "";
        builder.Item($"{a.Name} is {(h.Scored ? $"{Format.Band(h.Band)} at {h.Score}/100" : "unscored: not enough data to score")}, {s.CauseLine()}; {Format.Money(a.Arr, a.Currency)} ARR{money}, renewal {ctx.RenewalDistance}.",
            [account, .. s.CauseCitations()]);
        var action = next ?? Plays.Actions(ctx).FirstOrDefault();
        if (nextText is not null || action is not null)
        {
            builder.Item($"Next: {nextText ?? Plays.NextStep(action!)}.", nextText is not null && nextCitations is not null ? nextCitations : action?.Citations ?? [account]);
        }
        else
        {
            builder.Item("Next: keep the regular cadence; nothing needs a rescue.", account);
        }

        var by = action?.Due ?? (ctx.DaysToRenewal > 0 ? a.RenewalDate : ctx.AsOf.AddDays(7));
        builder.Item(ctx.DaysToRenewal >= 0
            ? $"By {Format.Date(by)}; the renewal is on {Format.Date(a.RenewalDate)}."
            : $"By {Format.Date(by)}; the renewal date {Format.Date(a.RenewalDate)} has passed.", account);
    }
}
