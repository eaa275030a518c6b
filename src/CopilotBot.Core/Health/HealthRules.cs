using CopilotBot.Core.Domain;
using static CopilotBot.Core.Health.HealthExplainer;

namespace CopilotBot.Core.Health;

/// <summary>The critical flags and expansion signals of HEALTH-MODEL.md, each raised with its evidence.</summary>
internal sealed class HealthRules(AccountTimeline timeline, HealthSnapshot now, HealthOptions options)
{
    private int Day => now.Day;

    private int DaysToRenewal => timeline.Account.RenewalDate.DayNumber - Day;

    private Evidence RenewalEvidence => new(
        SourceRef.Account(timeline.Account.AccountId),
        string.Create(Invariant, $"Renewal on {Date(timeline.Account.RenewalDate)}, {DaysToRenewal} days after {Date(Day)}"));

    public void ChampionLeft(List<HealthFlag> flags)
    {
        if (now.Champion is not null)
        {
            return;
        }
        var left = timeline.Data.Contacts
            .Where(c => c.Role == ContactRole.Champion && c.LeftDate is { } date && !AccountTimeline.IsActiveOn(c, Day) && Day - date.DayNumber <= options.ChampionLeftDays)
            .ToList();
        if (left.Count > 0)
        {
            var names = string.Join(", ", left.Select(c => $"{c.Name} (left {Date(c.LeftDate!.Value)})"));
            flags.Add(new HealthFlag(FlagCodes.ChampionLeft, true, string.Create(Invariant, $"Champion {names} left in the last {options.ChampionLeftDays} days and no active champion remains."), [.. left.Select(c => ContactEvidence(c, "Champion"))]));
        }
    }

    public void StaleP1(List<HealthFlag> flags)
    {
        var evidence = new List<Evidence>();
        var tickets = timeline.Data.Tickets;
        for (var i = 0; i < tickets.Count; i++)
        {
            var ticket = tickets[i];
            if (ticket.Priority == TicketPriority.P1 && AccountTimeline.IsOpenOn(ticket, timeline.TicketClosedDays[i], Day)
                && Day - ticket.OpenedDate.DayNumber > options.StaleP1Days)
            {
                evidence.Add(TicketEvidence(ticket, Day));
            }
        }
        if (evidence.Count > 0)
        {
            flags.Add(new HealthFlag(FlagCodes.StaleP1, true, string.Create(Invariant, $"{evidence.Count} P1 {(evidence.Count == 1 ? "ticket" : "tickets")} open for more than {options.StaleP1Days} days."), evidence));
        }
    }

    public void UsageDrop(List<HealthFlag> flags)
    {
        var baselineEnd = AccountTimeline.CountOnOrBefore(timeline.UsageDays, Day - (7 * options.UsageDropBaselineWeeksBack));
        var baselineStart = Math.Max(0, baselineEnd - options.UsageWindowWeeks);
        if (now.UsageEnd == 0 || HealthSnapshot.MeanUtilization(timeline, baselineStart, baselineEnd) is not { } baseline || baseline <= 0)
        {
            return;
        }
        var drop = (baseline - now.Utilization) / baseline;
        if (drop < options.UsageDropRatio - 1e-9)
        {
            return;
        }
        var evidence = new List<Evidence>();
        for (var i = now.UsageStart; i < now.UsageEnd; i++)
        {
            evidence.Add(UsageEvidence(timeline, i));
        }
        for (var i = baselineStart; i < baselineEnd; i++)
        {
            evidence.Add(UsageEvidence(timeline, i));
        }
        flags.Add(new HealthFlag(
            FlagCodes.UsageDrop,
            true,
            string.Create(Invariant, $"Utilization {now.Utilization:0.00} over the weeks {Date(timeline.Usage[now.UsageStart].WeekStart)} to {Date(timeline.Usage[now.UsageEnd - 1].WeekStart)} is {drop:0%} below {baseline:0.00} over the weeks {Date(timeline.Usage[baselineStart].WeekStart)} to {Date(timeline.Usage[baselineEnd - 1].WeekStart)}."),
            evidence));
    }

