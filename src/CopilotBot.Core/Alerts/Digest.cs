using System.Globalization;
using System.Text;
using CopilotBot.Core.Access;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;
using CopilotBot.Core.Portfolio;
using CopilotBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace CopilotBot.Core.Alerts;

/// <summary>Whose digest: a manager's (their team) or a CSM's (their accounts).</summary>
public enum DigestKind { Manager, Csm }

/// <summary>An account whose band changed during the digest week.</summary>
public sealed record BandChange(string AccountId, string Name, string CsmEmail, HealthBand From, HealthBand To, int ScoreFrom, int ScoreTo);

/// <summary>An account renewing within 90 days.</summary>
public sealed record RenewalDue(string AccountId, string Name, string CsmEmail, DateOnly RenewalDate, int Days, HealthBand Band, decimal Arr, string Currency);

/// <summary>
/// A weekly digest: band changes since <see cref="Since"/>, ARR at risk (red accounts, per currency), renewals in
/// 90 days, the alerts raised in the last week, and alerts nobody handled for more than a week. Only accounts the
/// recipient may see.
/// </summary>
public sealed record Digest(
    string Recipient,
    string RecipientName,
    DigestKind Kind,
    DateOnly AsOf,
    DateOnly Since,
    int Accounts,
    IReadOnlyList<string> Team,
    IReadOnlyList<BandChange> BandChanges,
    IReadOnlyDictionary<string, decimal> ArrAtRisk,
    IReadOnlyList<RenewalDue> Renewals,
    IReadOnlyList<Alert> NewAlerts,
    IReadOnlyList<Alert> UnhandledAlerts);

/// <summary>Builds digests; the bot sends them on schedule and <c>copilot digest</c> prints them.</summary>
public sealed class DigestBuilder(
    PortfolioService portfolio,
    IPortfolioStore store,
    IHealthScorer scorer,
    AlertService alerts,
    IOptions<AlertOptions> options,
    TimeProvider timeProvider)
{
    /// <summary>The digest of a user: managers and admins get the team digest, everyone else the digest of their own accounts.</summary>
    public async Task<Digest> BuildAsync(AccessScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var kind = scope.User.Role is UserRole.Manager or UserRole.Admin ? DigestKind.Manager : DigestKind.Csm;
        var asOf = portfolio.AsOf;
        var since = asOf.AddDays(-7);
        var rows = await portfolio.GetPortfolioAsync(scope, cancellationToken: cancellationToken).ConfigureAwait(false);
        var data = await store.GetAccountDataAsync(rows.Select(r => r.Account.AccountId).ToList(), cancellationToken).ConfigureAwait(false);
        var before = data.ToDictionary(d => d.Account.AccountId, d => scorer.Score(d, since), StringComparer.OrdinalIgnoreCase);

        var changes = rows
            // Gaining or losing a score is no band change: unscored is not on the red-to-green scale.
            .Where(r => before.TryGetValue(r.Account.AccountId, out var b) && b.Band != r.Health.Band && b.Scored && r.Health.Scored)
            .Select(r => (Row: r, Before: before[r.Account.AccountId]))
            .OrderBy(c => c.Row.Health.Band > c.Before.Band)
            .ThenBy(c => c.Row.Health.Score)
            .Select(c => new BandChange(c.Row.Account.AccountId, c.Row.Account.Name, c.Row.Account.CsmEmail, c.Before.Band, c.Row.Health.Band, c.Before.Score, c.Row.Health.Score))
            .ToList();
        var atRisk = rows.Where(r => r.Health.Band == HealthBand.Red)
            .GroupBy(r => r.Account.Currency, StringComparer.OrdinalIgnoreCase)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(r => r.Account.Arr), StringComparer.OrdinalIgnoreCase);
        var renewals = rows
            .Select(r => (Row: r, Days: r.Account.RenewalDate.DayNumber - asOf.DayNumber))
            .Where(x => x.Days is >= 0 and <= AlertDetector.RenewalWindowDays)
            .OrderBy(x => x.Days)
            .Select(x => new RenewalDue(x.Row.Account.AccountId, x.Row.Account.Name, x.Row.Account.CsmEmail, x.Row.Account.RenewalDate, x.Days,
                x.Row.Health.Band, x.Row.Account.Arr, x.Row.Account.Currency))
            .ToList();
        var now = timeProvider.GetUtcNow();
        var open = await alerts.ListAsync(scope, AlertFilter.Open, cancellationToken).ConfigureAwait(false);
        var fresh = open.Where(a => a.RaisedAt >= now.AddDays(-7)).ToList();
        var unhandled = open.Where(a => a.RaisedAt < now.AddDays(-options.Value.UnhandledAfterDays)).ToList();

        var team = scope.Team.Where(e => !string.Equals(e, scope.User.Email, StringComparison.OrdinalIgnoreCase)).Order(StringComparer.OrdinalIgnoreCase).ToList();
        return new Digest(scope.User.Email, scope.User.Name, kind, asOf, since, rows.Count, team, changes, atRisk, renewals, fresh, unhandled);
    }
}

/// <summary>A digest as markdown (Teams message, <c>copilot digest</c>).</summary>
public static class DigestMarkdown
{
    public static string Render(Digest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        var whose = digest.Kind == DigestKind.Manager ? "team" : "accounts";
        md.Append(c, $"## Weekly digest for {digest.RecipientName}: your {whose}, {Iso(digest.Since)} to {Iso(digest.AsOf)}\n\n");
        md.Append(c, $"{digest.Accounts} accounts");
        if (digest.Team.Count > 0)
        {
            md.Append(c, $" (team: {string.Join(", ", digest.Team)})");
        }

        md.Append("\n\n### ARR at risk (red accounts)\n");
        if (digest.ArrAtRisk.Count == 0)
        {
            md.Append("- none\n");
        }

        foreach (var (currency, arr) in digest.ArrAtRisk)
        {
            md.Append(c, $"- {arr:N0} {currency}\n");
        }

        md.Append("\n### Band changes this week\n");
        Section(md, digest.BandChanges, b => string.Create(c, $"- {b.Name} ({b.AccountId}): {Band(b.From)} {b.ScoreFrom} → {Band(b.To)} {b.ScoreTo} (CSM {b.CsmEmail})"));
        md.Append("\n### Renewals in the next 90 days\n");
        Section(md, digest.Renewals, r => string.Create(c, $"- {r.Name} ({r.AccountId}): {Iso(r.RenewalDate)}, in {r.Days} days, {Band(r.Band)}, {r.Arr:N0} {r.Currency} (CSM {r.CsmEmail})"));
        md.Append("\n### New alerts this week\n");
        Section(md, digest.NewAlerts, a => string.Create(c, $"- {a.Title} (raised {Iso(DateOnly.FromDateTime(a.RaisedAt.UtcDateTime))}, `{a.Key}`)"));
        md.Append("\n### Alerts unhandled for more than 7 days\n");
        Section(md, digest.UnhandledAlerts, a => string.Create(c, $"- {a.Title} (raised {Iso(DateOnly.FromDateTime(a.RaisedAt.UtcDateTime))}, `{a.Key}`)"));
        return md.ToString();
    }

    private static void Section<T>(StringBuilder md, IReadOnlyList<T> items, Func<T, string> line)
    {
        if (items.Count == 0)
        {
            md.Append("- none\n");
        }

        foreach (var item in items)
        {
            md.Append(line(item)).Append('\n');
        }
    }

    private static string Band(HealthBand band) => SnakeCase.Name(band);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
