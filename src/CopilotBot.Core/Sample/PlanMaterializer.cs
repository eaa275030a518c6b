using System.Globalization;
using CopilotBot.Core.Domain;

namespace CopilotBot.Core.Sample;

/// <summary>
/// Turns account plans into rows dated up to the cut-off. Every random draw is keyed by (seed, account, stream,
/// position in time), never by how many rows came before, so a later cut-off only appends rows.
/// </summary>
internal sealed class PlanMaterializer
{
    private const int UsageStream = 1;
    private const int TicketStream = 2;
    private const int InteractionStream = 3;
    private const int SurveyStream = 4;
    private const int OutcomeStream = 5;

    private readonly SampleOptions _options;
    private readonly int _cutoff;
    private readonly int _mondayOffset;
    private readonly int _firstWeek;

    public PlanMaterializer(SampleOptions options)
    {
        _options = options;
        _cutoff = 7 * options.ShiftWeeks;
        _mondayOffset = -(((int)options.AsOf.DayOfWeek + 6) % 7);
        _firstWeek = -(options.Weeks - 1);
    }

    public List<Account> Accounts { get; } = [];

    public List<Contact> Contacts { get; } = [];

    public List<UsageWeek> Usage { get; } = [];

    public List<Ticket> Tickets { get; } = [];

    public List<Survey> Surveys { get; } = [];

    public List<Interaction> Interactions { get; } = [];

    public List<Outcome> Outcomes { get; } = [];

    private DateOnly Date(int day) => _options.AsOf.AddDays(day);

    private int Monday(int week) => _mondayOffset + (7 * week);

    private double Noise(AccountPlan plan, int stream, int index) => SampleNoise.At(_options.Seed, plan.Number, stream, index);

    public void Write(AccountPlan plan)
    {
        var renewal = plan.RenewalDay;
        while (renewal < _cutoff)
        {
            renewal += 365; // renewed while the export moved on
        }
        Accounts.Add(new Account(plan.Id, plan.Name, plan.Industry, plan.Segment, plan.Stage, plan.CsmEmail, plan.SalesEmail,
            plan.Arr, "USD", Date(plan.ContractStartDay), Date(renewal), plan.Seats, plan.Products));

        var firstWeek = _firstWeek;
        while (Monday(firstWeek) + 6 < plan.ContractStartDay)
        {
            firstWeek++;
        }
        var start = Monday(firstWeek);
        if (plan.HasUsage)
        {
            WriteUsage(plan, firstWeek);
        }
        var tickets = WriteTickets(plan, firstWeek, start);
        var interactions = WriteInteractions(plan, firstWeek, start, tickets);
        WriteSurveys(plan, firstWeek, start, tickets);
        WriteContacts(plan, interactions);
        WriteOutcomes(plan);
    }

    private double PlannedUtilization(AccountPlan plan, int week) => Math.Clamp(plan.Utilization(week), 0.0, 1.0);

    private void WriteUsage(AccountPlan plan, int firstWeek)
    {
        var span = Math.Max(1, -firstWeek);
        for (var week = firstWeek; Monday(week) <= _cutoff; week++)
        {
            var u = Math.Clamp(PlannedUtilization(plan, week) * (1 + (0.06 * (Noise(plan, UsageStream, (3 * week) + 1000) - 0.5))), 0.0, 1.0);
            var active = (int)Math.Round(plan.Seats * u);
            var sessions = (int)Math.Round(active * (3 + (3 * Noise(plan, UsageStream, (3 * week) + 1001))));
            var feature = plan.Feature.From + ((plan.Feature.To - plan.Feature.From) * (week - firstWeek) / span)
                          + (4 * (Noise(plan, UsageStream, (3 * week) + 1002) - 0.5));
            Usage.Add(new UsageWeek(plan.Id, Date(Monday(week)), active, sessions, Math.Round((decimal)Math.Clamp(feature, 0, 100), 1)));
        }
    }

    private static readonly TicketPriority[] s_priorities = [TicketPriority.P1, TicketPriority.P2, TicketPriority.P3, TicketPriority.P4];
    private static readonly (TicketCategory, string)[] s_outages = [.. SampleText.TicketSubjects.Where(t => t.Category == TicketCategory.Outage)];

    private sealed record PlannedTicket(int Opened, int? Closed, TicketPriority Priority, TicketCategory Category, string Subject, string? Key, bool Routine)
    {
        public string Id { get; set; } = "";
    }

