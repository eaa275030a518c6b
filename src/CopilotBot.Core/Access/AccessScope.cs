using CopilotBot.Core.Domain;

namespace CopilotBot.Core.Access;

/// <summary>
/// What one user may see. The single place the access rules live: a CSM sees the accounts they own,
/// a sales rep the accounts where they are the sales owner, a manager their own and those of everyone
/// reporting to them (transitively), an admin everything. Every query, plugin, command and bot turn asks this.
/// </summary>
public sealed class AccessScope
{
    private readonly HashSet<string> _team;

    private AccessScope(User user, HashSet<string> team)
    {
        User = user;
        _team = team;
    }

    /// <summary>The user the rules apply to.</summary>
    public User User { get; }

    /// <summary>The user and, for a manager, everyone reporting to them directly or indirectly.</summary>
    public IReadOnlyCollection<string> Team => _team;

    /// <summary>Computes the scope of <paramref name="user"/> from the whole user list (for reporting lines).</summary>
    public static AccessScope For(User user, IReadOnlyList<User> users)
    {
        var team = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { user.Email };
        if (user.Role == UserRole.Manager)
        {
            var reportsByManager = users
                .Where(u => u.ManagerEmail is not null)
                .ToLookup(u => u.ManagerEmail!, StringComparer.OrdinalIgnoreCase);
            var pending = new Queue<string>([user.Email]);
            while (pending.TryDequeue(out var manager))
            {
                foreach (var report in reportsByManager[manager])
                {
                    // The set guards against reporting cycles in imported data.
                    if (team.Add(report.Email))
                    {
                        pending.Enqueue(report.Email);
                    }
                }
            }
        }

        return new AccessScope(user, team);
    }

    /// <summary>Whether the user may see the account at all.</summary>
    public bool CanSee(Account account) => User.Role switch
    {
        UserRole.Admin => true,
        UserRole.Csm => IsSame(account.CsmEmail, User.Email),
        UserRole.Sales => IsSame(account.SalesEmail, User.Email),
        UserRole.Manager => _team.Contains(account.CsmEmail) || (account.SalesEmail is not null && _team.Contains(account.SalesEmail)),
        _ => false,
    };

    /// <summary>Whether <paramref name="email"/> is someone whose portfolio this user may look at.</summary>
    public bool CanSeePortfolioOf(string email) => User.Role == UserRole.Admin || _team.Contains(email);

    private static bool IsSame(string? left, string right) => string.Equals(left, right, StringComparison.OrdinalIgnoreCase);
}
