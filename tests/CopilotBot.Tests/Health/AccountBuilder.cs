using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;
using Microsoft.Extensions.Options;

namespace CopilotBot.Tests.Health;

/// <summary>Builds one account's rows by hand, dated relative to <see cref="AsOf"/> (a Friday).</summary>
internal sealed class AccountBuilder
{
    public static readonly DateOnly AsOf = new(2026, 11, 20);

    /// <summary>The Monday of the week containing <see cref="AsOf"/>: the most recent week_start on or before it.</summary>
    public static readonly DateOnly LastMonday = new(2026, 11, 16);

    private readonly List<Contact> _contacts = [];
    private readonly List<UsageWeek> _usage = [];
    private readonly List<Ticket> _tickets = [];
    private readonly List<Survey> _surveys = [];
    private readonly List<Interaction> _interactions = [];
    private readonly List<Outcome> _outcomes = [];
    private int _seats = 100;
    private DateOnly _renewal = AsOf.AddDays(365);
    private DateOnly? _contractStart;

    public const string Id = "A-1";

    public static DateOnly DaysAgo(int days) => AsOf.AddDays(-days);

    public static HealthScorer Scorer(HealthOptions? options = null) => new(Options.Create(options ?? new HealthOptions()));

    public AccountBuilder Seats(int seats)
    {
        _seats = seats;
        return this;
    }

    public AccountBuilder RenewsInDays(int days)
    {
        _renewal = AsOf.AddDays(days);
        return this;
    }

    public AccountBuilder ContractStart(DateOnly start)
    {
        _contractStart = start;
        return this;
    }

    /// <summary>Weekly active users, oldest first, the last one in the week of <see cref="LastMonday"/>.</summary>
    public AccountBuilder Weekly(params int[] activeUsers)
    {
        for (var i = 0; i < activeUsers.Length; i++)
        {
            Week(LastMonday.AddDays(-7 * (activeUsers.Length - 1 - i)), activeUsers[i]);
        }
        return this;
    }

    public AccountBuilder Week(DateOnly weekStart, int activeUsers, decimal? featurePct = null)
    {
        _usage.Add(new UsageWeek(Id, weekStart, activeUsers, activeUsers * 3, featurePct));
        return this;
    }

    public AccountBuilder Contact(
        ContactRole role,
        string? name = null,
        Sentiment? sentiment = null,
        DateOnly? lastContact = null,
        DateOnly? leftDate = null,
        ContactStatus? status = null)
    {
        var id = $"C-{_contacts.Count + 1}";
        _contacts.Add(new Contact(id, Id, name ?? $"Contact {id}", "Director", null, role, sentiment, lastContact,
            status ?? (leftDate is null ? ContactStatus.Active : ContactStatus.Left), leftDate));
        return this;
    }

    public AccountBuilder Ticket(TicketPriority priority, DateOnly opened, DateOnly? closed = null, string? id = null)
    {
        _tickets.Add(new Ticket(id ?? $"T-{_tickets.Count + 1}", Id, opened, closed, priority, TicketCategory.Bug,
            closed is null ? TicketStatus.Open : TicketStatus.Closed, $"Subject {_tickets.Count + 1}"));
        return this;
    }

    public AccountBuilder Survey(SurveyType type, int score, DateOnly date, string? contactId = null, string? comment = null)
    {
        _surveys.Add(new Survey($"S-{_surveys.Count + 1}", Id, contactId, date, type, score, comment));
        return this;
    }

    public AccountBuilder Interaction(DateOnly date, InteractionType type = InteractionType.Call)
    {
        _interactions.Add(new Interaction($"I-{_interactions.Count + 1}", Id, date, type, "alexw@example.com", $"Call number {_interactions.Count + 1}"));
        return this;
    }

    public AccountBuilder Outcome(OutcomeStatus status)
    {
        _outcomes.Add(new Outcome($"O-{_outcomes.Count + 1}", Id, $"Goal {_outcomes.Count + 1}", "Hours", 12, 6, 8, "hours/week", AsOf.AddDays(90), status));
        return this;
    }

    /// <summary>Every component at 100: 4 weeks at 0.8, sponsor + champion + a call 10 days ago, achieved outcome, one closed ticket, a promoter NPS.</summary>
    public AccountBuilder Perfect() =>
        Weekly(80, 80, 80, 80)
            .Contact(ContactRole.ExecutiveSponsor, "Sam Sponsor", Sentiment.Positive)
            .Contact(ContactRole.Champion, "Cara Champion", Sentiment.Positive)
            .Interaction(DaysAgo(10))
            .Outcome(OutcomeStatus.Achieved)
            .Ticket(TicketPriority.P3, DaysAgo(200), DaysAgo(190))
            .Survey(SurveyType.Nps, 10, DaysAgo(20));

    public AccountData Build() => new(
        new Account(Id, "Contoso Test", "Retail", Segment.MidMarket, AdoptionStage.Tornado, "alexw@example.com", null,
            120_000m, "USD", _contractStart, _renewal, _seats, ["Platform"]),
        _contacts, _usage, _tickets, _surveys, _interactions, _outcomes);
}