    private List<PlannedTicket> WriteTickets(AccountPlan plan, int firstWeek, int start)
    {
        var planned = new List<PlannedTicket>();
        for (var week = firstWeek; Monday(week) <= _cutoff; week++)
        {
            for (var k = 0; k < 3; k++)
            {
                var i = (3 * (week + 10_000)) + k;
                if (Noise(plan, TicketStream, i) >= plan.TicketRate / 3)
                {
                    continue;
                }
                var roll = Noise(plan, TicketStream, i + 100_000);
                var priority = s_priorities[roll < 0.03 ? 0 : roll < 0.18 ? 1 : roll < 0.65 ? 2 : 3];
                // A P1 is an outage; the other priorities draw from every kind of subject.
                var subjects = priority == TicketPriority.P1 ? s_outages : SampleText.TicketSubjects;
                var (category, subject) = subjects[(int)(Noise(plan, TicketStream, i + 200_000) * subjects.Length)];
                var maxDays = priority switch { TicketPriority.P1 => 4, TicketPriority.P2 => 9, TicketPriority.P3 => 20, _ => 30 };
                var opened = Monday(week) + (int)(Noise(plan, TicketStream, i + 300_000) * 5);
                var closed = opened + 1 + (int)(Noise(plan, TicketStream, i + 400_000) * maxDays);
                planned.Add(new PlannedTicket(opened, closed, priority, category, subject, null, true));
            }
        }
        planned.AddRange(plan.Tickets.Select(t => new PlannedTicket(t.OpenedDay, t.ClosedDay, t.Priority, t.Category, t.Subject, t.Key, false)));
        var kept = planned.Where(t => t.Opened <= _cutoff && t.Opened >= start).OrderBy(t => t.Opened).ToList();
        for (var n = 0; n < kept.Count; n++)
        {
            var t = kept[n];
            t.Id = $"T-{plan.Number}-{n + 1:00}";
            var closed = t.Closed <= _cutoff ? t.Closed : null;
            var status = closed is not null ? TicketStatus.Closed
                : t.Priority != TicketPriority.P1 && Noise(plan, TicketStream, t.Opened + 500_000) < 0.3 ? TicketStatus.Pending
                : TicketStatus.Open;
            Tickets.Add(new Ticket(t.Id, plan.Id, Date(t.Opened), closed is { } c ? Date(c) : null, t.Priority, t.Category, status, t.Subject));
        }
        return kept;
    }

    private sealed record PlannedInteraction(int Day, InteractionType Type, int? Contact, string Summary);

    private List<PlannedInteraction> WriteInteractions(AccountPlan plan, int firstWeek, int start, List<PlannedTicket> tickets)
    {
        var planned = new List<PlannedInteraction>();
        var phase = (int)(Noise(plan, InteractionStream, 0) * plan.InteractionEveryWeeks);
        var qbrPhase = (int)(Noise(plan, InteractionStream, 1) * 13);
        for (var week = firstWeek; Monday(week) <= _cutoff; week++)
        {
            var day = Monday(week) + 1 + (int)(Noise(plan, InteractionStream, week + 10_000) * 3);
            if (day > plan.QuietAfterDay)
            {
                break;
            }
            if (plan.Qbrs && (week + 1000 + qbrPhase) % 13 == 0)
            {
                planned.Add(Qbr(plan, week, day));
            }
            else if ((week + 1000 + phase) % plan.InteractionEveryWeeks == 0)
            {
                planned.Add(Routine(plan, week, day));
            }
        }
        foreach (var ticket in tickets.Where(t => t.Routine && t.Priority == TicketPriority.P1 && t.Opened + 1 <= plan.QuietAfterDay))
        {
            var contact = Participant(plan, ticket.Opened + 1, preferSponsor: true);
            planned.Add(new PlannedInteraction(ticket.Opened + 1, InteractionType.Escalation, contact,
                $"Escalation: {ticket.Id} \"{ticket.Subject}\" raised as P1. Engineering joined a bridge call with {FirstName(plan, contact)}; hourly updates until resolved."));
        }
        foreach (var p in plan.Interactions)
        {
            var summary = p.Summary;
            foreach (var t in tickets.Where(t => t.Key is not null))
            {
                summary = summary.Replace("{" + t.Key + "}", t.Id, StringComparison.Ordinal);
            }
            planned.Add(new PlannedInteraction(p.Day, p.Type, p.Contact, summary));
        }
        var kept = planned.Where(i => i.Day <= _cutoff && i.Day >= start).OrderBy(i => i.Day).ToList();
        for (var n = 0; n < kept.Count; n++)
        {
            var i = kept[n];
            Interactions.Add(new Interaction($"I-{plan.Number}-{n + 1:00}", plan.Id, Date(i.Day), i.Type, plan.CsmEmail, i.Summary));
        }
        return kept;
    }

