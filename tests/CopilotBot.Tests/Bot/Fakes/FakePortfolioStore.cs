using CopilotBot.Core.Domain;
using CopilotBot.Core.Storage;

namespace CopilotBot.Tests.Bot.Fakes;

/// <summary>The users and accounts of <see cref="SampleData"/>; the bot only reads users from the store.</summary>
public sealed class FakePortfolioStore : IPortfolioStore
{
    public int UserReads { get; private set; }

    public Task ReplacePortfolioAsync(PortfolioData portfolio, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The bot never imports.");

    public Task<bool> HasPortfolioAsync(CancellationToken cancellationToken = default) => Task.FromResult(true);

    public Task<DateTimeOffset?> GetImportedAtAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<DateTimeOffset?>(DateTimeOffset.UnixEpoch);

    public Task<IReadOnlyList<User>> GetUsersAsync(CancellationToken cancellationToken = default)
    {
        UserReads++;
        return Task.FromResult(SampleData.Users);
    }

    public Task<IReadOnlyList<Account>> GetAccountsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(SampleData.Accounts);

    public Task<AccountData?> GetAccountDataAsync(string accountId, CancellationToken cancellationToken = default) =>
        Task.FromResult<AccountData?>(null);

    public Task<IReadOnlyList<AccountData>> GetAccountDataAsync(IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AccountData>>([]);
}
