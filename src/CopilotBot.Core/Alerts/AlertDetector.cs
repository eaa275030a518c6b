using System.Globalization;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;

namespace CopilotBot.Core.Alerts;

/// <summary>
/// Turns an account's health (and the previous snapshot, if any) into the alert conditions that hold now. Conditions
/// that are states (a flag, a signal, an early warning, a renewal in the window) are returned every time they hold
/// and the store raises each key once; a band change can only be seen against the previous snapshot, so the first
/// detection for an account (no snapshot) raises the states that already hold but no band change.
/// </summary>
public static class AlertDetector
{
    /// <summary>Renewals this close (days) while not green raise an alert.</summary>
    public const int RenewalWindowDays = 90;

    /// <summary>The flags that raise an alert of their own.</summary>
    public static readonly IReadOnlyList<string> CriticalFlags =
        [FlagCodes.ChampionLeft, FlagCodes.StaleP1, FlagCodes.UsageDrop, FlagCodes.Detractor];

    /// <summary>The signals that raise an expansion alert.</summary>
    public static readonly IReadOnlyList<string> ExpansionSignals = [FlagCodes.SeatExpansion, FlagCodes.Advocate];

    public static AccountSnapshot Snapshot(HealthReport report) => new(
        report.AccountId, report.AsOf, report.Score, report.Band,
        report.Flags.Select(f => f.Code).ToList(), report.Signals.Select(s => s.Code).ToList());

    /// <summary>The alerts whose conditions hold for <paramref name="report"/>, raised at <paramref name="now"/>.</summary>
    public static IReadOnlyList<Alert> Detect(Account account, HealthReport report, AccountSnapshot? previous, DateTimeOffset now)
    {
        var alerts = new List<Alert>();
        var csm = new[] { account.CsmEmail };
        var withSales = account.SalesEmail is null ? csm : [account.CsmEmail, account.SalesEmail];
        var scoreEvidence = ScoreEvidence(report);

        // A snapshot from a later as-of date (a host configured for another day) is not a "before".
        // Unscored is no band on the red-to-green scale: gaining or losing a score is not the account getting worse.
        if (previous is not null && previous.AsOf <= report.AsOf && report.Scored && previous.Band != HealthBand.Unscored && report.Band < previous.Band)
        {
            // Dated subject: a band that recovers and drops again is a new event, while re-running the same data is not.
            var subject = $"{Band(previous.Band)}-to-{Band(report.Band)}@{Iso(report.AsOf)}";
            alerts.Add(Make(AlertKind.BandWorse, subject, csm,
                $"{account.Name} went from {Band(previous.Band)} to {Band(report.Band)}",
                $"Health score {previous.Score} → {report.Score} (as of {Iso(previous.AsOf)} → {Iso(report.AsOf)}).",
                [.. report.Flags.Where(f => f.ForcesRed).SelectMany(f => f.Evidence), .. scoreEvidence]));
        }

        if (report.Trend.EarlyWarning)
        {
            alerts.Add(Make(AlertKind.ScoreDrop, "drop-4w", csm,
                $"{account.Name} dropped {-report.Trend.Delta4Weeks} points in 4 weeks",
                $"Health score {report.Trend.Score4WeeksAgo} four weeks ago, {report.Score} now: an early warning.",
                scoreEvidence));
        }

        foreach (var flag in report.Flags.Where(f => CriticalFlags.Contains(f.Code)))
        {
            alerts.Add(Make(AlertKind.CriticalFlag, flag.Code, csm, $"{account.Name}: {flag.Code}", flag.Description, flag.Evidence));
        }

        var daysToRenewal = account.RenewalDate.DayNumber - report.AsOf.DayNumber;
        if (daysToRenewal is >= 0 and <= RenewalWindowDays && report.Band != HealthBand.Green)
        {
            // An unscored renewal is raised for what it is, too little data weeks before signing, never as a red score.
            alerts.Add(Make(AlertKind.RenewalWindow, Iso(account.RenewalDate), withSales,
                report.Scored ? $"{account.Name} renews in {daysToRenewal} days while {Band(report.Band)}" : $"{account.Name} renews in {daysToRenewal} days with too little data to score it",
                report.Scored
                    ? $"Renewal on {Iso(account.RenewalDate)} ({account.Arr.ToString("N0", CultureInfo.InvariantCulture)} {account.Currency} ARR) with a {Band(report.Band)} score of {report.Score}."
                    : $"Renewal on {Iso(account.RenewalDate)} ({account.Arr.ToString("N0", CultureInfo.InvariantCulture)} {account.Currency} ARR) and no health score: {string.Join("; ", report.MissingData.Select(m => m.Split(':')[0]))}.",
                [new Evidence($"accounts.csv#{account.AccountId}", $"renewal_date {Iso(account.RenewalDate)}, arr {account.Arr.ToString(CultureInfo.InvariantCulture)} {account.Currency}"),
                    .. report.Flags.SelectMany(f => f.Evidence), .. scoreEvidence]));
        }

        foreach (var signal in report.Signals.Where(s => ExpansionSignals.Contains(s.Code)))
        {
            alerts.Add(Make(AlertKind.Expansion, signal.Code, withSales, $"{account.Name}: expansion opportunity ({signal.Code})", signal.Description, signal.Evidence));
        }

        return alerts;

        Alert Make(AlertKind kind, string subject, IReadOnlyList<string> recipients, string title, string summary, IEnumerable<Evidence> evidence) => new(
            Alert.KeyOf(account.AccountId, kind, subject), account.AccountId, account.Name, kind, subject, title, summary,
            evidence.Distinct().ToList(), recipients.Distinct(StringComparer.OrdinalIgnoreCase).ToList(), report.AsOf, now);
    }

    /// <summary>The component figures behind a score: each present component with its score and weight.</summary>
    private static IEnumerable<Evidence> ScoreEvidence(HealthReport report) => report.Components
        .Where(c => !c.Missing)
        .OrderByDescending(c => (c.EffectiveWeight * 100) - c.Contribution)
        .Take(2)
        .SelectMany(c => c.Evidence.Take(2).Prepend(new Evidence(
            $"health#{report.AccountId}/{SnakeCase.Name(c.Component)}",
            $"{SnakeCase.Name(c.Component)} {c.Score:0} ({c.EffectiveWeight:P0} of the score): {c.Explanation}")));

    private static string Band(HealthBand band) => SnakeCase.Name(band);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
