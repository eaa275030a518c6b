using CopilotBot.Core.Domain;
using Microsoft.Extensions.Options;

namespace CopilotBot.Core.Health;

/// <summary>
/// The health model of HEALTH-MODEL.md: five components, Catalyst's redistribution of missing weight,
/// Totango's worst-of rule for critical flags, expansion signals, a 13-week trend and the evidence behind
/// every figure. Only rows dated on or before the as-of date count.
/// </summary>
/// <remarks>
/// Edge cases, decided here once:
/// "the last 4 weeks" are the 4 most recent <c>week_start</c>s on or before the date (fewer when fewer exist);
/// <c>usage_drop</c> compares them with the 4 most recent on or before the date 12 weeks earlier, and is not
/// raised without such earlier data; "in the last N days" includes a row exactly N days old; a ticket is open
/// from <c>opened_date</c> until <c>closed_date</c> (open and pending both count as open); a contact who left
/// counts as present before <c>left_date</c>; contacts and outcomes carry no history, so past scores use their
/// current role, sentiment and status; a component with no rows is missing (an account without any ticket has
/// no support score rather than a perfect one); an account whose present components carry less than
/// <see cref="HealthOptions.MinimumScoredWeight"/> of the weight is <see cref="HealthBand.Unscored"/> (score 0, no drag, no
/// trend deltas), not red: too little data is not bad health; its flags are still raised, but a critical flag does not
/// make up a band for it; history points before <c>contract_start</c> or without enough data are left out.
/// </remarks>
public sealed class HealthScorer : IHealthScorer
{
    private const int HistoryWeeks = 13;
    private const int ShortTrendWeeks = 4;
    private const int LongTrendWeeks = 12;

    private readonly HealthOptions _options;

    public HealthScorer(IOptions<HealthOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
    }

    public HealthReport Score(AccountData data, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(data);
        var timeline = new AccountTimeline(data);
        var now = HealthSnapshot.Take(timeline, asOf.DayNumber, _options);
        var components = HealthExplainer.Components(timeline, now, _options);
        var score = now.Score ?? 0;
        var band = now.Score is null ? HealthBand.Unscored
            : score >= _options.GreenThreshold ? HealthBand.Green
            : score >= _options.YellowThreshold ? HealthBand.Yellow
            : HealthBand.Red;

        var flags = new List<HealthFlag>();
        var rules = new HealthRules(timeline, now, _options);
        rules.ChampionLeft(flags);
        rules.StaleP1(flags);
        rules.UsageDrop(flags);
        rules.NoSponsor(flags);
        if (band != HealthBand.Unscored && flags.Exists(f => f.ForcesRed))
        {
            band = HealthBand.Red;
        }
        rules.Detractor(flags);
        rules.SponsorNegative(flags);
        rules.NoContact(flags);
        rules.RenewalAtRisk(flags, band);

        var signals = new List<HealthFlag>();
        rules.SeatExpansion(signals);
        rules.Advocate(signals);

        return new HealthReport(
            data.Account.AccountId,
            data.Account.Name,
            asOf,
            score,
            band,
            components,
            band == HealthBand.Unscored ? null : Drag(components),
            flags,
            signals,
            Trend(timeline, now),
            [.. components.Where(c => c.Missing).Select(c => c.Explanation)]);
    }

    private static HealthComponent? Drag(IReadOnlyList<ComponentScore> components)
    {
        HealthComponent? drag = null;
        var largest = 0.0;
        foreach (var component in components)
        {
            var shortfall = component.Score is { } score ? (100 - score) * component.EffectiveWeight : 0;
            if (shortfall > largest + 1e-9)
            {
                largest = shortfall;
                drag = component.Component;
            }
        }
        return drag;
    }

    private HealthTrend Trend(AccountTimeline timeline, in HealthSnapshot now)
    {
        var history = new List<TrendPoint>(HistoryWeeks);
        int? fourWeeksAgo = null, twelveWeeksAgo = null;
        for (var weeksBack = HistoryWeeks - 1; weeksBack >= 0; weeksBack--)
        {
            var day = now.Day - (7 * weeksBack);
            if (day < timeline.ContractStartDay)
            {
                continue;
            }
            var score = weeksBack == 0 ? now.Score : HealthSnapshot.Take(timeline, day, _options).Score;
            if (score is not { } value)
            {
                continue;
            }
            history.Add(new TrendPoint(DateOnly.FromDayNumber(day), value));
            if (weeksBack == ShortTrendWeeks)
            {
                fourWeeksAgo = value;
            }
            else if (weeksBack == LongTrendWeeks)
            {
                twelveWeeksAgo = value;
            }
        }
        int? delta4 = fourWeeksAgo is { } f && now.Score is { } current4 ? current4 - f : null;
        int? delta12 = twelveWeeksAgo is { } t && now.Score is { } current12 ? current12 - t : null;
        var arrow = delta4 >= _options.TrendArrowThreshold ? "↑" : delta4 <= -_options.TrendArrowThreshold ? "↓" : "→";
        return new HealthTrend(fourWeeksAgo, twelveWeeksAgo, delta4, delta12, arrow, delta4 <= -_options.EarlyWarningDrop, history);
    }
}
