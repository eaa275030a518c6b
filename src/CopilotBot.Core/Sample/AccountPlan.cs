using CopilotBot.Core.Domain;

namespace CopilotBot.Core.Sample;

/// <summary>
/// The story of one sample account on a time axis of days relative to the sample's as-of date (0), past and
/// future. Rows are materialized from it up to a cut-off, so that a later cut-off (ShiftWeeks) appends rows
/// to the same history instead of drawing a new one.
/// </summary>
internal sealed class AccountPlan
{
    public required int Number { get; init; }

    public string Id => $"A-{Number}";

    public required string Name { get; init; }

    public required string Industry { get; init; }

    public required Segment Segment { get; init; }

    public required AdoptionStage Stage { get; init; }

    public required string CsmEmail { get; init; }

    public string? SalesEmail { get; init; }

    public required decimal Arr { get; init; }

    public required int Seats { get; init; }

    public required int ContractStartDay { get; init; }

    public required int RenewalDay { get; init; }

    public required string[] Products { get; init; }

    /// <summary>What the account is meant to show; reported, not exported.</summary>
    public string Scenario { get; init; } = "generic";

    /// <summary>Planned utilization by week index (0 = the week of the as-of date, negative = earlier).</summary>
    public Func<int, double> Utilization { get; set; } = static _ => 0.7;

    /// <summary>Feature adoption (%) at the first history week and at week 0; linear between and beyond.</summary>
    public (double From, double To) Feature { get; set; } = (40, 60);

    public bool HasUsage { get; set; } = true;

    /// <summary>Expected routine tickets per week (on top of <see cref="Tickets"/>).</summary>
    public double TicketRate { get; set; } = 0.3;

    public int InteractionEveryWeeks { get; set; } = 3;

    /// <summary>No routine interaction after this day (the account went quiet).</summary>
    public int QuietAfterDay { get; set; } = int.MaxValue;

    public bool Qbrs { get; set; } = true;

    public bool RoutineSurveys { get; set; } = true;

    public (int Lo, int Hi) Nps { get; set; } = (7, 10);

    public (int Lo, int Hi) Csat { get; set; } = (3, 5);

    public List<ContactPlan> Contacts { get; } = [];

    public List<TicketPlan> Tickets { get; } = [];

    public List<SurveyPlan> Surveys { get; } = [];

    public List<InteractionPlan> Interactions { get; } = [];

    public List<OutcomePlan> Outcomes { get; } = [];

    public int ContactIndex(ContactRole role) => Contacts.FindIndex(c => c.Role == role);
}

/// <summary>A contact; <paramref name="LeftDay"/> is when they leave (possibly after the as-of date).</summary>
internal sealed record ContactPlan(string Name, string Title, ContactRole Role, Sentiment Sentiment, int? LeftDay = null);

/// <summary>A hand-placed ticket; <paramref name="Key"/> lets interaction summaries cite its id as <c>{Key}</c>.</summary>
internal sealed record TicketPlan(int OpenedDay, int? ClosedDay, TicketPriority Priority, TicketCategory Category, string Subject, string? Key = null);

internal sealed record SurveyPlan(int Day, SurveyType Type, int Score, int? Contact, string? Comment);

internal sealed record InteractionPlan(int Day, InteractionType Type, int? Contact, string Summary);

/// <summary>An outcome whose status may change on <paramref name="ChangeDay"/> to <paramref name="Later"/>.</summary>
internal sealed record OutcomePlan(int Template, OutcomeStatus Status, int DueDay, int? ChangeDay = null, OutcomeStatus? Later = null)
{
    public OutcomeStatus StatusOn(int day) => ChangeDay is { } change && day >= change && Later is { } later ? later : Status;
}