    private PlannedInteraction Routine(AccountPlan plan, int week, int day)
    {
        var contact = Participant(plan, day, preferSponsor: false);
        var first = FirstName(plan, contact);
        var roll = Noise(plan, InteractionStream, week + 20_000);
        var topic = SampleText.CallTopics[(int)(Noise(plan, InteractionStream, week + 30_000) * SampleText.CallTopics.Length)];
        var next = SampleText.NextSteps[(int)(Noise(plan, InteractionStream, week + 40_000) * SampleText.NextSteps.Length)];
        var utilization = PlannedUtilization(plan, week - 1);
        return roll < 0.5
            ? new PlannedInteraction(day, InteractionType.Call, contact, $"Check-in call with {first}: {topic}. Next step: {next}.")
            : roll < 0.75
                ? new PlannedInteraction(day, InteractionType.Email, contact, string.Create(Invariant, $"Emailed {first} the monthly adoption report ({utilization:0%} of {plan.Seats} seats active last week) and asked which teams need training next."))
                : new PlannedInteraction(day, InteractionType.Meeting, contact, $"Working session with {first} and the support leads: {topic}. Next step: {next}.");
    }

    private PlannedInteraction Qbr(AccountPlan plan, int week, int day)
    {
        var contact = Participant(plan, day, preferSponsor: true);
        var who = contact is { } c ? $"{plan.Contacts[c].Name} ({plan.Contacts[c].Title})" : "the customer team";
        var utilization = PlannedUtilization(plan, week - 1);
        var progress = plan.Outcomes.Count == 0 ? string.Empty : Progress(plan, plan.Outcomes[0], day);
        return new PlannedInteraction(day, InteractionType.Qbr, contact,
            string.Create(Invariant, $"QBR with {who}: {utilization:0%} of {plan.Seats} seats active.{progress} Agreed priorities for next quarter: wider rollout of {plan.Products[^1]} and a training plan for new hires."));
    }

    private string Progress(AccountPlan plan, OutcomePlan outcome, int day)
    {
        var template = SampleText.Outcomes[outcome.Template];
        // Progress builds up over the contract: an earlier QBR reports less of the gain than today's figure.
        var elapsed = Math.Clamp((day - plan.ContractStartDay) / (double)Math.Max(1, -plan.ContractStartDay), 0.2, 1.0);
        var current = template.Baseline + ((Current(plan, outcome, 0, outcome.StatusOn(day)) - template.Baseline) * (decimal)elapsed);
        return string.Create(Invariant, $" Outcome \"{template.Goal}\": {current:0.#} {template.Unit} now against a baseline of {template.Baseline:0.##} and a target of {template.Target:0.##}.");
    }

    private static int? Participant(AccountPlan plan, int day, bool preferSponsor)
    {
        ContactRole[] order = preferSponsor
            ? [ContactRole.ExecutiveSponsor, ContactRole.Champion, ContactRole.EconomicBuyer, ContactRole.TechnicalBuyer, ContactRole.EndUser]
            : [ContactRole.Champion, ContactRole.TechnicalBuyer, ContactRole.EndUser, ContactRole.ExecutiveSponsor, ContactRole.EconomicBuyer];
        foreach (var role in order)
        {
            var index = plan.Contacts.FindIndex(c => c.Role == role && (c.LeftDay is null || day < c.LeftDay));
            if (index >= 0)
            {
                return index;
            }
        }
        return null;
    }

    private static string FirstName(AccountPlan plan, int? contact) =>
        contact is { } c ? plan.Contacts[c].Name.Split(' ')[0] : "the customer team";

    private void WriteSurveys(AccountPlan plan, int firstWeek, int start, List<PlannedTicket> tickets)
    {
        var planned = new List<SurveyPlan>();
        if (plan.RoutineSurveys)
        {
            var phase = (int)(Noise(plan, SurveyStream, 0) * 13);
            for (var week = firstWeek; Monday(week) <= _cutoff; week++)
            {
                if ((week + 1000 + phase) % 13 != 0)
                {
                    continue;
                }
                var day = Monday(week) + 3;
                var score = plan.Nps.Lo + (int)(Noise(plan, SurveyStream, week + 10_000) * (plan.Nps.Hi - plan.Nps.Lo + 1));
                var contact = Participant(plan, day, preferSponsor: Noise(plan, SurveyStream, week + 20_000) < 0.3);
                planned.Add(new SurveyPlan(day, SurveyType.Nps, score, contact, Comment(plan, score, week)));
            }
            foreach (var ticket in tickets.Where(t => t.Routine && t.Closed is not null))
            {
                if (Noise(plan, SurveyStream, ticket.Opened + 30_000) < 0.35)
                {
                    var score = plan.Csat.Lo + (int)(Noise(plan, SurveyStream, ticket.Opened + 40_000) * (plan.Csat.Hi - plan.Csat.Lo + 1));
                    var comment = Noise(plan, SurveyStream, ticket.Opened + 50_000) < 0.5
                        ? SampleText.CsatComments[(int)(Noise(plan, SurveyStream, ticket.Opened + 60_000) * SampleText.CsatComments.Length)]
                        : null;
                    planned.Add(new SurveyPlan(ticket.Closed!.Value, SurveyType.Csat, score, Participant(plan, ticket.Closed.Value, false), comment));
                }
            }
        }
        planned.AddRange(plan.Surveys);
        var kept = planned.Where(s => s.Day <= _cutoff && s.Day >= start).OrderBy(s => s.Day).ToList();
        for (var n = 0; n < kept.Count; n++)
        {
            var s = kept[n];
            Surveys.Add(new Survey($"S-{plan.Number}-{n + 1:00}", plan.Id, s.Contact is { } c ? ContactId(plan, c) : null, Date(s.Day), s.Type, s.Score, s.Comment));
        }
    }

