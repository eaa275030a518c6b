namespace CopilotBot.Core.Domain;

/// <summary>
/// Where a fact comes from, in the citation form of DESIGN.md: <c>tickets.csv#T-1042</c>,
/// <c>usage.csv#A-100@2026-10-05</c>, <c>accounts.csv#A-100</c>. Every piece of evidence carries one,
/// so that drafts can cite the row behind each claim.
/// </summary>
public static class SourceRef
{
    public static string Account(string accountId) => $"accounts.csv#{accountId}";
    public static string Contact(string contactId) => $"contacts.csv#{contactId}";
    public static string Usage(string accountId, DateOnly weekStart) => $"usage.csv#{accountId}@{weekStart:yyyy-MM-dd}";
    public static string Ticket(string ticketId) => $"tickets.csv#{ticketId}";
    public static string Survey(string surveyId) => $"surveys.csv#{surveyId}";
    public static string Interaction(string interactionId) => $"interactions.csv#{interactionId}";
    public static string Outcome(string outcomeId) => $"outcomes.csv#{outcomeId}";
    public static string User(string email) => $"users.csv#{email}";
}
