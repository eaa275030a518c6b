using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace CopilotBot.Core.Health;

/// <summary>
/// Weights, bands, windows and flag thresholds of the health model (configuration section <c>Health</c>).
/// The defaults are those of HEALTH-MODEL.md; <see cref="HealthOptionsValidator"/> checks the rules that span keys.
/// </summary>
public sealed class HealthOptions
{
    public const string SectionName = "Health";

    [Range(0.0, 1.0, ErrorMessage = "Health:AdoptionWeight must be between {1} and {2}.")]
    public double AdoptionWeight { get; set; } = 0.35;

    [Range(0.0, 1.0, ErrorMessage = "Health:RelationshipWeight must be between {1} and {2}.")]
    public double RelationshipWeight { get; set; } = 0.20;

    [Range(0.0, 1.0, ErrorMessage = "Health:OutcomesWeight must be between {1} and {2}.")]
    public double OutcomesWeight { get; set; } = 0.15;

    [Range(0.0, 1.0, ErrorMessage = "Health:SupportWeight must be between {1} and {2}.")]
    public double SupportWeight { get; set; } = 0.15;

    [Range(0.0, 1.0, ErrorMessage = "Health:SentimentWeight must be between {1} and {2}.")]
    public double SentimentWeight { get; set; } = 0.15;

    /// <summary>
    /// The share of the model's weight that must have data for a score (0.5: adoption and one more component, or the
    /// other four). Below it the account is unscored rather than scored from one or two signals, or 0 red from none.
    /// </summary>
    [Range(0.0, 1.0, ErrorMessage = "Health:MinimumScoredWeight must be between {1} and {2}.")]
    public double MinimumScoredWeight { get; set; } = 0.5;

    /// <summary>Lowest score that is green.</summary>
    [Range(1, 100, ErrorMessage = "Health:GreenThreshold must be between {1} and {2}.")]
    public int GreenThreshold { get; set; } = 75;

    /// <summary>Lowest score that is yellow; below it is red.</summary>
    [Range(1, 100, ErrorMessage = "Health:YellowThreshold must be between {1} and {2}.")]
    public int YellowThreshold { get; set; } = 50;

    /// <summary>Number of most recent usage weeks that make up "the last weeks" (utilization, usage_drop, seat_expansion).</summary>
    [Range(1, 52, ErrorMessage = "Health:UsageWindowWeeks must be between {1} and {2}.")]
    public int UsageWindowWeeks { get; set; } = 4;

    /// <summary>Utilization at or above which adoption scores 100.</summary>
    [Range(0.0, 10.0, ErrorMessage = "Health:UtilizationFull must be between {1} and {2}.")]
    public double UtilizationFull { get; set; } = 0.8;

    /// <summary>Utilization at or below which adoption scores 0.</summary>
    [Range(0.0, 10.0, ErrorMessage = "Health:UtilizationFloor must be between {1} and {2}.")]
    public double UtilizationFloor { get; set; } = 0.2;

    /// <summary>Share of the latest feature adoption in the adoption score (the rest is utilization).</summary>
    [Range(0.0, 1.0, ErrorMessage = "Health:FeatureAdoptionShare must be between {1} and {2}.")]
    public double FeatureAdoptionShare { get; set; } = 0.3;

    /// <summary>
    /// Share of feature adoption for early-market accounts: a visionary's pilot is judged by what it proves, not by how
    /// many seats are busy, so utilization alone must not decide their adoption score.
    /// </summary>
    [Range(0.0, 1.0, ErrorMessage = "Health:EarlyMarketFeatureAdoptionShare must be between {1} and {2}.")]
    public double EarlyMarketFeatureAdoptionShare { get; set; } = 0.6;

    /// <summary>Weight of a survey answered by a contact who has since left (1 = as much as anyone's): their mood no longer speaks for the account.</summary>
    [Range(0.0, 1.0, ErrorMessage = "Health:DepartedSurveyWeight must be between {1} and {2}.")]
    public double DepartedSurveyWeight { get; set; } = 0.25;

    /// <summary>A touch this recent earns the full 20 relationship points.</summary>
    [Range(0, 3650, ErrorMessage = "Health:RecentContactDays must be between {1} and {2}.")]
    public int RecentContactDays { get; set; } = 30;

    /// <summary>A touch this recent earns 10 points; beyond it <c>no_contact_60d</c> is raised.</summary>
    [Range(1, 3650, ErrorMessage = "Health:NoContactDays must be between {1} and {2}.")]
    public int NoContactDays { get; set; } = 60;

    /// <summary>Window of tickets counted for the volume penalty.</summary>
    [Range(1, 3650, ErrorMessage = "Health:TicketWindowDays must be between {1} and {2}.")]
    public int TicketWindowDays { get; set; } = 90;

