using CopilotBot.Core.Domain;
using CopilotBot.Core.Sample;
using CopilotBot.Core.Storage;

namespace CopilotBot.Benchmarks.Inputs;

/// <summary>
/// A generated portfolio held in memory, split per account once, so that a draft benchmark measures the copilot
/// and not a database round trip.
/// </summary>
public sealed class MemoryPortfolioStore : IPortfolioStore
{
    private readonly PortfolioData _portfolio;
    private readonly Dictionary<string, AccountData> _byId;

    public MemoryPortfolioStore(PortfolioData portfolio)
    {
        _portfolio = portfolio;
        _byId = portfolio.ByAccount().ToDictionary(d => d.Account.AccountId, StringComparer.Ordinal);
    }

    public Task ReplacePortfolioAsync(PortfolioData portfolio, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The benchmark portfolio is fixed at setup.");

    public Task<bool> HasPortfolioAsync(CancellationToken cancellationToken = default) => Task.FromResult(true);

    // Fixed at setup: one import, so the health snapshot is scored once and reused, as in a running host.
    public Task<DateTimeOffset?> GetImportedAtAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<DateTimeOffset?>(DateTimeOffset.UnixEpoch);

    public Task<IReadOnlyList<User>> GetUsersAsync(CancellationToken cancellationToken = default) => Task.FromResult(_portfolio.Users);

    public Task<IReadOnlyList<Account>> GetAccountsAsync(CancellationToken cancellationToken = default) => Task.FromResult(_portfolio.Accounts);

    public Task<AccountData?> GetAccountDataAsync(string accountId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_byId.GetValueOrDefault(accountId));

    public Task<IReadOnlyList<AccountData>> GetAccountDataAsync(IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AccountData>>([.. accountIds.Where(_byId.ContainsKey).Select(id => _byId[id])]);
}
