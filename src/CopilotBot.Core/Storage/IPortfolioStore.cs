using CopilotBot.Core.Domain;

namespace CopilotBot.Core.Storage;

/// <summary>
/// The portfolio as imported. Implementations: SQLite (embedded default) and PostgreSQL.
/// Reads are not filtered here: the access rules (Core/Access) decide what a user may see, and
/// hosts and plugins read through the portfolio service (Core/Portfolio), never the store directly.
/// Lists come back in a stable order, the same in every implementation (tests/.../PortfolioStoreContractTests):
/// users by email, accounts by id, an account's contacts and outcomes by id, usage by week, and tickets, surveys
/// and interactions by date then id; unknown account ids are skipped.
/// </summary>
public interface IPortfolioStore
{
    /// <summary>Replaces the whole portfolio in one transaction: on any failure the previous one stays.</summary>
    Task ReplacePortfolioAsync(PortfolioData portfolio, CancellationToken cancellationToken = default);

    /// <summary>Whether a portfolio has ever been imported.</summary>
    Task<bool> HasPortfolioAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// When the portfolio in the store was imported (null before the first import). Every import changes it, so
    /// figures derived from the whole portfolio (the health snapshot) can tell they are stale, also when another
    /// instance sharing the store imported.
    /// </summary>
    Task<DateTimeOffset?> GetImportedAtAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<User>> GetUsersAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Account>> GetAccountsAsync(CancellationToken cancellationToken = default);

    /// <summary>One account with all its rows, or null when there is no such account.</summary>
    Task<AccountData?> GetAccountDataAsync(string accountId, CancellationToken cancellationToken = default);

    /// <summary>The given accounts with all their rows, in one round trip (portfolio scoring).</summary>
    Task<IReadOnlyList<AccountData>> GetAccountDataAsync(IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken = default);
}
