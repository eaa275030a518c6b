using CopilotBot.Core.Domain;
using CopilotBot.Core.Storage;

namespace CopilotBot.Tests.Fakes;

/// <summary>A portfolio held in memory, for tests of what sits above the store.</summary>
internal sealed class InMemoryPortfolioStore : IPortfolioStore
{
    private PortfolioData? _portfolio;
    private int _imports;
    private int _importTimeReads;

    public InMemoryPortfolioStore(PortfolioData? portfolio = null) => _portfolio = portfolio;

    public Task ReplacePortfolioAsync(PortfolioData portfolio, CancellationToken cancellationToken = default)
    {
        _portfolio = portfolio;
        _imports++;
        return Task.CompletedTask;
    }

    public Task<bool> HasPortfolioAsync(CancellationToken cancellationToken = default) => Task.FromResult(_portfolio is not null);

    /// <summary>How often <see cref="GetImportedAtAsync"/> was asked (from any thread).</summary>
    public int ImportTimeReads => Volatile.Read(ref _importTimeReads);

    // Any value that changes with every import will do; a constructor-given portfolio counts as the first.
    public Task<DateTimeOffset?> GetImportedAtAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _importTimeReads);
        return Task.FromResult<DateTimeOffset?>(_portfolio is null ? null : DateTimeOffset.UnixEpoch.AddSeconds(_imports));
    }

    public Task<IReadOnlyList<User>> GetUsersAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_portfolio?.Users ?? []);

    public Task<IReadOnlyList<Account>> GetAccountsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_portfolio?.Accounts ?? []);

    public Task<AccountData?> GetAccountDataAsync(string accountId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_portfolio?.Accounts.Where(a => a.AccountId == accountId).Select(Gather).FirstOrDefault());

    public Task<IReadOnlyList<AccountData>> GetAccountDataAsync(IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AccountData>>(_portfolio?.Accounts.Where(a => accountIds.Contains(a.AccountId)).Select(Gather).ToList() ?? []);

    private AccountData Gather(Account account)
    {
        var p = _portfolio!;
        var id = account.AccountId;
        return new AccountData(
            account,
            p.Contacts.Where(c => c.AccountId == id).ToList(),
            p.Usage.Where(u => u.AccountId == id).ToList(),
            p.Tickets.Where(t => t.AccountId == id).ToList(),
            p.Surveys.Where(s => s.AccountId == id).ToList(),
            p.Interactions.Where(i => i.AccountId == id).ToList(),
            p.Outcomes.Where(o => o.AccountId == id).ToList());
    }
}