    private string? Comment(AccountPlan plan, int score, int week)
    {
        if (Noise(plan, SurveyStream, week + 70_000) >= 0.7)
        {
            return null;
        }
        var pool = score >= 9 ? SampleText.PromoterComments : score >= 7 ? SampleText.PassiveComments : SampleText.DetractorComments;
        return pool[(int)(Noise(plan, SurveyStream, week + 80_000) * pool.Length)];
    }

    private static string ContactId(AccountPlan plan, int index) => $"C-{plan.Number}-{index + 1}";

    private void WriteContacts(AccountPlan plan, List<PlannedInteraction> interactions)
    {
        for (var i = 0; i < plan.Contacts.Count; i++)
        {
            var c = plan.Contacts[i];
            var left = c.LeftDay is { } l && l <= _cutoff ? l : (int?)null;
            var last = interactions.Where(x => x.Contact == i && (left is null || x.Day <= left)).Select(x => (int?)x.Day).Max();
            Contacts.Add(new Contact(ContactId(plan, i), plan.Id, c.Name, c.Title, Email(c.Name, plan.Name), c.Role, c.Sentiment,
                last is { } d ? Date(d) : null, left is null ? ContactStatus.Active : ContactStatus.Left, left is { } ld ? Date(ld) : null));
        }
    }

    private void WriteOutcomes(AccountPlan plan)
    {
        for (var i = 0; i < plan.Outcomes.Count; i++)
        {
            var o = plan.Outcomes[i];
            var template = SampleText.Outcomes[o.Template];
            var status = o.StatusOn(_cutoff);
            Outcomes.Add(new Outcome($"O-{plan.Number}-{i + 1}", plan.Id, template.Goal, template.Metric, template.Baseline, template.Target,
                Current(plan, o, i, status), template.Unit, Date(o.DueDay), status));
        }
    }

    private decimal Current(AccountPlan plan, OutcomePlan outcome, int index, OutcomeStatus status)
    {
        var template = SampleText.Outcomes[outcome.Template];
        var progress = status switch
        {
            OutcomeStatus.Achieved => 1.0 + (0.1 * Noise(plan, OutcomeStream, index)),
            OutcomeStatus.OnTrack => 0.55 + (0.25 * Noise(plan, OutcomeStream, index)),
            OutcomeStatus.AtRisk => 0.15 + (0.2 * Noise(plan, OutcomeStream, index)),
            _ => 0.1 * Noise(plan, OutcomeStream, index),
        };
        var value = template.Baseline + ((template.Target - template.Baseline) * (decimal)progress);
        return template.Unit == "USD" ? Math.Round(value / 1000m) * 1000m : Math.Round(value, 1);
    }

    private static string Email(string name, string company)
    {
        var domain = new string([.. Ascii(company).Where(char.IsLetterOrDigit)]).ToLowerInvariant();
        return $"{Ascii(name).ToLowerInvariant().Replace(' ', '.')}@{domain}.example";
    }

    private static string Ascii(string text) => text
        .Replace('á', 'a').Replace('é', 'e').Replace('í', 'i').Replace('ó', 'o').Replace('ú', 'u')
        .Replace('ø', 'o').Replace('ñ', 'n').Replace("'", string.Empty, StringComparison.Ordinal);

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
}

/// <summary>Position-keyed pseudo-random numbers (SplitMix64): the same key always gives the same draw.</summary>
internal static class SampleNoise
{
    public static double At(int seed, int account, int stream, int index)
    {
        var x = Mix((ulong)(uint)seed * 0x9E3779B97F4A7C15UL);
        x = Mix(x ^ ((ulong)(uint)account * 0xBF58476D1CE4E5B9UL));
        x = Mix(x ^ ((ulong)(uint)stream * 0x94D049BB133111EBUL));
        x = Mix(x ^ (ulong)(uint)index);
        return (x >> 11) * (1.0 / (1UL << 53));
    }

    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
