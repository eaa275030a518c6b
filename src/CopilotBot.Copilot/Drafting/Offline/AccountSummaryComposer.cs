using CopilotBot.Copilot.Grounding;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;
using CopilotBot.Core.Portfolio;

namespace CopilotBot.Copilot.Drafting.Offline;

/// <summary>
/// Summaries for a manager: one account (where it stands, what changed, risks, where to step in), or a whole
/// portfolio of a CSM or a team (bands, ARR at risk, renewals in the next 90 days, biggest movers, where to step in).
/// </summary>
internal static class AccountSummaryComposer
{
    public static IReadOnlyList<DraftSection> Compose(AccountContext ctx)
    {
        var a = ctx.Account;
        var h = ctx.Health;
        var account = ctx.CiteAccount();
        var s = new DraftBuilder();
        var sit = ctx.Situation;
        // A manager's steps on an account on their list follow the triage playbook.
        var steps = StepIns(ctx).ToList();
        if (steps.Count > 0 && ctx.PlayPlaybooks.TryGetValue(Play.ManagerTriage, out var triage))
        {
            steps[0] = (steps[0].Text, [.. steps[0].Ids, ctx.Cite(triage)]);
        }

        Glance.Add(s, ctx, null, steps.Count > 0 ? steps[0].Text.TrimEnd('.') : null, steps.Count > 0 ? steps[0].Ids : null);

        s.Section("Where it stands");
        s.Item($"{a.Name}: {Format.Score(h)}, {Format.Money(a.Arr, a.Currency)} ARR renewing {Format.Date(a.RenewalDate)} ({ctx.RenewalDistance}); CSM {ctx.UserName(a.CsmEmail)}.", account);
        if (h.Flags.FirstOrDefault(f => f.ForcesRed) is { } critical)
        {
            s.Item($"Red because: {Plays.Plain(critical)}.", ctx.CiteAll(critical.Evidence, 2));
        }
        else if (h.Drag is { } drag && ctx.Component(drag) is { } c)
        {
            s.Item($"What costs the most points: {drag.ToString().ToLowerInvariant()}.", ctx.CiteAll(c.Evidence, 2));
        }

        if (sit.Money.ArrPerSeat > 0 && ctx.LatestUsage is { } used)
        {
            s.Item($"{Format.Money(sit.Money.ArrPerSeat, a.Currency)} a seat; {Format.Count(sit.Money.UnusedSeats, "seat")} unused, worth {Format.Money(sit.Money.UnusedValue, a.Currency)} a year.", [account, ctx.Cite(used)]);
        }

        s.Section("What changed");
        if (h.Trend.Delta4Weeks is { } d4)
        {
            var move = d4 == 0 ? "flat over the last 4 weeks" : $"{(d4 < 0 ? "down" : "up")} {Format.Count(Math.Abs(d4), "point")} in 4 weeks";
            s.Item($"Score {move}{(h.Trend.Delta12Weeks is { } d12 ? $" and {(d12 < 0 ? "down" : "up")} {Format.Count(Math.Abs(d12), "point")} in 12 weeks" : "")}{(h.Trend.EarlyWarning ? ": an early warning" : "")}.", ctx.CiteAll(h.Flags.SelectMany(f => f.Evidence), 2));
        }

        foreach (var i in ctx.Timeline.Take(2))
        {
            s.Item($"{Format.Date(i.Date)} {Format.Snake(i.Type.ToString())}: {PreCallBriefComposer.Summary(i.Summary)}", ctx.Cite(i));
        }

        s.Section("Risks");
        foreach (var flag in h.Flags)
        {
            s.Item(flag.Description, ctx.CiteAll(flag.Evidence));
        }

        if (h.Flags.Count == 0)
        {
            s.Item("No critical flag is raised.", account);
        }

        s.Section("Where to step in");
        foreach (var step in steps)
        {
            s.Item(step.Text, step.Ids);
        }

        return s.Build();
    }

