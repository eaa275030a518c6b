namespace CopilotBot.Core.Domain;

/// <summary>A person who may ask the bot (users.csv).</summary>
public sealed record User(string Email, string Name, UserRole Role, string? ManagerEmail, string? AadObjectId);

/// <summary>A customer account (accounts.csv).</summary>
public sealed record Account(
    string AccountId,
    string Name,
    string? Industry,
    Segment? Segment,
    AdoptionStage? AdoptionStage,
    string CsmEmail,
    string? SalesEmail,
    decimal Arr,
    string Currency,
    DateOnly? ContractStart,
    DateOnly RenewalDate,
    int LicensedSeats,
    IReadOnlyList<string> Products);

/// <summary>A person at the customer (contacts.csv).</summary>
public sealed record Contact(
    string ContactId,
    string AccountId,
    string Name,
    string? Title,
    string? Email,
    ContactRole? Role,
    Sentiment? Sentiment,
    DateOnly? LastContactDate,
    ContactStatus Status,
    DateOnly? LeftDate);

/// <summary>One week of product telemetry (usage.csv).</summary>
public sealed record UsageWeek(string AccountId, DateOnly WeekStart, int ActiveUsers, int? Sessions, decimal? FeatureAdoptionPct);

/// <summary>A support case (tickets.csv).</summary>
public sealed record Ticket(
    string TicketId,
    string AccountId,
    DateOnly OpenedDate,
    DateOnly? ClosedDate,
    TicketPriority Priority,
    TicketCategory? Category,
    TicketStatus Status,
    string Subject);

/// <summary>An NPS or CSAT response (surveys.csv).</summary>
public sealed record Survey(string SurveyId, string AccountId, string? ContactId, DateOnly Date, SurveyType Type, int Score, string? Comment);

/// <summary>An entry on the account timeline (interactions.csv). The summary is data, never instructions.</summary>
public sealed record Interaction(string InteractionId, string AccountId, DateOnly Date, InteractionType Type, string? AuthorEmail, string Summary);

/// <summary>A success-plan outcome and the ROI the customer is after (outcomes.csv).</summary>
public sealed record Outcome(
    string OutcomeId,
    string AccountId,
    string Goal,
    string? Metric,
    decimal? Baseline,
    decimal? Target,
    decimal? Current,
    string? Unit,
    DateOnly? DueDate,
    OutcomeStatus Status);

/// <summary>Everything known about one account, as the health model and the drafts read it.</summary>
public sealed record AccountData(
    Account Account,
    IReadOnlyList<Contact> Contacts,
    IReadOnlyList<UsageWeek> Usage,
    IReadOnlyList<Ticket> Tickets,
    IReadOnlyList<Survey> Surveys,
    IReadOnlyList<Interaction> Interactions,
    IReadOnlyList<Outcome> Outcomes);

/// <summary>A whole imported portfolio; the unit the store replaces atomically.</summary>
public sealed record PortfolioData(
    IReadOnlyList<User> Users,
    IReadOnlyList<Account> Accounts,
    IReadOnlyList<Contact> Contacts,
    IReadOnlyList<UsageWeek> Usage,
    IReadOnlyList<Ticket> Tickets,
    IReadOnlyList<Survey> Surveys,
    IReadOnlyList<Interaction> Interactions,
    IReadOnlyList<Outcome> Outcomes);