    public void NoSponsor(List<HealthFlag> flags)
    {
        if (DaysToRenewal > options.NoSponsorRenewalDays)
        {
            return;
        }
        var evidence = new List<Evidence> { RenewalEvidence };
        foreach (var contact in timeline.Data.Contacts)
        {
            if (contact.Role == ContactRole.ExecutiveSponsor)
            {
                if (AccountTimeline.IsActiveOn(contact, Day))
                {
                    return;
                }
                evidence.Add(ContactEvidence(contact, "Former executive sponsor"));
            }
        }
        flags.Add(new HealthFlag(FlagCodes.NoSponsor, true, string.Create(Invariant, $"No active executive sponsor, and the renewal is {DaysToRenewal} days away ({Date(timeline.Account.RenewalDate)})."), evidence));
    }

    public void Detractor(List<HealthFlag> flags)
    {
        var evidence = new List<Evidence>();
        foreach (var survey in timeline.Data.Surveys)
        {
            var age = Day - survey.Date.DayNumber;
            if (survey.Type == SurveyType.Nps && survey.Score <= 6 && age >= 0 && age <= options.DetractorDays)
            {
                evidence.Add(SurveyEvidence(timeline, survey));
            }
        }
        if (evidence.Count > 0)
        {
            flags.Add(new HealthFlag(FlagCodes.Detractor, false, string.Create(Invariant, $"{evidence.Count} NPS {(evidence.Count == 1 ? "response" : "responses")} of 0-6 in the last {options.DetractorDays} days."), evidence));
        }
    }

    public void NoContact(List<HealthFlag> flags)
    {
        if (now.LastTouchDay != int.MinValue && Day - now.LastTouchDay <= options.NoContactDays)
        {
            return;
        }
        if (LastTouch(timeline, now) is { } touch)
        {
            flags.Add(new HealthFlag(FlagCodes.NoContact60Days, false, string.Create(Invariant, $"No interaction or contact in {options.NoContactDays} days: the last was on {Date(now.LastTouchDay)}, {Day - now.LastTouchDay} days ago."), [touch]));
        }
        else
        {
            flags.Add(new HealthFlag(FlagCodes.NoContact60Days, false, "No interaction or contact is on record.", [new Evidence(SourceRef.Account(timeline.Account.AccountId), "No interaction and no contact date on record")]));
        }
    }

    /// <summary>
    /// A renewal inside the window is at risk when the band is not green, and also when, whatever the band, the
    /// sponsor or the champion is against us: the people who sign or carry the renewal outweigh a good score.
    /// </summary>
    public void RenewalAtRisk(List<HealthFlag> flags, HealthBand band)
    {
        if (DaysToRenewal > options.RenewalAtRiskDays)
        {
            return;
        }

        if (band == HealthBand.Unscored)
        {
            // Nobody can tell how a renewal weeks away stands without data: that is the risk, not a red score.
            flags.Add(new HealthFlag(FlagCodes.RenewalAtRisk, false, string.Create(Invariant, $"Renewal in {DaysToRenewal} days ({Date(timeline.Account.RenewalDate)}) with too little data to score the account."), [RenewalEvidence]));
            return;
        }

        if (band != HealthBand.Green)
        {
            flags.Add(new HealthFlag(FlagCodes.RenewalAtRisk, false, string.Create(Invariant, $"Renewal in {DaysToRenewal} days ({Date(timeline.Account.RenewalDate)}) with a {SnakeCase.Name(band)} band."), [RenewalEvidence]));
            return;
        }

        var against = KeyPeopleAgainst().ToList();
        if (against.Count > 0)
        {
            flags.Add(new HealthFlag(FlagCodes.RenewalAtRisk, false,
                string.Create(Invariant, $"Renewal in {DaysToRenewal} days ({Date(timeline.Account.RenewalDate)}) with {string.Join(" and ", against.Select(p => $"the {p.Role} {p.Contact.Name}"))} against us, despite a green band."),
                [RenewalEvidence, .. against.Select(p => p.Evidence)]));
        }
    }