    /// <summary>Tickets opened in the window without penalty.</summary>
    [Range(0, 10000, ErrorMessage = "Health:FreeTicketsInWindow must be between {1} and {2}.")]
    public int FreeTicketsInWindow { get; set; } = 3;

    /// <summary>Surveys this recent count toward sentiment and the advocate signal.</summary>
    [Range(1, 3650, ErrorMessage = "Health:SurveyWindowDays must be between {1} and {2}.")]
    public int SurveyWindowDays { get; set; } = 180;

    /// <summary>A P1 open for more days than this raises <c>stale_p1</c>.</summary>
    [Range(0, 3650, ErrorMessage = "Health:StaleP1Days must be between {1} and {2}.")]
    public int StaleP1Days { get; set; } = 14;

    /// <summary>A champion who left within this many days raises <c>champion_left</c> (when none remains).</summary>
    [Range(1, 3650, ErrorMessage = "Health:ChampionLeftDays must be between {1} and {2}.")]
    public int ChampionLeftDays { get; set; } = 90;

    /// <summary>Relative utilization drop that raises <c>usage_drop</c> (0.3 = 30% lower).</summary>
    [Range(0.01, 1.0, ErrorMessage = "Health:UsageDropRatio must be between {1} and {2}.")]
    public double UsageDropRatio { get; set; } = 0.30;

    /// <summary>How many weeks back the comparison window of <c>usage_drop</c> ends.</summary>
    [Range(1, 260, ErrorMessage = "Health:UsageDropBaselineWeeksBack must be between {1} and {2}.")]
    public int UsageDropBaselineWeeksBack { get; set; } = 12;

    /// <summary>Renewal this close without an active executive sponsor raises <c>no_sponsor</c>.</summary>
    [Range(0, 3650, ErrorMessage = "Health:NoSponsorRenewalDays must be between {1} and {2}.")]
    public int NoSponsorRenewalDays { get; set; } = 180;

    /// <summary>An NPS of 0-6 this recent raises <c>detractor</c>.</summary>
    [Range(1, 3650, ErrorMessage = "Health:DetractorDays must be between {1} and {2}.")]
    public int DetractorDays { get; set; } = 90;

    /// <summary>Renewal this close with a band that is not green raises <c>renewal_at_risk</c>.</summary>
    [Range(0, 3650, ErrorMessage = "Health:RenewalAtRiskDays must be between {1} and {2}.")]
    public int RenewalAtRiskDays { get; set; } = 90;

    /// <summary>Utilization every week of the window must reach for <c>seat_expansion</c>.</summary>
    [Range(0.0, 10.0, ErrorMessage = "Health:SeatExpansionUtilization must be between {1} and {2}.")]
    public double SeatExpansionUtilization { get; set; } = 0.9;

    /// <summary>A 4-week drop of at least this many points is an early warning.</summary>
    [Range(1, 100, ErrorMessage = "Health:EarlyWarningDrop must be between {1} and {2}.")]
    public int EarlyWarningDrop { get; set; } = 15;

    /// <summary>A 4-week change of at least this many points turns the arrow up or down.</summary>
    [Range(1, 100, ErrorMessage = "Health:TrendArrowThreshold must be between {1} and {2}.")]
    public int TrendArrowThreshold { get; set; } = 5;
}

/// <summary>The rules of <see cref="HealthOptions"/> that span several keys.</summary>
public sealed class HealthOptionsValidator : IValidateOptions<HealthOptions>
{
    private const double WeightTolerance = 0.001;

    public ValidateOptionsResult Validate(string? name, HealthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        double[] weights = [options.AdoptionWeight, options.RelationshipWeight, options.OutcomesWeight, options.SupportWeight, options.SentimentWeight];
        if (weights.Any(w => double.IsNaN(w) || w < 0))
        {
            failures.Add("Health:AdoptionWeight, RelationshipWeight, OutcomesWeight, SupportWeight and SentimentWeight must not be negative.");
        }
        var sum = weights.Sum();
        if (Math.Abs(sum - 1.0) > WeightTolerance)
        {
            failures.Add($"Health:AdoptionWeight + RelationshipWeight + OutcomesWeight + SupportWeight + SentimentWeight must sum to 1 (they sum to {sum:0.###}).");
        }
        if (options.GreenThreshold <= options.YellowThreshold)
        {
            failures.Add($"Health:GreenThreshold ({options.GreenThreshold}) must be greater than Health:YellowThreshold ({options.YellowThreshold}).");
        }
        if (options.UtilizationFull <= options.UtilizationFloor)
        {
            failures.Add($"Health:UtilizationFull ({options.UtilizationFull}) must be greater than Health:UtilizationFloor ({options.UtilizationFloor}).");
        }
        if (options.RecentContactDays >= options.NoContactDays)
        {
            failures.Add($"Health:RecentContactDays ({options.RecentContactDays}) must be less than Health:NoContactDays ({options.NoContactDays}).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
