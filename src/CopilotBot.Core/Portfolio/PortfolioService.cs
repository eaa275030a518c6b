using CopilotBot.Core.Access;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;
using Microsoft.Extensions.Options;

namespace CopilotBot.Core.Portfolio;

/// <summary>
/// The access-checked way into the portfolio for every host and plugin: who is asking, which account they
/// mean, its data and health, and the portfolio they may see. An account outside the user's reach is
/// reported exactly like one that does not exist.
/// </summary>
public sealed class PortfolioService(
    IHealthScorer healthScorer,
    PortfolioCache cache,
    IOptions<CopilotOptions> options,
    TimeProvider timeProvider)
{
    /// <summary>The date every figure is computed as of.</summary>
    public DateOnly AsOf => options.Value.ResolveAsOf(timeProvider);

    /// <summary>A user by email or Entra object id, or null when unknown.</summary>
    public async Task<User?> FindUserAsync(string emailOrAadObjectId, CancellationToken cancellationToken = default)
    {
        var users = await cache.GetUsersAsync(cancellationToken).ConfigureAwait(false);
        return FindIn(users, emailOrAadObjectId);
    }

    /// <summary>Every user of the portfolio (names to display, reporting lines).</summary>
    public Task<IReadOnlyList<User>> GetUsersAsync(CancellationToken cancellationToken = default) => cache.GetUsersAsync(cancellationToken);

    /// <summary>The access scope of a known user; an unknown one is denied.</summary>
    public async Task<AccessScope> GetScopeAsync(string emailOrAadObjectId, CancellationToken cancellationToken = default)
    {
        var users = await cache.GetUsersAsync(cancellationToken).ConfigureAwait(false);
        var user = FindIn(users, emailOrAadObjectId)
            ?? throw new AccessDeniedException($"'{emailOrAadObjectId}' is not a user of this portfolio (users.csv).");
        return AccessScope.For(user, users);
    }

    /// <summary>The accounts the user may see.</summary>
    public async Task<IReadOnlyList<Account>> GetVisibleAccountsAsync(AccessScope scope, CancellationToken cancellationToken = default)
    {
        var accounts = await cache.GetAccountsAsync(cancellationToken).ConfigureAwait(false);
        return accounts.Where(scope.CanSee).ToList();
    }

    /// <summary>Every contact (the same list until the next import), for linking names; only those of visible accounts may be used.</summary>
    public Task<IReadOnlyList<Contact>> GetAllContactsAsync(CancellationToken cancellationToken = default) => cache.GetContactsAsync(AsOf, cancellationToken);

    /// <summary>Every account, for telling a name the user may not see from one that does not exist; only names leave the copilot.</summary>
    public Task<IReadOnlyList<Account>> GetAllAccountsAsync(CancellationToken cancellationToken = default) => cache.GetAccountsAsync(cancellationToken);

    /// <summary>Resolves an id or a (fuzzy) name among the accounts the user may see.</summary>
    public async Task<AccountMatch> MatchAccountAsync(AccessScope scope, string query, CancellationToken cancellationToken = default) =>
        AccountMatcher.Match(query, await GetVisibleAccountsAsync(scope, cancellationToken).ConfigureAwait(false));

    /// <summary>The one account the query means, or a <see cref="NotFoundException"/> naming close matches.</summary>
    public async Task<Account> ResolveAccountAsync(AccessScope scope, string query, CancellationToken cancellationToken = default)
    {
        var match = await MatchAccountAsync(scope, query, cancellationToken).ConfigureAwait(false);
        return match.Outcome switch
        {
            AccountMatchOutcome.Found => match.Account!,
            AccountMatchOutcome.Ambiguous => throw new NotFoundException(
                $"'{query}' matches several accounts: {Describe(match.Candidates)}. Say which one (id or full name)."),
            _ => throw new NotFoundException(match.Candidates.Count > 0
                ? $"No account '{query}' among yours. Did you mean: {Describe(match.Candidates)}?"
                : $"No account '{query}' among yours."),
        };
    }

    /// <summary>All rows of an account the user may see, or null when it does not exist for them.</summary>
    public async Task<AccountData?> GetAccountDataAsync(AccessScope scope, string accountId, CancellationToken cancellationToken = default)
    {
        var data = await cache.GetAccountDataAsync(accountId, cancellationToken).ConfigureAwait(false);
        return data is not null && scope.CanSee(data.Account) ? data : null;
    }

    /// <summary>The explained health of an account the user may see, or null when it does not exist for them.</summary>
    public async Task<HealthReport?> GetHealthAsync(AccessScope scope, string accountId, CancellationToken cancellationToken = default)
    {
        var data = await GetAccountDataAsync(scope, accountId, cancellationToken).ConfigureAwait(false);
        return data is null ? null : healthScorer.Score(data, AsOf);
    }

    /// <summary>
    /// The accounts the user may see, optionally narrowed to one owner (CSM or sales) of their team,
    /// worst first: band, then score, then the nearest renewal.
    /// </summary>
    public async Task<IReadOnlyList<PortfolioRow>> GetPortfolioAsync(AccessScope scope, string? ownerEmail = null, CancellationToken cancellationToken = default)
    {
        if (ownerEmail is not null && !scope.CanSeePortfolioOf(ownerEmail))
        {
            throw new AccessDeniedException($"You may not see the portfolio of '{ownerEmail}'.");
        }

        var rows = await cache.GetRowsAsync(AsOf, cancellationToken).ConfigureAwait(false);
        return rows
            .Where(r => scope.CanSee(r.Account) && (ownerEmail is null || IsOwner(r.Account, ownerEmail)))
            .ToList();
    }

    private static User? FindIn(IReadOnlyList<User> users, string emailOrAadObjectId) => users.FirstOrDefault(u =>
        string.Equals(u.Email, emailOrAadObjectId, StringComparison.OrdinalIgnoreCase) ||
        string.Equals(u.AadObjectId, emailOrAadObjectId, StringComparison.OrdinalIgnoreCase));

    private static bool IsOwner(Account account, string email) =>
        string.Equals(account.CsmEmail, email, StringComparison.OrdinalIgnoreCase) ||
        string.Equals(account.SalesEmail, email, StringComparison.OrdinalIgnoreCase);

    private static string Describe(IEnumerable<Account> accounts) =>
        string.Join(", ", accounts.Select(a => $"{a.Name} ({a.AccountId})"));
}
