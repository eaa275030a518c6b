using CopilotBot.Core;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;
using CopilotBot.Core.Portfolio;
using CopilotBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace CopilotBot.Copilot.Access;

/// <summary>
/// The copilot's only way to read accounts: every lookup is filtered by the asking user's access rules
/// (CSM owns, sales rep sells, manager owns or manages the owner, admin sees all), so an account the user may
/// not see is indistinguishable from one that does not exist.
/// </summary>
public sealed class AccountGateway(
    IPortfolioStore store,
    IHealthScorer scorer,
    IOptions<CopilotOptions> options,
    TimeProvider timeProvider)
{
    /// <summary>The date every figure is computed as of.</summary>
    public DateOnly AsOf => options.Value.ResolveAsOf(timeProvider);

    public async Task<User?> FindUserAsync(string email, CancellationToken cancellationToken)
    {
        var users = await store.GetUsersAsync(cancellationToken).ConfigureAwait(false);
        return users.FirstOrDefault(u => string.Equals(u.Email, email.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    public async Task<IReadOnlyList<User>> UsersAsync(CancellationToken cancellationToken) =>
        await store.GetUsersAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>The accounts the user may see, by id.</summary>
    public async Task<IReadOnlyList<Account>> VisibleAccountsAsync(User user, CancellationToken cancellationToken)
    {
        var accounts = await store.GetAccountsAsync(cancellationToken).ConfigureAwait(false);
        if (user.Role == UserRole.Admin)
        {
            return accounts;
        }

        var owners = user.Role == UserRole.Manager
            ? await TeamOfAsync(user.Email, cancellationToken).ConfigureAwait(false)
            : new HashSet<string>(StringComparer.OrdinalIgnoreCase) { user.Email };
        return user.Role switch
        {
            UserRole.Sales => [.. accounts.Where(a => a.SalesEmail is not null && owners.Contains(a.SalesEmail))],
            UserRole.Csm => [.. accounts.Where(a => owners.Contains(a.CsmEmail))],
            _ => [.. accounts.Where(a => owners.Contains(a.CsmEmail) || (a.SalesEmail is not null && owners.Contains(a.SalesEmail)))],
        };
    }

    /// <summary>The user and everyone who reports to them, directly or not.</summary>
    public async Task<HashSet<string>> TeamOfAsync(string email, CancellationToken cancellationToken)
    {
        var users = await store.GetUsersAsync(cancellationToken).ConfigureAwait(false);
        var team = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { email };
        var grew = true;
        while (grew)
        {
            grew = false;
            foreach (var u in users)
            {
                if (u.ManagerEmail is not null && team.Contains(u.ManagerEmail) && team.Add(u.Email))
                {
                    grew = true;
                }
            }
        }

        return team;
    }

    /// <summary>
    /// The visible account named by <paramref name="idOrName"/> (id, exact name, then the closest name), or null.
    /// Only visible accounts are candidates, so a forbidden account is reported exactly like a missing one.
    /// </summary>
    public async Task<AccountData?> FindAccountAsync(User user, string idOrName, CancellationToken cancellationToken)
    {
        var visible = await VisibleAccountsAsync(user, cancellationToken).ConfigureAwait(false);
        var match = AccountNameMatcher.Best(visible, idOrName);
        return match is null ? null : await store.GetAccountDataAsync(match.AccountId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AccountData>> AccountDataAsync(IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken) =>
        await store.GetAccountDataAsync(accountIds, cancellationToken).ConfigureAwait(false);

    public HealthReport Health(AccountData data) => scorer.Score(data, AsOf);

    /// <summary>The visible accounts with their health, worst first.</summary>
    public async Task<IReadOnlyList<PortfolioRow>> PortfolioAsync(User user, CancellationToken cancellationToken)
    {
        var visible = await VisibleAccountsAsync(user, cancellationToken).ConfigureAwait(false);
        var data = await store.GetAccountDataAsync([.. visible.Select(a => a.AccountId)], cancellationToken).ConfigureAwait(false);
        return [.. data.Select(d => new PortfolioRow(d.Account, Health(d)))
            .OrderBy(r => r.Health.Band).ThenBy(r => r.Health.Score).ThenBy(r => r.Account.Name, StringComparer.Ordinal)];
    }
}

/// <summary>Fuzzy account-name matching shared by lookups and the question router.</summary>
public static class AccountNameMatcher
{
    public static Account? Best(IEnumerable<Account> accounts, string idOrName)
    {
        var wanted = Normalize(idOrName);
        if (wanted.Length == 0)
        {
            return null;
        }

        Account? best = null;
        var bestScore = 0.0;
        foreach (var account in accounts)
        {
            var score = Score(account, wanted);
            if (score > bestScore)
            {
                (best, bestScore) = (account, score);
            }
        }

        return bestScore >= 0.5 ? best : null;
    }

    /// <summary>1 for id or exact name, less for partial matches; 0 for none.</summary>
    public static double Score(Account account, string normalizedQuery)
    {
        if (string.Equals(account.AccountId, normalizedQuery, StringComparison.OrdinalIgnoreCase))
        {
            return 1.0;
        }

        var name = Normalize(account.Name);
        if (name == normalizedQuery)
        {
            return 1.0;
        }

        if (name.StartsWith(normalizedQuery + " ", StringComparison.Ordinal) || normalizedQuery.StartsWith(name + " ", StringComparison.Ordinal))
        {
            return 0.9;
        }

        var nameTokens = name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(t => !s_suffixes.Contains(t)).ToArray();
        var queryTokens = normalizedQuery.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (nameTokens.Length == 0)
        {
            return 0;
        }

        var hits = nameTokens.Count(t => queryTokens.Any(q => q == t || (q.Length >= 4 && t.StartsWith(q, StringComparison.Ordinal))));
        return 0.8 * hits / nameTokens.Length;
    }

    public static string Normalize(string text)
    {
        var chars = text.ToLowerInvariant().Replace("'s", "", StringComparison.Ordinal)
            .Select(c => char.IsLetterOrDigit(c) || c == '-' ? c : ' ').ToArray();
        return string.Join(' ', new string(chars).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    private static readonly HashSet<string> s_suffixes = ["inc", "corp", "co", "ltd", "llc", "gmbh", "sa", "ag", "plc", "group", "the"];
}