    /// <summary>An active executive sponsor who is negative (by sentiment or their own NPS of 0-6 lately) raises a flag of its own.</summary>
    public void SponsorNegative(List<HealthFlag> flags)
    {
        var sponsors = KeyPeopleAgainst().Where(p => p.Contact.Role == ContactRole.ExecutiveSponsor).ToList();
        if (sponsors.Count > 0)
        {
            flags.Add(new HealthFlag(FlagCodes.SponsorNegative, false,
                $"The executive sponsor {string.Join(" and ", sponsors.Select(p => p.Contact.Name))} is negative about us.", [.. sponsors.Select(p => p.Evidence)]));
        }
    }

    /// <summary>Active sponsors and champions who are negative, or whose own NPS in the detractor window was 0-6.</summary>
    private IEnumerable<(Contact Contact, string Role, Evidence Evidence)> KeyPeopleAgainst()
    {
        foreach (var contact in timeline.Data.Contacts)
        {
            if (contact.Role is not (ContactRole.ExecutiveSponsor or ContactRole.Champion) || !AccountTimeline.IsActiveOn(contact, Day))
            {
                continue;
            }

            var role = contact.Role == ContactRole.ExecutiveSponsor ? "executive sponsor" : "champion";
            var survey = timeline.Data.Surveys
                .Where(x => x.ContactId == contact.ContactId && x.Type == SurveyType.Nps && x.Date.DayNumber <= Day && Day - x.Date.DayNumber <= options.DetractorDays)
                .OrderByDescending(x => x.Date).FirstOrDefault();
            if (survey is { Score: <= 6 })
            {
                yield return (contact, role, SurveyEvidence(timeline, survey));
            }
            else if (contact.Sentiment == Sentiment.Negative)
            {
                yield return (contact, role, ContactEvidence(contact, role == "champion" ? "Champion" : "Executive sponsor"));
            }
        }
    }

    public void SeatExpansion(List<HealthFlag> signals)
    {
        var seats = timeline.Account.LicensedSeats;
        if (now.UsageEnd - now.UsageStart < options.UsageWindowWeeks || seats <= 0)
        {
            return;
        }
        var evidence = new List<Evidence>();
        for (var i = now.UsageStart; i < now.UsageEnd; i++)
        {
            if ((double)timeline.Usage[i].ActiveUsers / seats < options.SeatExpansionUtilization - 1e-9)
            {
                return;
            }
            evidence.Add(UsageEvidence(timeline, i));
        }
        signals.Add(new HealthFlag(FlagCodes.SeatExpansion, false, string.Create(Invariant, $"Utilization at or above {options.SeatExpansionUtilization:0.##} in each of the last {options.UsageWindowWeeks} weeks on {seats} seats: room to expand."), evidence));
    }

    public void Advocate(List<HealthFlag> signals)
    {
        var outcomes = timeline.Data.Outcomes;
        if (outcomes.Count == 0 || outcomes.Any(o => o.Status is OutcomeStatus.AtRisk or OutcomeStatus.Missed))
        {
            return;
        }
        var day = Day;
        var window = options.SurveyWindowDays;
        var promoter = timeline.Data.Surveys
            .Where(x => x.Type == SurveyType.Nps && x.Score >= 9 && day - x.Date.DayNumber >= 0 && day - x.Date.DayNumber <= window)
            .OrderByDescending(x => x.Date)
            .FirstOrDefault();
        if (promoter is null)
        {
            return;
        }
        List<Evidence> evidence = [SurveyEvidence(timeline, promoter), .. outcomes.Select(OutcomeEvidence)];
        signals.Add(new HealthFlag(FlagCodes.Advocate, false, string.Create(Invariant, $"All {outcomes.Count} outcomes achieved or on track and a promoter NPS of {promoter.Score} on {Date(promoter.Date)}: a reference candidate."), evidence));
    }
}
