using System.Globalization;
using CopilotBot.Core.Domain;

namespace CopilotBot.Core.Health;

/// <summary>
/// Turns a snapshot into component scores with sentences a CSM can check row by row against the data,
/// each figure backed by the evidence of the rows it was computed from.
/// </summary>
internal static class HealthExplainer
{
    public static IReadOnlyList<ComponentScore> Components(AccountTimeline timeline, in HealthSnapshot s, HealthOptions options)
    {
        var present = s.PresentWeight(options);
        var result = new ComponentScore[HealthSnapshot.AllComponents.Length];
        for (var i = 0; i < result.Length; i++)
        {
            var component = HealthSnapshot.AllComponents[i];
            var weight = HealthSnapshot.Weight(component, options);
            var score = s[component];
            if (score is not { } value || present <= 0)
            {
                result[i] = new ComponentScore(component, null, weight, 0, 0, Missing(component, s, weight, options), []);
                continue;
            }
            var effective = weight / present;
            var evidence = new List<Evidence>();
            var text = component switch
            {
                HealthComponent.Adoption => Adoption(timeline, s, options, evidence),
                HealthComponent.Relationship => Relationship(timeline, s, options, evidence),
                HealthComponent.Outcomes => Outcomes(timeline, evidence),
                HealthComponent.Support => Support(timeline, s, options, evidence),
                _ => Sentiment(timeline, s, options, evidence),
            };
            var share = Math.Abs(effective - weight) < 1e-9
                ? string.Create(Invariant, $" Weight {weight:0.##%} contributes {value * effective:0.#} points.")
                : string.Create(Invariant, $" Weight {weight:0.##%}, {effective:0.##%} after missing data is redistributed, contributes {value * effective:0.#} points.");
            result[i] = new ComponentScore(component, value, weight, effective, value * effective, text + share, evidence);
        }
        return result;
    }

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Date(int day) => Date(DateOnly.FromDayNumber(day));

    public static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static Evidence UsageEvidence(AccountTimeline timeline, int index)
    {
        var week = timeline.Usage[index];
        var seats = timeline.Account.LicensedSeats;
        return new Evidence(
            SourceRef.Usage(week.AccountId, week.WeekStart),
            string.Create(Invariant, $"Week of {Date(week.WeekStart)}: {week.ActiveUsers} active users of {seats} seats (utilization {(double)week.ActiveUsers / seats:0.00})")
                + (week.FeatureAdoptionPct is { } f ? string.Create(Invariant, $", feature adoption {f:0.#}%") : string.Empty));
    }

    public static Evidence ContactEvidence(Contact contact, string what) =>
        new(SourceRef.Contact(contact.ContactId), string.Create(Invariant, $"{what} {contact.Name}{(contact.Title is null ? string.Empty : $" ({contact.Title})")}, {(contact.Status == ContactStatus.Left ? "left" + (contact.LeftDate is { } l ? " on " + Date(l) : string.Empty) : "active")}{(contact.Sentiment is { } m ? ", sentiment " + SnakeCase.Name(m) : string.Empty)}"));

    public static Evidence TicketEvidence(Ticket ticket, int day) =>
        new(SourceRef.Ticket(ticket.TicketId), string.Create(Invariant, $"{ticket.TicketId} {ticket.Priority} {SnakeCase.Name(ticket.Status)}, opened {Date(ticket.OpenedDate)} ({day - ticket.OpenedDate.DayNumber} days before): {ticket.Subject}"));

    public static Evidence SurveyEvidence(AccountTimeline timeline, Survey survey)
    {
        var who = survey.ContactId is { } id ? timeline.Data.Contacts.FirstOrDefault(c => c.ContactId == id)?.Name : null;
        return new Evidence(
            SourceRef.Survey(survey.SurveyId),
            string.Create(Invariant, $"{(survey.Type == SurveyType.Nps ? "NPS" : "CSAT")} {survey.Score}{(who is null ? string.Empty : " from " + who)} on {Date(survey.Date)}")
                + (string.IsNullOrWhiteSpace(survey.Comment) ? string.Empty : $": \"{survey.Comment}\""));
    }

