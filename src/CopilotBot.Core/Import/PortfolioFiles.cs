namespace CopilotBot.Core.Import;

// The files and columns of DATA-FORMAT.md, version 1. Each Spec lists its columns after they are initialised.

internal static class UsersFile
{
    public static readonly CsvColumn Email = new("email", true);
    public static readonly CsvColumn Name = new("name", true);
    public static readonly CsvColumn Role = new("role", true);
    public static readonly CsvColumn ManagerEmail = new("manager_email", false);
    public static readonly CsvColumn AadObjectId = new("aad_object_id", false);
    public static readonly CsvFileSpec Spec = new("users.csv", true, [Email, Name, Role, ManagerEmail, AadObjectId]);
}

internal static class AccountsFile
{
    public static readonly CsvColumn AccountId = new("account_id", true);
    public static readonly CsvColumn Name = new("name", true);
    public static readonly CsvColumn Industry = new("industry", false);
    public static readonly CsvColumn Segment = new("segment", false);
    public static readonly CsvColumn AdoptionStage = new("adoption_stage", false);
    public static readonly CsvColumn CsmEmail = new("csm_email", true);
    public static readonly CsvColumn SalesEmail = new("sales_email", false);
    public static readonly CsvColumn Arr = new("arr", true);
    public static readonly CsvColumn Currency = new("currency", false);
    public static readonly CsvColumn ContractStart = new("contract_start", false);
    public static readonly CsvColumn RenewalDate = new("renewal_date", true);
    public static readonly CsvColumn LicensedSeats = new("licensed_seats", true);
    public static readonly CsvColumn Products = new("products", false);
    public static readonly CsvFileSpec Spec = new(
        "accounts.csv",
        true,
        [AccountId, Name, Industry, Segment, AdoptionStage, CsmEmail, SalesEmail, Arr, Currency, ContractStart, RenewalDate, LicensedSeats, Products]);
}

internal static class ContactsFile
{
    public static readonly CsvColumn ContactId = new("contact_id", true);
    public static readonly CsvColumn AccountId = new("account_id", true);
    public static readonly CsvColumn Name = new("name", true);
    public static readonly CsvColumn Title = new("title", false);
    public static readonly CsvColumn Email = new("email", false);
    public static readonly CsvColumn Role = new("role", false);
    public static readonly CsvColumn Sentiment = new("sentiment", false);
    public static readonly CsvColumn LastContactDate = new("last_contact_date", false);
    public static readonly CsvColumn Status = new("status", false);
    public static readonly CsvColumn LeftDate = new("left_date", false);
    public static readonly CsvFileSpec Spec = new(
        "contacts.csv",
        false,
        [ContactId, AccountId, Name, Title, Email, Role, Sentiment, LastContactDate, Status, LeftDate]);
}

internal static class UsageFile
{
    public static readonly CsvColumn AccountId = new("account_id", true);
    public static readonly CsvColumn WeekStart = new("week_start", true);
    public static readonly CsvColumn ActiveUsers = new("active_users", true);
    public static readonly CsvColumn Sessions = new("sessions", false);
    public static readonly CsvColumn FeatureAdoptionPct = new("feature_adoption_pct", false);
    public static readonly CsvFileSpec Spec = new("usage.csv", false, [AccountId, WeekStart, ActiveUsers, Sessions, FeatureAdoptionPct]);
}

internal static class TicketsFile
{
    public static readonly CsvColumn TicketId = new("ticket_id", true);
    public static readonly CsvColumn AccountId = new("account_id", true);
    public static readonly CsvColumn OpenedDate = new("opened_date", true);
    public static readonly CsvColumn ClosedDate = new("closed_date", false);
    public static readonly CsvColumn Priority = new("priority", true);
    public static readonly CsvColumn Category = new("category", false);
    public static readonly CsvColumn Status = new("status", true);
    public static readonly CsvColumn Subject = new("subject", true);
    public static readonly CsvFileSpec Spec = new(
        "tickets.csv",
        false,
        [TicketId, AccountId, OpenedDate, ClosedDate, Priority, Category, Status, Subject]);
}

internal static class SurveysFile
{
    public static readonly CsvColumn SurveyId = new("survey_id", true);
    public static readonly CsvColumn AccountId = new("account_id", true);
    public static readonly CsvColumn ContactId = new("contact_id", false);
    public static readonly CsvColumn Date = new("date", true);
    public static readonly CsvColumn Type = new("type", true);
    public static readonly CsvColumn Score = new("score", true);
    public static readonly CsvColumn Comment = new("comment", false);
    public static readonly CsvFileSpec Spec = new("surveys.csv", false, [SurveyId, AccountId, ContactId, Date, Type, Score, Comment]);
}

internal static class InteractionsFile
{
    public static readonly CsvColumn InteractionId = new("interaction_id", true);
    public static readonly CsvColumn AccountId = new("account_id", true);
    public static readonly CsvColumn Date = new("date", true);
    public static readonly CsvColumn Type = new("type", true);
    public static readonly CsvColumn AuthorEmail = new("author_email", false);
    public static readonly CsvColumn Summary = new("summary", true);
    public static readonly CsvFileSpec Spec = new("interactions.csv", false, [InteractionId, AccountId, Date, Type, AuthorEmail, Summary]);
}

internal static class OutcomesFile
{
    public static readonly CsvColumn OutcomeId = new("outcome_id", true);
    public static readonly CsvColumn AccountId = new("account_id", true);
    public static readonly CsvColumn Goal = new("goal", true);
    public static readonly CsvColumn Metric = new("metric", false);
    public static readonly CsvColumn Baseline = new("baseline", false);
    public static readonly CsvColumn Target = new("target", false);
    public static readonly CsvColumn Current = new("current", false);
    public static readonly CsvColumn Unit = new("unit", false);
    public static readonly CsvColumn DueDate = new("due_date", false);
    public static readonly CsvColumn Status = new("status", true);
    public static readonly CsvFileSpec Spec = new(
        "outcomes.csv",
        false,
        [OutcomeId, AccountId, Goal, Metric, Baseline, Target, Current, Unit, DueDate, Status]);
}
