using CopilotBot.Core.Domain;

namespace CopilotBot.Core.Health;

/// <summary>
/// Health band; a critical flag forces <see cref="Red"/>. <see cref="Unscored"/> is an account with too little data for a
/// score (see <see cref="HealthOptions.MinimumScoredWeight"/>): neither good nor bad, listed after the scored bands.
/// </summary>
public enum HealthBand { Red, Yellow, Green, Unscored }

/// <summary>The five components of HEALTH-MODEL.md.</summary>
public enum HealthComponent { Adoption, Relationship, Outcomes, Support, Sentiment }

/// <summary>One checkable fact behind a score or flag, with the row it comes from (<see cref="SourceRef"/>).</summary>
public sealed record Evidence(string Source, string Text);

/// <summary>A component's score (null when its data is missing) and its share of the total.</summary>
public sealed record ComponentScore(
    HealthComponent Component,
    double? Score,
    double Weight,
    double EffectiveWeight,
    double Contribution,
    string Explanation,
    IReadOnlyList<Evidence> Evidence)
{
    public bool Missing => Score is null;
}

/// <summary>A critical flag or an expansion signal, with the evidence that raised it.</summary>
public sealed record HealthFlag(string Code, bool ForcesRed, string Description, IReadOnlyList<Evidence> Evidence);

/// <summary>The score on one past date, for trends and sparklines.</summary>
public sealed record TrendPoint(DateOnly AsOf, int Score);

/// <summary>Score 4 and 12 weeks earlier, the deltas, an arrow, and weekly history (oldest first).</summary>
public sealed record HealthTrend(
    int? Score4WeeksAgo,
    int? Score12WeeksAgo,
    int? Delta4Weeks,
    int? Delta12Weeks,
    string Arrow,
    bool EarlyWarning,
    IReadOnlyList<TrendPoint> History);

/// <summary>The explained health of one account as of a date.</summary>
public sealed record HealthReport(
    string AccountId,
    string AccountName,
    DateOnly AsOf,
    int Score,
    HealthBand Band,
    IReadOnlyList<ComponentScore> Components,
    HealthComponent? Drag,
    IReadOnlyList<HealthFlag> Flags,
    IReadOnlyList<HealthFlag> Signals,
    HealthTrend Trend,
    IReadOnlyList<string> MissingData)
{
    /// <summary>False when the account has too little data for a score: <see cref="Score"/> is then 0 and means nothing.</summary>
    public bool Scored => Band != HealthBand.Unscored;
}

/// <summary>Flag and signal codes, as in HEALTH-MODEL.md.</summary>
public static class FlagCodes
{
    public const string ChampionLeft = "champion_left";
    public const string StaleP1 = "stale_p1";
    public const string UsageDrop = "usage_drop";
    public const string NoSponsor = "no_sponsor";
    public const string Detractor = "detractor";
    public const string SponsorNegative = "sponsor_negative";
    public const string NoContact60Days = "no_contact_60d";
    public const string RenewalAtRisk = "renewal_at_risk";
    public const string SeatExpansion = "seat_expansion";
    public const string Advocate = "advocate";
}

/// <summary>Scores an account as of a date from the rows dated on or before it.</summary>
public interface IHealthScorer
{
    HealthReport Score(AccountData data, DateOnly asOf);
}
