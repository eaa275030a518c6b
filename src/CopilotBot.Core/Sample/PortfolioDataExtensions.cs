using CopilotBot.Core.Domain;

namespace CopilotBot.Core.Sample;

/// <summary>Splits a whole portfolio into per-account data, the unit the health model scores.</summary>
public static class PortfolioDataExtensions
{
    /// <summary>Rows in all files together, as an import counts them.</summary>
    public static int RowCount(this PortfolioData p) =>
        p.Users.Count + p.Accounts.Count + p.Contacts.Count + p.Usage.Count + p.Tickets.Count + p.Surveys.Count + p.Interactions.Count + p.Outcomes.Count;

    /// <summary>One <see cref="AccountData"/> per account, in account order, in a single pass over each file's rows.</summary>
    public static IReadOnlyList<AccountData> ByAccount(this PortfolioData portfolio)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        var contacts = Group(portfolio.Contacts, static r => r.AccountId);
        var usage = Group(portfolio.Usage, static r => r.AccountId);
        var tickets = Group(portfolio.Tickets, static r => r.AccountId);
        var surveys = Group(portfolio.Surveys, static r => r.AccountId);
        var interactions = Group(portfolio.Interactions, static r => r.AccountId);
        var outcomes = Group(portfolio.Outcomes, static r => r.AccountId);
        return [.. portfolio.Accounts.Select(a => new AccountData(
            a,
            Rows(contacts, a.AccountId),
            Rows(usage, a.AccountId),
            Rows(tickets, a.AccountId),
            Rows(surveys, a.AccountId),
            Rows(interactions, a.AccountId),
            Rows(outcomes, a.AccountId)))];
    }

    private static Dictionary<string, List<T>> Group<T>(IReadOnlyList<T> rows, Func<T, string> key)
    {
        var groups = new Dictionary<string, List<T>>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var id = key(row);
            if (!groups.TryGetValue(id, out var list))
            {
                groups[id] = list = [];
            }
            list.Add(row);
        }
        return groups;
    }

    private static IReadOnlyList<T> Rows<T>(Dictionary<string, List<T>> groups, string accountId) =>
        groups.TryGetValue(accountId, out var rows) ? rows : [];
}
