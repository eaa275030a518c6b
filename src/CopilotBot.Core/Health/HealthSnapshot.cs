using CopilotBot.Core.Domain;

namespace CopilotBot.Core.Health;

/// <summary>
/// The figures of the five components on one day, without text: cheap enough to take for every history
/// point. The explained report is built from the snapshot of the report date only.
/// </summary>
internal struct HealthSnapshot
{
    public int Day;

    /// <summary>Usage rows [UsageStart, UsageEnd) of the sorted timeline make up the last weeks.</summary>
    public int UsageStart;
    public int UsageEnd;
    public double Utilization;
    public double UtilizationScore;
    public int FeatureIndex;
    public double? Adoption;

    public Contact? Sponsor;
    public Contact? Champion;
    public int LastTouchDay;
    public double? Relationship;

    public int TicketCount;
    public int OpenP1;
    public int OpenP2;
    public int OpenedInWindow;
    public double? Support;

    public int SurveyCount;
    public double? Sentiment;

    public double? Outcomes;

    /// <summary>Rounded weighted mean of the present components; null when they carry less than the minimum weight for a score.</summary>
    public int? Score;

    public readonly double? this[HealthComponent component] => component switch
    {
        HealthComponent.Adoption => Adoption,
        HealthComponent.Relationship => Relationship,
        HealthComponent.Outcomes => Outcomes,
        HealthComponent.Support => Support,
        _ => Sentiment,
    };

    public static HealthSnapshot Take(AccountTimeline timeline, int day, HealthOptions options)
    {
        var s = new HealthSnapshot { Day = day, FeatureIndex = -1, LastTouchDay = int.MinValue };
        s.TakeAdoption(timeline, options);
        s.TakeRelationship(timeline, options);
        s.TakeSupport(timeline, options);
        s.TakeSentiment(timeline, options);
        s.Outcomes = OutcomesScore(timeline.Data.Outcomes);
        s.Score = WeightedScore(s, options);
        return s;
    }

    /// <summary>The mean utilization of usage rows [start, end), or null when the range is empty.</summary>
    public static double? MeanUtilization(AccountTimeline timeline, int start, int end)
    {
        if (end <= start || timeline.Account.LicensedSeats <= 0)
        {
            return null;
        }
        long active = 0;
        for (var i = start; i < end; i++)
        {
            active += timeline.Usage[i].ActiveUsers;
        }
        return (double)active / (end - start) / timeline.Account.LicensedSeats;
    }

    public static double UtilizationPoints(double utilization, HealthOptions options) =>
        Math.Clamp((utilization - options.UtilizationFloor) / (options.UtilizationFull - options.UtilizationFloor), 0.0, 1.0) * 100.0;

    public static double NpsPoints(int score) => score >= 9 ? 100 : score >= 7 ? 60 : 0;

    public static double CsatPoints(int score) => Math.Clamp((score - 1) * 25.0, 0.0, 100.0);

    public static double OutcomePoints(OutcomeStatus status) => status switch
    {
        OutcomeStatus.Achieved => 100,
        OutcomeStatus.OnTrack => 80,
        OutcomeStatus.AtRisk => 30,
        _ => 0,
    };

    public static double Weight(HealthComponent component, HealthOptions options) => component switch
    {
        HealthComponent.Adoption => options.AdoptionWeight,
        HealthComponent.Relationship => options.RelationshipWeight,
        HealthComponent.Outcomes => options.OutcomesWeight,
        HealthComponent.Support => options.SupportWeight,
        _ => options.SentimentWeight,
    };

    /// <summary>Sum of the weights of the present components: the denominator of Catalyst's redistribution.</summary>
    public readonly double PresentWeight(HealthOptions options)
    {
        var total = 0.0;
        foreach (var component in AllComponents)
        {
            if (this[component] is not null)
            {
                total += Weight(component, options);
            }
        }
        return total;
    }

    public static readonly HealthComponent[] AllComponents =
        [HealthComponent.Adoption, HealthComponent.Relationship, HealthComponent.Outcomes, HealthComponent.Support, HealthComponent.Sentiment];

    /// <summary>Rounds half away from zero after trimming floating-point noise, so 74.5 is 75 however it was summed.</summary>
    public static int RoundScore(double value) =>
        (int)Math.Round(Math.Round(value, 9), MidpointRounding.AwayFromZero);

    /// <summary>Feature adoption's share of the adoption score: larger for early-market accounts.</summary>
    public static double FeatureShare(AccountTimeline timeline, HealthOptions options) =>
        timeline.Account.AdoptionStage == Domain.AdoptionStage.EarlyMarket ? options.EarlyMarketFeatureAdoptionShare : options.FeatureAdoptionShare;

    /// <summary>A survey's weight in the sentiment mean: less when its respondent had left by <paramref name="day"/>.</summary>
    public static double SurveyWeight(AccountTimeline timeline, Survey survey, int day, HealthOptions options)
    {
        if (survey.ContactId is null)
        {
            return 1.0;
        }

        foreach (var contact in timeline.Data.Contacts)
        {
            if (contact.ContactId == survey.ContactId)
            {
                return AccountTimeline.IsActiveOn(contact, day) ? 1.0 : options.DepartedSurveyWeight;
            }
        }

        return 1.0;
    }

