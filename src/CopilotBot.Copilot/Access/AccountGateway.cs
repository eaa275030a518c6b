using CopilotBot.Copilot.Understanding;
using CopilotBot.Core.Access;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;
using CopilotBot.Core.Portfolio;
using CopilotBot.Core.Storage;

namespace CopilotBot.Copilot.Access;

/// <summary>
/// The copilot's view of the portfolio, always through <see cref="PortfolioService"/> and the asking user's
/// <see cref="AccessScope"/>: an account the user may not see is indistinguishable from one that does not exist.
/// The store is read directly only for the rows of many accounts at once (evaluation).
/// </summary>
public sealed class AccountGateway(PortfolioService portfolio, IPortfolioStore store, IHealthScorer scorer)
{
    /// <summary>The date every figure is computed as of.</summary>
    public DateOnly AsOf => portfolio.AsOf;

    public Task<User?> FindUserAsync(string emailOrAadObjectId, CancellationToken cancellationToken) =>
        portfolio.FindUserAsync(emailOrAadObjectId.Trim(), cancellationToken);

    public Task<IReadOnlyList<User>> UsersAsync(CancellationToken cancellationToken) => portfolio.GetUsersAsync(cancellationToken);

    public async Task<AccessScope> ScopeAsync(User user, CancellationToken cancellationToken) =>
        AccessScope.For(user, await portfolio.GetUsersAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>The accounts the user may see.</summary>
    public async Task<IReadOnlyList<Account>> VisibleAccountsAsync(User user, CancellationToken cancellationToken) =>
        await portfolio.GetVisibleAccountsAsync(await ScopeAsync(user, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// What a question's names may link to: the user's accounts, their contacts and the other users; every account's
    /// name too, only so that a name the user cannot see is told from a typo (the answer is the same as for no such
    /// account).
    /// </summary>
    public async Task<LinkingData> LinkingDataAsync(User user, CancellationToken cancellationToken)
    {
        var scope = await ScopeAsync(user, cancellationToken).ConfigureAwait(false);
        var users = await portfolio.GetUsersAsync(cancellationToken).ConfigureAwait(false);
        return new LinkingData(
            user,
            await portfolio.GetVisibleAccountsAsync(scope, cancellationToken).ConfigureAwait(false),
            await portfolio.GetAllAccountsAsync(cancellationToken).ConfigureAwait(false),
            await portfolio.GetAllContactsAsync(cancellationToken).ConfigureAwait(false),
            [.. users.Where(u => !string.Equals(u.Email, user.Email, StringComparison.OrdinalIgnoreCase))]);
    }

    /// <summary>The visible account named by <paramref name="idOrName"/> (id or fuzzy name), or null when there is none or several.</summary>
    public async Task<AccountData?> FindAccountAsync(User user, string idOrName, CancellationToken cancellationToken)
    {
        var scope = await ScopeAsync(user, cancellationToken).ConfigureAwait(false);
        var match = await portfolio.MatchAccountAsync(scope, idOrName, cancellationToken).ConfigureAwait(false);
        return match.Outcome == AccountMatchOutcome.Found
            ? await portfolio.GetAccountDataAsync(scope, match.Account!.AccountId, cancellationToken).ConfigureAwait(false)
            : null;
    }

    /// <summary>Visible accounts whose name is close to <paramref name="name"/> (at most five).</summary>
    public async Task<IReadOnlyList<Account>> CandidatesAsync(User user, string name, CancellationToken cancellationToken)
    {
        var scope = await ScopeAsync(user, cancellationToken).ConfigureAwait(false);
        return (await portfolio.MatchAccountAsync(scope, name, cancellationToken).ConfigureAwait(false)).Candidates;
    }

    /// <summary>All rows of the given accounts the user may see.</summary>
    public async Task<IReadOnlyList<AccountData>> AccountDataAsync(User user, CancellationToken cancellationToken)
    {
        var visible = await VisibleAccountsAsync(user, cancellationToken).ConfigureAwait(false);
        return await store.GetAccountDataAsync([.. visible.Select(a => a.AccountId)], cancellationToken).ConfigureAwait(false);
    }

    public HealthReport Health(AccountData data) => scorer.Score(data, AsOf);

    /// <summary>The visible accounts with their health, worst first.</summary>
    public async Task<IReadOnlyList<PortfolioRow>> PortfolioAsync(User user, CancellationToken cancellationToken) =>
        await portfolio.GetPortfolioAsync(await ScopeAsync(user, cancellationToken).ConfigureAwait(false), null, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The portfolio of <paramref name="owner"/> and everyone reporting to them, as <paramref name="asker"/> may see it;
    /// null when the asker may not look at that owner's portfolio.
    /// </summary>
    public async Task<IReadOnlyList<PortfolioRow>?> PortfolioOfAsync(User asker, User owner, CancellationToken cancellationToken)
    {
        var users = await portfolio.GetUsersAsync(cancellationToken).ConfigureAwait(false);
        var scope = AccessScope.For(asker, users);
        if (!scope.CanSeePortfolioOf(owner.Email))
        {
            return null;
        }

        var rows = await portfolio.GetPortfolioAsync(scope, null, cancellationToken).ConfigureAwait(false);
        if (string.Equals(owner.Email, asker.Email, StringComparison.OrdinalIgnoreCase))
        {
            return rows; // one's own portfolio is everything one may see: an admin's is every account
        }

        var team = AccessScope.For(owner, users).Team.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return [.. rows.Where(r => team.Contains(r.Account.CsmEmail) || (r.Account.SalesEmail is not null && team.Contains(r.Account.SalesEmail)))];
    }
}