    private static IEnumerable<(string Text, IReadOnlyList<string> Ids)> StepIns(AccountContext ctx)
    {
        var h = ctx.Health;
        var account = ctx.CiteAccount();
        var sit = ctx.Situation;
        if (h.Band == HealthBand.Red && ctx.DaysToRenewal is >= 0 and <= 90)
        {
            yield return ($"Join the renewal conversation: red with {Format.Count(ctx.DaysToRenewal, "day")} to go.", [account]);
        }

        if (sit.Primary is { } primary && Plays.Actions(ctx).FirstOrDefault(x => x.Citations.Take(primary.Citations.Count).SequenceEqual(primary.Citations)) is { } onCause)
        {
            yield return ($"Check the CSM's step on the cause ({sit.Primary!.Label}): {onCause.Text}", onCause.Citations);
        }

        foreach (var t in ctx.OpenTickets.Where(t => t.Priority == TicketPriority.P1).Take(1))
        {
            yield return ($"Push engineering on {t.TicketId}; it has been open since {Format.Date(t.OpenedDate)}.", [ctx.Cite(t)]);
        }

        if (ctx.HasFlag(FlagCodes.NoSponsor) || ctx.HasFlag(FlagCodes.ChampionLeft))
        {
            yield return ("Offer an executive-to-executive call to rebuild the relationship.", [.. ctx.CiteAll(h.Flags.Where(f => f.Code is FlagCodes.NoSponsor or FlagCodes.ChampionLeft).SelectMany(f => f.Evidence))]);
        }

        if (h.Band == HealthBand.Green && h.Flags.Count == 0)
        {
            yield return ("Nothing needed from you now; check back at the next review.", [account]);
        }
        else if (h.Band != HealthBand.Red || ctx.DaysToRenewal > 90)
        {
            yield return ("Review the CSM's remediation plan at your next one-to-one.", [account]);
        }
    }

    /// <summary>CSMs a team summary names one by one, most ARR at risk first.</summary>
    public const int MaxCsmLines = 10;

    /// <summary>
    /// A team's rows per CSM, with the CSM's name (their e-mail when unknown, "No CSM" when none); empty when the rows are
    /// all one CSM's.
    /// </summary>
    public static IReadOnlyList<(string Name, IReadOnlyList<PortfolioRow> Rows)> PerCsm(IReadOnlyList<PortfolioRow> rows, IReadOnlyDictionary<string, string>? csmNames)
    {
        var byCsm = rows.GroupBy(r => r.Account.CsmEmail ?? "", StringComparer.OrdinalIgnoreCase)
            .Select(g => (Name: csmNames?.GetValueOrDefault(g.Key) ?? (g.Key.Length == 0 ? "No CSM" : g.Key), Rows: (IReadOnlyList<PortfolioRow>)[.. g]))
            .ToList();
        return byCsm.Count > 1 ? byCsm : [];
    }

