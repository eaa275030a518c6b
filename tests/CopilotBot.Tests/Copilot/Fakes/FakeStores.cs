using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;
using CopilotBot.Core.Storage;
using CopilotBot.Knowledge;

namespace CopilotBot.Tests.Copilot.Fakes;

/// <summary>An in-memory portfolio store over a fixed portfolio.</summary>
public sealed class FakePortfolioStore(PortfolioData portfolio) : IPortfolioStore
{
    public Task ReplacePortfolioAsync(PortfolioData portfolio, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<bool> HasPortfolioAsync(CancellationToken cancellationToken = default) => Task.FromResult(true);

    public Task<DateTimeOffset?> GetImportedAtAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<DateTimeOffset?>(DateTimeOffset.UnixEpoch);

    public Task<IReadOnlyList<User>> GetUsersAsync(CancellationToken cancellationToken = default) => Task.FromResult(portfolio.Users);

    public Task<IReadOnlyList<Account>> GetAccountsAsync(CancellationToken cancellationToken = default) => Task.FromResult(portfolio.Accounts);

    public Task<AccountData?> GetAccountDataAsync(string accountId, CancellationToken cancellationToken = default) =>
        Task.FromResult(portfolio.Accounts.Any(a => a.AccountId == accountId) ? Data(accountId) : null);

    public Task<IReadOnlyList<AccountData>> GetAccountDataAsync(IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AccountData>>([.. portfolio.Accounts.Where(a => accountIds.Contains(a.AccountId)).Select(a => Data(a.AccountId))]);

    private AccountData Data(string id) => new(
        portfolio.Accounts.Single(a => a.AccountId == id),
        [.. portfolio.Contacts.Where(x => x.AccountId == id)],
        [.. portfolio.Usage.Where(x => x.AccountId == id)],
        [.. portfolio.Tickets.Where(x => x.AccountId == id)],
        [.. portfolio.Surveys.Where(x => x.AccountId == id)],
        [.. portfolio.Interactions.Where(x => x.AccountId == id)],
        [.. portfolio.Outcomes.Where(x => x.AccountId == id)]);
}

/// <summary>Returns the hand-built report of each account, whatever the date.</summary>
public sealed class FakeHealthScorer(IReadOnlyDictionary<string, HealthReport> reports) : IHealthScorer
{
    public HealthReport Score(AccountData data, DateOnly asOf) => reports[data.Account.AccountId];
}

/// <summary>Returns fixed passages, filtered by risk like the real index, and records the requests.</summary>
public sealed class FakePlaybookSearch(IReadOnlyList<PlaybookHit> hits) : IPlaybookSearch
{
    public List<SearchRequest> Requests { get; } = [];

    public Task<IReadOnlyList<PlaybookHit>> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        Requests.Add(request);
        var risks = request.Filter?.Risks;
        IReadOnlyList<PlaybookHit> result = [.. hits.Where(h => risks is null || risks.Count == 0 || h.Risks.Intersect(risks).Any()).Take(request.Top)];
        return Task.FromResult(result);
    }
}
