using CopilotBot.Core.Domain;

namespace CopilotBot.Tests.Storage;

/// <summary>Portfolios built in code for store tests: every field set, including the optional ones.</summary>
public static class TestPortfolios
{
    /// <summary>A consistent portfolio whose ids all start with <paramref name="prefix"/>.</summary>
    public static PortfolioData Small(string prefix = "A", int accounts = 3, int weeks = 4)
    {
        var manager = new User($"{prefix.ToLowerInvariant()}-manager@example.com", "Morgan Manager", UserRole.Manager, null, "aad-1");
        var csm = new User($"{prefix.ToLowerInvariant()}-csm@example.com", "Casey CSM", UserRole.Csm, manager.Email, null);
        var sales = new User($"{prefix.ToLowerInvariant()}-sales@example.com", "Sam Sales", UserRole.Sales, manager.Email, null);
        var accountList = new List<Account>();
        var contacts = new List<Contact>();
        var usage = new List<UsageWeek>();
        var tickets = new List<Ticket>();
        var surveys = new List<Survey>();
        var interactions = new List<Interaction>();
        var outcomes = new List<Outcome>();
        var monday = new DateOnly(2026, 1, 5);
        for (var i = 1; i <= accounts; i++)
        {
            var id = $"{prefix}-{i:D3}";
            accountList.Add(new Account(
                id, $"Company {prefix}{i}", i % 2 == 0 ? "Retail" : null, i % 2 == 0 ? Segment.MidMarket : null, AdoptionStage.Tornado,
                csm.Email, i % 2 == 0 ? sales.Email : null, 120_000.50m + i, "EUR", new DateOnly(2025, 2, 1), new DateOnly(2026, 12, 31), 100 + i,
                i % 2 == 0 ? ["Analytics", "Chat, Pro"] : []));
            contacts.Add(new Contact($"{id}-C1", id, "Pat Champion", "VP Ops", "pat@customer.test", ContactRole.Champion, Sentiment.Positive,
                new DateOnly(2026, 3, 1), ContactStatus.Active, null));
            contacts.Add(new Contact($"{id}-C2", id, "Lee Left", null, null, null, null, null, ContactStatus.Left, new DateOnly(2026, 2, 1)));
            for (var w = 0; w < weeks; w++)
            {
                usage.Add(new UsageWeek(id, monday.AddDays(7 * w), 50 + w, w % 2 == 0 ? 300 + w : null, w % 2 == 0 ? 40.25m + w : null));
            }

            tickets.Add(new Ticket($"{id}-T1", id, new DateOnly(2026, 2, 2), null, TicketPriority.P1, TicketCategory.Outage, TicketStatus.Open, "Down, again"));
            tickets.Add(new Ticket($"{id}-T2", id, new DateOnly(2026, 1, 2), new DateOnly(2026, 1, 9), TicketPriority.P4, null, TicketStatus.Closed, "How do I?"));
            surveys.Add(new Survey($"{id}-S1", id, $"{id}-C1", new DateOnly(2026, 2, 10), SurveyType.Nps, 3, "Slow \"support\"\nand more"));
            surveys.Add(new Survey($"{id}-S2", id, null, new DateOnly(2026, 2, 11), SurveyType.Csat, 5, null));
            interactions.Add(new Interaction($"{id}-I1", id, new DateOnly(2026, 3, 2), InteractionType.Qbr, csm.Email, "QBR held; exec sponsor absent."));
            outcomes.Add(new Outcome($"{id}-O1", id, "Cut handling time", "minutes per case", 12.5m, 8m, 10.75m, "min", new DateOnly(2026, 9, 30), OutcomeStatus.AtRisk));
            outcomes.Add(new Outcome($"{id}-O2", id, "Adopt reporting", null, null, null, null, null, null, OutcomeStatus.OnTrack));
        }

        return new PortfolioData([manager, csm, sales], accountList, contacts, usage, tickets, surveys, interactions, outcomes);
    }

    /// <summary>One account's rows as the contract orders them: by id, dated rows by date then id.</summary>
    public static AccountData Expected(PortfolioData p, string accountId) => new(
        p.Accounts.Single(a => a.AccountId == accountId),
        [.. p.Contacts.Where(c => c.AccountId == accountId).OrderBy(c => c.ContactId, StringComparer.Ordinal)],
        [.. p.Usage.Where(u => u.AccountId == accountId).OrderBy(u => u.WeekStart)],
        [.. p.Tickets.Where(t => t.AccountId == accountId).OrderBy(t => t.OpenedDate).ThenBy(t => t.TicketId, StringComparer.Ordinal)],
        [.. p.Surveys.Where(s => s.AccountId == accountId).OrderBy(s => s.Date).ThenBy(s => s.SurveyId, StringComparer.Ordinal)],
        [.. p.Interactions.Where(i => i.AccountId == accountId).OrderBy(i => i.Date).ThenBy(i => i.InteractionId, StringComparer.Ordinal)],
        [.. p.Outcomes.Where(o => o.AccountId == accountId).OrderBy(o => o.OutcomeId, StringComparer.Ordinal)]);
}