    public static Evidence OutcomeEvidence(Outcome outcome)
    {
        var figures = new List<string>(3);
        if (outcome.Baseline is { } b)
        {
            figures.Add(string.Create(Invariant, $"baseline {b:0.##}"));
        }
        if (outcome.Target is { } t)
        {
            figures.Add(string.Create(Invariant, $"target {t:0.##}"));
        }
        if (outcome.Current is { } c)
        {
            figures.Add(string.Create(Invariant, $"current {c:0.##}"));
        }
        var measured = figures.Count == 0 ? string.Empty : $" ({string.Join(", ", figures)}{(outcome.Unit is null ? string.Empty : " " + outcome.Unit)})";
        return new Evidence(SourceRef.Outcome(outcome.OutcomeId), $"{outcome.Goal}: {SnakeCase.Name(outcome.Status)}{measured}");
    }

    /// <summary>The row behind the last interaction or contact on or before the snapshot day, if any.</summary>
    public static Evidence? LastTouch(AccountTimeline timeline, in HealthSnapshot s)
    {
        if (s.LastTouchDay == int.MinValue)
        {
            return null;
        }
        var interactions = AccountTimeline.CountOnOrBefore(timeline.InteractionDays, s.Day);
        if (interactions > 0 && timeline.InteractionDays[interactions - 1] == s.LastTouchDay)
        {
            var last = timeline.Interactions[interactions - 1];
            return new Evidence(SourceRef.Interaction(last.InteractionId), string.Create(Invariant, $"{SnakeCase.Name(last.Type)} on {Date(last.Date)} ({s.Day - s.LastTouchDay} days before): {Shorten(last.Summary)}"));
        }
        var day = s.LastTouchDay;
        var contact = timeline.Data.Contacts.First(c => c.LastContactDate?.DayNumber == day);
        return new Evidence(SourceRef.Contact(contact.ContactId), string.Create(Invariant, $"Last contact with {contact.Name} on {Date(day)} ({s.Day - day} days before)"));
    }

    private static string Shorten(string text) => text.Length <= 160 ? text : string.Concat(text.AsSpan(0, 157), "...");

    private static string Missing(HealthComponent component, in HealthSnapshot s, double weight, HealthOptions options)
    {
        var what = component switch
        {
            HealthComponent.Adoption => $"no usage rows on or before {Date(s.Day)}",
            HealthComponent.Relationship => "no contacts and no interactions on record",
            HealthComponent.Outcomes => "no success-plan outcomes",
            HealthComponent.Support => $"no support tickets opened on or before {Date(s.Day)}",
            _ => $"no NPS or CSAT survey in the {options.SurveyWindowDays} days to {Date(s.Day)}",
        };
        return s.Score is null
            ? string.Create(Invariant, $"{component} missing: {what}; with it, too little data is left for a score.")
            : string.Create(Invariant, $"{component} missing: {what}; its {weight:0.##%} weight is spread over the other components in proportion.");
    }

    private static string Adoption(AccountTimeline timeline, in HealthSnapshot s, HealthOptions options, List<Evidence> evidence)
    {
        var seats = timeline.Account.LicensedSeats;
        evidence.Add(new Evidence(SourceRef.Account(timeline.Account.AccountId), string.Create(Invariant, $"{seats} licensed seats")));
        for (var i = s.UsageStart; i < s.UsageEnd; i++)
        {
            evidence.Add(UsageEvidence(timeline, i));
        }
        var weeks = s.UsageEnd - s.UsageStart;
        var text = string.Create(Invariant, $"Utilization {s.Utilization:0.00} ({s.Utilization * seats:0.#} active users a week on average over the {weeks} weeks {Date(timeline.Usage[s.UsageStart].WeekStart)} to {Date(timeline.Usage[s.UsageEnd - 1].WeekStart)}, of {seats} seats) scores {s.UtilizationScore:0.#} (100 at {options.UtilizationFull:0.##} or more, 0 at {options.UtilizationFloor:0.##} or less)");
        if (s.FeatureIndex < 0)
        {
            return text + ".";
        }
        var feature = timeline.Usage[s.FeatureIndex];
        var share = HealthSnapshot.FeatureShare(timeline, options);
        return text + string.Create(Invariant, $"; blended {(1 - share) * 100:0}/{share * 100:0} with feature adoption {feature.FeatureAdoptionPct:0.#}% (week of {Date(feature.WeekStart)}): {s.Adoption:0.#}.");
    }