    /// <summary>
    /// The portfolio of a CSM or a team, for their manager: the glance, a line per CSM when they are several, renewals,
    /// movers, where to step in.
    /// </summary>
    /// <param name="rows">The accounts summarised.</param>
    /// <param name="asOf">The date of the figures.</param>
    /// <param name="ledger">Where each line's sources are cited.</param>
    /// <param name="csmNames">Names by CSM e-mail: with accounts of several CSMs, a line per CSM (a manager's team).</param>
    public static IReadOnlyList<DraftSection> ComposePortfolio(IReadOnlyList<PortfolioRow> rows, DateOnly asOf, CitationLedger ledger, IReadOnlyDictionary<string, string>? csmNames = null)
    {
        var s = new DraftBuilder();
        ledger.AddDerived(AccountContext.HealthModelConstants);
        string Cite(PortfolioRow r) => AccountContext.CitePortfolioRow(ledger, r, asOf);

        var currency = rows.Select(r => r.Account.Currency).FirstOrDefault() ?? "USD";
        var atRisk = rows.Where(r => r.Health.Band == HealthBand.Red).ToList();
        var totalArr = rows.Sum(r => r.Account.Arr);
        var arrAtRisk = atRisk.Sum(r => r.Account.Arr);
        ledger.AddDerived($"{rows.Count} accounts; total ARR {Format.Money(totalArr, currency)}; ARR at risk (red) {Format.Money(arrAtRisk, currency)}; "
            + string.Join("; ", Enum.GetValues<HealthBand>().Select(b => $"{rows.Count(r => r.Health.Band == b)} {Format.Band(b)}")) + $"; as of {Format.Date(asOf)}.");

        s.Section("Portfolio at a glance");
        // The owner is in the subtitle: a person's name here would be a claim the cited account rows cannot support.
        s.Item($"{rows.Count} account{(rows.Count == 1 ? "" : "s")}, {Format.Money(totalArr, currency)} ARR; {string.Join(", ", Enum.GetValues<HealthBand>().Select(b => $"{rows.Count(r => r.Health.Band == b)} {Format.Band(b)}"))}.", rows.Take(10).Select(Cite));
        if (atRisk.Count > 0)
        {
            s.Item($"ARR at risk (red accounts): {Format.Money(arrAtRisk, currency)} across {atRisk.Count} account{(atRisk.Count == 1 ? "" : "s")}.", atRisk.Select(Cite));
        }

        var byCsm = PerCsm(rows, csmNames);
        if (byCsm.Count > 0)
        {
            s.Section("By CSM");
            foreach (var csm in byCsm
                .Select(c => (c.Name, c.Rows, Red: c.Rows.Where(r => r.Health.Band == HealthBand.Red).ToList()))
                .OrderByDescending(c => c.Red.Sum(r => r.Account.Arr)).ThenByDescending(c => c.Red.Count).ThenBy(c => c.Name, StringComparer.Ordinal)
                .Take(MaxCsmLines))
            {
                // Red, yellow and green always; unscored only when there are some.
                var bands = string.Join(", ", Enum.GetValues<HealthBand>()
                    .Select(b => (Band: b, Count: csm.Rows.Count(r => r.Health.Band == b)))
                    .Where(b => b.Band != HealthBand.Unscored || b.Count > 0)
                    .Select(b => $"{b.Count} {Format.Band(b.Band)}"));
                var risk = csm.Red.Count == 0 ? "nothing red" : $"{Format.Money(csm.Red.Sum(r => r.Account.Arr), currency)} ARR at risk";
                var line = $"{csm.Name}: {csm.Rows.Count} account{(csm.Rows.Count == 1 ? "" : "s")}, {bands}; {risk}.";
                ledger.AddDerived(line);
                s.Item(line, (csm.Red.Count > 0 ? csm.Red : csm.Rows.Take(3)).Select(Cite));
            }
        }

        s.Section("Renewals in the next 90 days");
        foreach (var r in rows.Where(r => r.Account.RenewalDate >= asOf && r.Account.RenewalDate.DayNumber - asOf.DayNumber <= 90).OrderBy(r => r.Account.RenewalDate))
        {
            s.Item($"{r.Account.Name}: {Format.Date(r.Account.RenewalDate)}, {Format.Money(r.Account.Arr, r.Account.Currency)}, {Format.Score(r.Health)}.", Cite(r));
        }

        s.Section("Biggest movers");
        foreach (var r in rows.Where(r => r.Health.Trend.Delta4Weeks is not null and not 0).OrderByDescending(r => Math.Abs(r.Health.Trend.Delta4Weeks!.Value)).Take(5))
        {
            var d = r.Health.Trend.Delta4Weeks!.Value;
            s.Item($"{r.Account.Name}: {(d < 0 ? "down" : "up")} {Format.Count(Math.Abs(d), "point")} in 4 weeks, now {Format.Score(r.Health)}.", Cite(r));
        }

        s.Section("Where to step in");
        foreach (var r in rows.Where(r => r.Health.Band == HealthBand.Red || r.Health.Flags.Any(f => f.ForcesRed)).Take(5))
        {
            var days = r.Account.RenewalDate.DayNumber - asOf.DayNumber;
            var why = r.Health.Flags.Count > 0 ? string.Join("; ", r.Health.Flags.Take(2).Select(f => f.Description.TrimEnd('.'))) : Format.Score(r.Health);
            var ids = new List<string> { Cite(r) };
            ids.AddRange(r.Health.Flags.Take(2).SelectMany(f => f.Evidence.Take(1)).Select(e => ledger.CiteData(e.Source, e.Text)));
            foreach (var f in r.Health.Flags.Take(2))
            {
                ledger.AddDerived(f.Description);
            }

            s.Item($"{r.Account.Name} ({(days >= 0 ? $"{days} days to renewal" : $"renewal {-days} days overdue")}): {why}.", ids);
        }

        if (!rows.Any(r => r.Health.Band == HealthBand.Red))
        {
            s.Item("No account is red; keep to the regular review cadence.", rows.Take(3).Select(Cite));
        }

        return s.Build();
    }
}