    private void TakeAdoption(AccountTimeline timeline, HealthOptions options)
    {
        UsageEnd = AccountTimeline.CountOnOrBefore(timeline.UsageDays, Day);
        UsageStart = Math.Max(0, UsageEnd - options.UsageWindowWeeks);
        if (MeanUtilization(timeline, UsageStart, UsageEnd) is not { } utilization)
        {
            return;
        }
        Utilization = utilization;
        UtilizationScore = UtilizationPoints(utilization, options);
        for (var i = UsageEnd - 1; i >= UsageStart; i--)
        {
            if (timeline.Usage[i].FeatureAdoptionPct is not null)
            {
                FeatureIndex = i;
                break;
            }
        }
        var share = FeatureShare(timeline, options);
        Adoption = FeatureIndex < 0
            ? UtilizationScore
            : ((1 - share) * UtilizationScore)
              + (share * Math.Clamp((double)timeline.Usage[FeatureIndex].FeatureAdoptionPct!.Value, 0.0, 100.0));
    }

    private void TakeRelationship(AccountTimeline timeline, HealthOptions options)
    {
        var interactions = AccountTimeline.CountOnOrBefore(timeline.InteractionDays, Day);
        var contacts = timeline.Data.Contacts;
        if (contacts.Count == 0 && interactions == 0)
        {
            return;
        }
        if (interactions > 0)
        {
            LastTouchDay = timeline.InteractionDays[interactions - 1];
        }
        for (var i = 0; i < contacts.Count; i++)
        {
            var contact = contacts[i];
            if (contact.LastContactDate is { } last && last.DayNumber <= Day && last.DayNumber > LastTouchDay)
            {
                LastTouchDay = last.DayNumber;
            }
            if (!AccountTimeline.IsActiveOn(contact, Day))
            {
                continue;
            }
            if (Sponsor is null && contact.Role == ContactRole.ExecutiveSponsor && contact.Sentiment != Domain.Sentiment.Negative)
            {
                Sponsor = contact;
            }
            if (Champion is null && contact.Role == ContactRole.Champion)
            {
                Champion = contact;
            }
        }
        Relationship = (Sponsor is null ? 0 : 40) + (Champion is null ? 0 : 40) + TouchPoints(LastTouchDay, Day, options);
    }

    public static int TouchPoints(int lastTouchDay, int day, HealthOptions options)
    {
        if (lastTouchDay == int.MinValue)
        {
            return 0;
        }
        var days = day - lastTouchDay;
        return days <= options.RecentContactDays ? 20 : days <= options.NoContactDays ? 10 : 0;
    }

    private void TakeSupport(AccountTimeline timeline, HealthOptions options)
    {
        var tickets = timeline.Data.Tickets;
        for (var i = 0; i < tickets.Count; i++)
        {
            var ticket = tickets[i];
            var opened = ticket.OpenedDate.DayNumber;
            if (opened > Day)
            {
                continue;
            }
            TicketCount++;
            if (Day - opened <= options.TicketWindowDays)
            {
                OpenedInWindow++;
            }
            if (Day < timeline.TicketClosedDays[i])
            {
                if (ticket.Priority == TicketPriority.P1)
                {
                    OpenP1++;
                }
                else if (ticket.Priority == TicketPriority.P2)
                {
                    OpenP2++;
                }
            }
        }
        if (TicketCount > 0)
        {
            Support = Math.Max(0, 100 - (40 * OpenP1) - (15 * OpenP2) - (5 * Math.Max(0, OpenedInWindow - options.FreeTicketsInWindow)));
        }
    }

    private void TakeSentiment(AccountTimeline timeline, HealthOptions options)
    {
        var surveys = timeline.Data.Surveys;
        var total = 0.0;
        var weights = 0.0;
        for (var i = 0; i < surveys.Count; i++)
        {
            var survey = surveys[i];
            var age = Day - survey.Date.DayNumber;
            if (age < 0 || age > options.SurveyWindowDays)
            {
                continue;
            }
            SurveyCount++;
            var weight = SurveyWeight(timeline, survey, Day, options);
            weights += weight;
            total += weight * (survey.Type == SurveyType.Nps ? NpsPoints(survey.Score) : CsatPoints(survey.Score));
        }
        if (SurveyCount > 0 && weights > 0)
        {
            Sentiment = total / weights;
        }
    }

    private static double? OutcomesScore(IReadOnlyList<Outcome> outcomes)
    {
        if (outcomes.Count == 0)
        {
            return null;
        }
        var total = 0.0;
        for (var i = 0; i < outcomes.Count; i++)
        {
            total += OutcomePoints(outcomes[i].Status);
        }
        return total / outcomes.Count;
    }

    private static int? WeightedScore(in HealthSnapshot s, HealthOptions options)
    {
        var weighted = 0.0;
        var present = 0.0;
        foreach (var component in AllComponents)
        {
            if (s[component] is { } score)
            {
                var weight = Weight(component, options);
                weighted += score * weight;
                present += weight;
            }
        }
        // A small tolerance: weights from configuration sum in floating point (0.35 + 0.15 is 0.5 however it is summed).
        return present > 0 && present >= options.MinimumScoredWeight - 1e-9 ? RoundScore(weighted / present) : null;
    }
}