    private static string Relationship(AccountTimeline timeline, in HealthSnapshot s, HealthOptions options, List<Evidence> evidence)
    {
        var parts = new List<string>(3);
        if (s.Sponsor is { } sponsor)
        {
            parts.Add($"executive sponsor {sponsor.Name} active and not negative: 40");
            evidence.Add(ContactEvidence(sponsor, "Executive sponsor"));
        }
        else
        {
            parts.Add("no active executive sponsor who is not negative: 0");
        }
        if (s.Champion is { } champion)
        {
            parts.Add($"champion {champion.Name} active: 40");
            evidence.Add(ContactEvidence(champion, "Champion"));
        }
        else
        {
            parts.Add("no active champion: 0");
        }
        var points = HealthSnapshot.TouchPoints(s.LastTouchDay, s.Day, options);
        if (LastTouch(timeline, s) is { } touch)
        {
            parts.Add(string.Create(Invariant, $"last interaction or contact {Date(s.LastTouchDay)}, {s.Day - s.LastTouchDay} days before: {points}"));
            evidence.Add(touch);
        }
        else
        {
            parts.Add("no interaction or contact date: 0");
        }
        return string.Create(Invariant, $"{string.Join("; ", parts)}; total {s.Relationship:0}.");
    }

    private static string Outcomes(AccountTimeline timeline, List<Evidence> evidence)
    {
        var outcomes = timeline.Data.Outcomes;
        foreach (var outcome in outcomes)
        {
            evidence.Add(OutcomeEvidence(outcome));
        }
        var counts = outcomes.GroupBy(o => o.Status).OrderBy(g => g.Key)
            .Select(g => string.Create(Invariant, $"{g.Count()} {SnakeCase.Name(g.Key)} ({HealthSnapshot.OutcomePoints(g.Key):0})"));
        return string.Create(Invariant, $"{outcomes.Count} outcome{(outcomes.Count == 1 ? string.Empty : "s")}: {string.Join(", ", counts)}; mean {outcomes.Average(o => HealthSnapshot.OutcomePoints(o.Status)):0.#}.");
    }

    private static string Support(AccountTimeline timeline, in HealthSnapshot s, HealthOptions options, List<Evidence> evidence)
    {
        var tickets = timeline.Data.Tickets;
        for (var i = 0; i < tickets.Count; i++)
        {
            var ticket = tickets[i];
            var open = AccountTimeline.IsOpenOn(ticket, timeline.TicketClosedDays[i], s.Day);
            var inWindow = ticket.OpenedDate.DayNumber <= s.Day && s.Day - ticket.OpenedDate.DayNumber <= options.TicketWindowDays;
            if (inWindow || (open && ticket.Priority is TicketPriority.P1 or TicketPriority.P2))
            {
                evidence.Add(TicketEvidence(ticket, s.Day));
            }
        }
        var extra = Math.Max(0, s.OpenedInWindow - options.FreeTicketsInWindow);
        return string.Create(Invariant, $"100 - 40 x {s.OpenP1} open P1 - 15 x {s.OpenP2} open P2 - 5 x {extra} tickets beyond the first {options.FreeTicketsInWindow} of the {s.OpenedInWindow} opened in the last {options.TicketWindowDays} days = {s.Support:0} (floor 0).");
    }

    private static string Sentiment(AccountTimeline timeline, in HealthSnapshot s, HealthOptions options, List<Evidence> evidence)
    {
        var parts = new List<string>();
        foreach (var survey in timeline.Data.Surveys.OrderBy(x => x.Date))
        {
            var age = s.Day - survey.Date.DayNumber;
            if (age < 0 || age > options.SurveyWindowDays)
            {
                continue;
            }
            var points = survey.Type == SurveyType.Nps ? HealthSnapshot.NpsPoints(survey.Score) : HealthSnapshot.CsatPoints(survey.Score);
            var weight = HealthSnapshot.SurveyWeight(timeline, survey, s.Day, options);
            parts.Add(string.Create(Invariant, $"{(survey.Type == SurveyType.Nps ? "NPS" : "CSAT")} {survey.Score} on {Date(survey.Date)} = {points:0}{(weight < 1 ? $" (weight {weight:0.##}: the respondent has left)" : "")}"));
            evidence.Add(SurveyEvidence(timeline, survey));
        }
        return string.Create(Invariant, $"{s.SurveyCount} surveys in the last {options.SurveyWindowDays} days ({string.Join(", ", parts)}); mean {s.Sentiment:0.#}.");
    }
}
