using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;
using static CopilotBot.Tests.Health.AccountBuilder;

namespace CopilotBot.Tests.Health;

public sealed class HealthScorerTests
{
    private static HealthReport Score(AccountBuilder builder, HealthOptions? options = null) =>
        Scorer(options).Score(builder.Build(), AsOf);

    /// <summary>Scores usage alone, for the tests of the score's arithmetic: by default usage alone is too little for a score.</summary>
    private static readonly HealthOptions s_usageAlone = new() { MinimumScoredWeight = 0 };

    private static ComponentScore Component(HealthReport report, HealthComponent component) =>
        report.Components.Single(c => c.Component == component);

    private static bool HasFlag(HealthReport report, string code) => report.Flags.Any(f => f.Code == code);

    private static bool HasSignal(HealthReport report, string code) => report.Signals.Any(f => f.Code == code);

    [Fact]
    public void Perfect_account_scores_100_green_without_flags()
    {
        var report = Score(new AccountBuilder().Perfect());

        Assert.Equal(100, report.Score);
        Assert.Equal(HealthBand.Green, report.Band);
        Assert.Empty(report.Flags);
        Assert.Empty(report.MissingData);
        Assert.Null(report.Drag);
        Assert.All(report.Components, c => Assert.Equal(c.Weight, c.EffectiveWeight, 9));
    }

    [Theory]
    [InlineData(80, 100.0)]
    [InlineData(95, 100.0)]
    [InlineData(20, 0.0)]
    [InlineData(10, 0.0)]
    [InlineData(50, 50.0)]
    [InlineData(65, 75.0)]
    public void Adoption_is_linear_between_utilization_0_2_and_0_8(int activeUsers, double expected)
    {
        var report = Score(new AccountBuilder().Weekly(activeUsers, activeUsers, activeUsers, activeUsers));

        Assert.Equal(expected, Component(report, HealthComponent.Adoption).Score!.Value, 6);
    }

    [Fact]
    public void Adoption_uses_the_four_most_recent_weeks_on_or_before_as_of()
    {
        // Six weeks: the two oldest (at 0.2) fall outside the window; a week after as-of is ignored.
        var builder = new AccountBuilder().Weekly(20, 20, 80, 80, 50, 50).Week(LastMonday.AddDays(7), 0);

        var adoption = Component(Score(builder), HealthComponent.Adoption);

        Assert.Equal(75.0, adoption.Score!.Value, 6); // mean 65 of 100 seats
        Assert.Equal(5, adoption.Evidence.Count); // the seats + the 4 weeks
        Assert.Contains(adoption.Evidence, e => e.Source == $"usage.csv#A-1@{LastMonday:yyyy-MM-dd}");
        Assert.Contains("0.65", adoption.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Adoption_blends_70_30_with_the_latest_feature_adoption()
    {
        var builder = new AccountBuilder()
            .Week(LastMonday.AddDays(-21), 50, 10m)
            .Week(LastMonday.AddDays(-14), 50, 20m)
            .Week(LastMonday.AddDays(-7), 50, 80m)
            .Week(LastMonday, 50);

        // utilization 0.5 → 50; latest feature adoption present is 80 (the last week has none).
        Assert.Equal((0.7 * 50) + (0.3 * 80), Component(Score(builder), HealthComponent.Adoption).Score!.Value, 6);
    }

    [Theory]
    [InlineData(650, 75, HealthBand.Green)]
    [InlineData(644, 74, HealthBand.Yellow)]
    [InlineData(500, 50, HealthBand.Yellow)]
    [InlineData(494, 49, HealthBand.Red)]
    public void Bands_are_green_from_75_and_yellow_from_50(int activeUsers, int score, HealthBand band)
    {
        // Only adoption is present, on 1000 seats: utilization 0.65 → 75, 0.644 → 74, 0.5 → 50, 0.494 → 49.
        var report = Score(new AccountBuilder().Seats(1000).Weekly(activeUsers, activeUsers, activeUsers, activeUsers), s_usageAlone);

        Assert.Equal((score, band), (report.Score, report.Band));
    }

    [Fact]
    public void Score_rounds_half_away_from_zero()
    {
        // Adoption 74.5 (utilization 0.647) alone → 75.
        var report = Score(new AccountBuilder().Seats(1000).Weekly(647, 647, 647, 647), s_usageAlone);

        Assert.Equal(74.5, Component(report, HealthComponent.Adoption).Score!.Value, 6);
        Assert.Equal(75, report.Score);
    }

    [Fact]
    public void Missing_components_spread_their_weight_in_proportion()
    {
        // Adoption 100 (weight 0.35) and outcomes 0 (weight 0.15) only: 100 * 0.35 / 0.5 = 70.
        var report = Score(new AccountBuilder().Weekly(80, 80, 80, 80).Outcome(OutcomeStatus.Missed));

        Assert.Equal(70, report.Score);
        Assert.Equal(0.7, Component(report, HealthComponent.Adoption).EffectiveWeight, 9);
        Assert.Equal(0.3, Component(report, HealthComponent.Outcomes).EffectiveWeight, 9);
        Assert.Equal(70.0, Component(report, HealthComponent.Adoption).Contribution, 6);
        Assert.True(Component(report, HealthComponent.Support).Missing);
        Assert.Equal(3, report.MissingData.Count);
        Assert.Contains(report.MissingData, m => m.StartsWith("Relationship missing", StringComparison.Ordinal));
        Assert.Contains(report.MissingData, m => m.StartsWith("Support missing", StringComparison.Ordinal));
        Assert.Contains(report.MissingData, m => m.StartsWith("Sentiment missing", StringComparison.Ordinal));
    }

    [Fact]
    public void Account_with_no_data_at_all_is_unscored_not_0_red()
    {
        var report = Score(new AccountBuilder());

        Assert.Equal(HealthBand.Unscored, report.Band);
        Assert.False(report.Scored);
        Assert.Equal(5, report.MissingData.Count);
        Assert.All(report.MissingData, m => Assert.Contains("too little data is left for a score", m, StringComparison.Ordinal));
        Assert.Null(report.Drag);
        Assert.Empty(report.Trend.History);
    }

    [Fact]
    public void Usage_alone_is_too_little_for_a_score_and_one_more_component_is_enough()
    {
        // Adoption carries 35% of the weight: under the 50% a score needs. With outcomes (15%) it has exactly 50%.
        var usageOnly = Score(new AccountBuilder().Weekly(10, 10, 10, 10));
        var withOutcome = Score(new AccountBuilder().Weekly(10, 10, 10, 10).Outcome(OutcomeStatus.Missed));

        Assert.Equal(HealthBand.Unscored, usageOnly.Band);
        Assert.Null(usageOnly.Trend.Delta4Weeks);
        Assert.Equal((0, HealthBand.Red), (withOutcome.Score, withOutcome.Band));
        Assert.True(withOutcome.Scored);
    }

    [Fact]
    public void The_minimum_weight_for_a_score_is_configurable_and_zero_scores_any_data()
    {
        var report = Score(new AccountBuilder().Weekly(80, 80, 80, 80), new HealthOptions { MinimumScoredWeight = 0 });

        Assert.Equal((100, HealthBand.Green), (report.Score, report.Band));
        Assert.Equal(HealthBand.Unscored, Score(new AccountBuilder(), new HealthOptions { MinimumScoredWeight = 0 }).Band);
    }

    [Fact]
    public void An_unscored_account_keeps_its_flags_but_a_critical_flag_makes_up_no_band_and_a_near_renewal_is_at_risk()
    {
        // A champion who left is a fact worth an alert; it is not a health score of 0.
        var report = Score(new AccountBuilder().RenewsInDays(30).Contact(ContactRole.Champion, "Cara Champion", leftDate: DaysAgo(10)));

        Assert.Equal(HealthBand.Unscored, report.Band);
        Assert.Contains(report.Flags, f => f.Code == FlagCodes.ChampionLeft);
        var atRisk = Assert.Single(report.Flags, f => f.Code == FlagCodes.RenewalAtRisk);
        Assert.Contains("too little data", atRisk.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Weeks_without_enough_data_are_left_out_of_the_trend()
    {
        // Usage for 13 weeks (35% of the weight) and a first call 20 days ago (relationship, 20%): only the last three
        // weekly points have both, so only they are scored, and there is no score 4 weeks ago to compare with.
        var report = Score(new AccountBuilder().Weekly([.. Enumerable.Repeat(80, 13)]).Interaction(DaysAgo(20)));

        Assert.True(report.Scored);
        Assert.Equal(3, report.Trend.History.Count);
        Assert.Null(report.Trend.Delta4Weeks);
    }

    [Fact]
    public void Relationship_counts_sponsor_champion_and_recency()
    {
        var all = Score(new AccountBuilder()
            .Contact(ContactRole.ExecutiveSponsor, sentiment: Sentiment.Neutral)
            .Contact(ContactRole.Champion)
            .Interaction(DaysAgo(30)));
        var negativeSponsor = Score(new AccountBuilder()
            .Contact(ContactRole.ExecutiveSponsor, sentiment: Sentiment.Negative)
            .Contact(ContactRole.Champion)
            .Interaction(DaysAgo(30)));

        Assert.Equal(100, Component(all, HealthComponent.Relationship).Score);
        Assert.Equal(60, Component(negativeSponsor, HealthComponent.Relationship).Score);
        Assert.DoesNotContain(negativeSponsor.Flags, f => f.Code == FlagCodes.NoSponsor);
    }

    [Theory]
    [InlineData(0, 20)]
    [InlineData(30, 20)]
    [InlineData(31, 10)]
    [InlineData(60, 10)]
    [InlineData(61, 0)]
    public void Contact_recency_windows_are_30_and_60_days(int daysAgo, double points)
    {
        var byInteraction = Score(new AccountBuilder().Interaction(DaysAgo(daysAgo)));
        var byContactDate = Score(new AccountBuilder().Contact(ContactRole.EndUser, lastContact: DaysAgo(daysAgo)));

        Assert.Equal(points, Component(byInteraction, HealthComponent.Relationship).Score);
        Assert.Equal(points, Component(byContactDate, HealthComponent.Relationship).Score);
        Assert.Equal(daysAgo > 60, HasFlag(byInteraction, FlagCodes.NoContact60Days));
        Assert.Equal(daysAgo > 60, HasFlag(byContactDate, FlagCodes.NoContact60Days));
    }

    [Fact]
    public void No_contact_flag_cites_the_last_interaction()
    {
        var report = Score(new AccountBuilder().Interaction(DaysAgo(75)).Interaction(DaysAgo(100)));

        var flag = Assert.Single(report.Flags, f => f.Code == FlagCodes.NoContact60Days);
        Assert.False(flag.ForcesRed);
        Assert.Equal("interactions.csv#I-1", Assert.Single(flag.Evidence).Source);
        Assert.Contains("75 days", flag.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Interactions_after_as_of_do_not_count()
    {
        var report = Score(new AccountBuilder().Interaction(DaysAgo(90)).Interaction(AsOf.AddDays(1)));

        Assert.True(HasFlag(report, FlagCodes.NoContact60Days));
    }

    [Theory]
    [InlineData(14, false)]
    [InlineData(15, true)]
    public void P1_open_more_than_14_days_is_stale_and_forces_red(int openDays, bool stale)
    {
        var report = Score(new AccountBuilder().Perfect().Ticket(TicketPriority.P1, DaysAgo(openDays), id: "T-1042"));

        // Support 60 (one open P1), the rest 100: 94.
        Assert.Equal(94, report.Score);
        Assert.Equal(stale, HasFlag(report, FlagCodes.StaleP1));
        Assert.Equal(stale ? HealthBand.Red : HealthBand.Green, report.Band);
        if (stale)
        {
            var flag = report.Flags.Single(f => f.Code == FlagCodes.StaleP1);
            Assert.True(flag.ForcesRed);
            Assert.Equal("tickets.csv#T-1042", Assert.Single(flag.Evidence).Source);
        }
    }

    [Fact]
    public void P1_closed_before_as_of_is_not_stale_but_one_closed_after_as_of_was_still_open()
    {
        var closedBefore = Score(new AccountBuilder().Ticket(TicketPriority.P1, DaysAgo(40), DaysAgo(1)));
        var closedAfter = Score(new AccountBuilder().Ticket(TicketPriority.P1, DaysAgo(40), AsOf.AddDays(3)));

        Assert.False(HasFlag(closedBefore, FlagCodes.StaleP1));
        Assert.Equal(100, Component(closedBefore, HealthComponent.Support).Score);
        Assert.True(HasFlag(closedAfter, FlagCodes.StaleP1));
        Assert.Equal(60, Component(closedAfter, HealthComponent.Support).Score);
    }

    [Fact]
    public void Support_subtracts_open_P1_P2_and_volume_beyond_three_in_90_days()
    {
        var report = Score(new AccountBuilder()
            .Ticket(TicketPriority.P1, DaysAgo(3))
            .Ticket(TicketPriority.P2, DaysAgo(5))
            .Ticket(TicketPriority.P3, DaysAgo(10), DaysAgo(8))
            .Ticket(TicketPriority.P4, DaysAgo(50), DaysAgo(40))
            .Ticket(TicketPriority.P3, DaysAgo(90), DaysAgo(80))   // exactly 90 days: counts
            .Ticket(TicketPriority.P3, DaysAgo(91), DaysAgo(85))); // 91 days: outside

        // 5 opened in the window → 2 beyond the third: 100 - 40 - 15 - 10 = 35.
        Assert.Equal(35, Component(report, HealthComponent.Support).Score);
    }

    [Fact]
    public void Support_floors_at_zero()
    {
        var report = Score(new AccountBuilder()
            .Ticket(TicketPriority.P1, DaysAgo(1)).Ticket(TicketPriority.P1, DaysAgo(2)).Ticket(TicketPriority.P1, DaysAgo(3)));

        Assert.Equal(0, Component(report, HealthComponent.Support).Score);
    }

    [Fact]
    public void Sentiment_averages_NPS_and_CSAT_points_of_the_last_180_days()
    {
        var report = Score(new AccountBuilder()
            .Survey(SurveyType.Nps, 9, DaysAgo(10))
            .Survey(SurveyType.Nps, 7, DaysAgo(100))
            .Survey(SurveyType.Csat, 4, DaysAgo(180))  // exactly 180: counts
            .Survey(SurveyType.Nps, 0, DaysAgo(181))); // outside

        Assert.Equal((100 + 60 + 75) / 3.0, Component(report, HealthComponent.Sentiment).Score!.Value, 6);
        Assert.Equal(3, Component(report, HealthComponent.Sentiment).Evidence.Count);
    }

    [Fact]
    public void Outcomes_average_their_status_points()
    {
        var report = Score(new AccountBuilder()
            .Outcome(OutcomeStatus.Achieved).Outcome(OutcomeStatus.OnTrack).Outcome(OutcomeStatus.AtRisk).Outcome(OutcomeStatus.Missed));

        Assert.Equal((100 + 80 + 30 + 0) / 4.0, Component(report, HealthComponent.Outcomes).Score!.Value, 6);
    }

    [Theory]
    [InlineData(90, true)]
    [InlineData(91, false)]
    public void Champion_left_within_90_days_without_another_forces_red(int leftDaysAgo, bool flagged)
    {
        var report = Score(new AccountBuilder().Perfect()
            .Contact(ContactRole.Champion, "Jordan Park", leftDate: DaysAgo(leftDaysAgo)));

        // Perfect() has an active champion: no flag whatever the date.
        Assert.False(HasFlag(report, FlagCodes.ChampionLeft));

        var alone = Score(new AccountBuilder().Weekly(80, 80, 80, 80)
            .Contact(ContactRole.Champion, "Jordan Park", leftDate: DaysAgo(leftDaysAgo)));
        Assert.Equal(flagged, HasFlag(alone, FlagCodes.ChampionLeft));
        if (flagged)
        {
            var flag = alone.Flags.Single(f => f.Code == FlagCodes.ChampionLeft);
            Assert.Contains("Jordan Park", flag.Description, StringComparison.Ordinal);
            Assert.Equal("contacts.csv#C-1", Assert.Single(flag.Evidence).Source);
            Assert.Equal(HealthBand.Red, alone.Band);
        }
    }

    [Fact]
    public void Champion_leaving_after_as_of_still_counts_as_active()
    {
        var report = Score(new AccountBuilder().Contact(ContactRole.Champion, leftDate: AsOf.AddDays(5)).Interaction(DaysAgo(5)));

        Assert.False(HasFlag(report, FlagCodes.ChampionLeft));
        Assert.Equal(60, Component(report, HealthComponent.Relationship).Score);
    }

    [Fact]
    public void Champion_marked_left_without_a_date_is_gone_but_raises_no_flag()
    {
        var report = Score(new AccountBuilder().Contact(ContactRole.Champion, status: ContactStatus.Left).Interaction(DaysAgo(5)));

        Assert.Equal(20, Component(report, HealthComponent.Relationship).Score);
        Assert.False(HasFlag(report, FlagCodes.ChampionLeft));
    }

    [Theory]
    [InlineData(180, true)]
    [InlineData(181, false)]
    public void No_sponsor_with_renewal_within_180_days_forces_red(int renewalDays, bool flagged)
    {
        var report = Score(new AccountBuilder().Perfect().RenewsInDays(renewalDays)
            .Contact(ContactRole.ExecutiveSponsor, "Former Sponsor", leftDate: DaysAgo(200)));
        var withoutSponsor = Score(new AccountBuilder().Weekly(80, 80, 80, 80).Contact(ContactRole.Champion).Interaction(DaysAgo(3)).RenewsInDays(renewalDays));

        Assert.False(HasFlag(report, FlagCodes.NoSponsor)); // Perfect() has an active sponsor
        Assert.Equal(flagged, HasFlag(withoutSponsor, FlagCodes.NoSponsor));
        Assert.Equal(flagged ? HealthBand.Red : HealthBand.Green, withoutSponsor.Band);
    }

    [Theory]
    [InlineData(6, 90, true)]
    [InlineData(6, 91, false)]
    [InlineData(0, 10, true)]
    [InlineData(7, 10, false)]
    public void Detractor_is_an_NPS_of_0_to_6_in_the_last_90_days(int score, int daysAgo, bool flagged)
    {
        var report = Score(new AccountBuilder().Perfect()
            .Contact(ContactRole.EndUser, "Dee Tractor")
            .Survey(SurveyType.Nps, score, DaysAgo(daysAgo), "C-3", "Too slow"));

        Assert.Equal(flagged, HasFlag(report, FlagCodes.Detractor));
        if (flagged)
        {
            var flag = report.Flags.Single(f => f.Code == FlagCodes.Detractor);
            Assert.False(flag.ForcesRed);
            Assert.Equal("surveys.csv#S-2", Assert.Single(flag.Evidence).Source);
            Assert.Contains("Dee Tractor", flag.Evidence[0].Text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(56, true)]  // exactly 30% lower
    [InlineData(57, false)]
    public void Usage_drop_compares_with_the_four_weeks_ending_12_weeks_earlier(int recent, bool flagged)
    {
        // 16 weeks: the 4 oldest at 0.8 end 12 weeks before the last 4 weeks.
        var weeks = Enumerable.Repeat(80, 4).Concat(Enumerable.Repeat(70, 8)).Concat(Enumerable.Repeat(recent, 4)).ToArray();

        var report = Score(new AccountBuilder().Weekly(weeks), s_usageAlone);

        Assert.Equal(flagged, HasFlag(report, FlagCodes.UsageDrop));
        if (flagged)
        {
            var flag = report.Flags.Single(f => f.Code == FlagCodes.UsageDrop);
            Assert.Equal(8, flag.Evidence.Count);
            Assert.Contains("usage.csv#A-1@2026-08-24", flag.Evidence.Select(e => e.Source));
            Assert.Equal(HealthBand.Red, report.Band);
        }
    }

    [Fact]
    public void Usage_drop_needs_earlier_data()
    {
        var report = Score(new AccountBuilder().Weekly(80, 80, 80, 80, 80, 80, 80, 80, 10, 10, 10, 10));

        Assert.False(HasFlag(report, FlagCodes.UsageDrop));
    }

    [Theory]
    [InlineData(90, 40, true)]
    [InlineData(91, 40, false)]
    [InlineData(90, 80, false)]
    public void Renewal_at_risk_is_renewal_within_90_days_and_band_not_green(int renewalDays, int activeUsers, bool flagged)
    {
        var report = Score(new AccountBuilder().Seats(100).Weekly(activeUsers, activeUsers, activeUsers, activeUsers)
            .Contact(ContactRole.ExecutiveSponsor).Contact(ContactRole.Champion).Interaction(DaysAgo(1))
            .RenewsInDays(renewalDays));

        Assert.Equal(flagged, HasFlag(report, FlagCodes.RenewalAtRisk));
        Assert.All(report.Flags, f => Assert.False(f.ForcesRed));
    }

    [Fact]
    public void Any_critical_flag_forces_red_but_detractor_and_no_contact_do_not()
    {
        var detractor = Score(new AccountBuilder().Perfect().Survey(SurveyType.Nps, 9, DaysAgo(1)).Survey(SurveyType.Nps, 3, DaysAgo(5)));

        Assert.True(HasFlag(detractor, FlagCodes.Detractor));
        Assert.True(detractor.Score >= 75);
        Assert.Equal(HealthBand.Green, detractor.Band);
    }

    [Theory]
    [InlineData(new[] { 90, 95, 90, 100 }, true)]
    [InlineData(new[] { 90, 95, 89, 100 }, false)]
    [InlineData(new[] { 95, 95, 95 }, false)]
    public void Seat_expansion_needs_each_of_the_last_4_weeks_at_0_9(int[] weeks, bool signalled)
    {
        var report = Score(new AccountBuilder().Weekly(weeks));

        Assert.Equal(signalled, HasSignal(report, FlagCodes.SeatExpansion));
        if (signalled)
        {
            Assert.Equal(4, report.Signals.Single().Evidence.Count);
        }
    }

    [Fact]
    public void Advocate_needs_outcomes_on_track_or_achieved_and_a_promoter_within_180_days()
    {
        var advocate = Score(new AccountBuilder().Outcome(OutcomeStatus.Achieved).Outcome(OutcomeStatus.OnTrack).Survey(SurveyType.Nps, 9, DaysAgo(180)));
        var atRisk = Score(new AccountBuilder().Outcome(OutcomeStatus.Achieved).Outcome(OutcomeStatus.AtRisk).Survey(SurveyType.Nps, 10, DaysAgo(5)));
        var oldPromoter = Score(new AccountBuilder().Outcome(OutcomeStatus.Achieved).Survey(SurveyType.Nps, 10, DaysAgo(181)));

        Assert.True(HasSignal(advocate, FlagCodes.Advocate));
        Assert.Contains("surveys.csv#S-1", advocate.Signals.Single().Evidence.Select(e => e.Source));
        Assert.False(HasSignal(atRisk, FlagCodes.Advocate));
        Assert.False(HasSignal(oldPromoter, FlagCodes.Advocate));
    }

    [Fact]
    public void Trend_reports_scores_4_and_12_weeks_earlier_with_13_weekly_points()
    {
        // 16 weeks at 0.8 then the last 4 at 0.5: adoption-only scores fall from 100 to 50.
        var weeks = Enumerable.Repeat(80, 16).Concat(Enumerable.Repeat(50, 4)).ToArray();

        var trend = Score(new AccountBuilder().Weekly(weeks), s_usageAlone).Trend;

        Assert.Equal(100, trend.Score4WeeksAgo);
        Assert.Equal(100, trend.Score12WeeksAgo);
        Assert.Equal(-50, trend.Delta4Weeks);
        Assert.Equal(-50, trend.Delta12Weeks);
        Assert.Equal("↓", trend.Arrow);
        Assert.True(trend.EarlyWarning);
        Assert.Equal(13, trend.History.Count);
        Assert.Equal(DaysAgo(84), trend.History[0].AsOf);
        Assert.Equal(AsOf, trend.History[^1].AsOf);
        Assert.Equal([100, 100, 100, 100, 100, 100, 100, 100, 100, 88, 75, 63, 50], trend.History.Select(p => p.Score));
    }

    [Theory]
    [InlineData(15, true, "↓")]
    [InlineData(14, false, "↓")]
    [InlineData(4, false, "→")]
    [InlineData(-5, false, "↑")]
    public void Early_warning_is_a_drop_of_15_or_more_in_4_weeks(int drop, bool warning, string arrow)
    {
        var now = 650 - (drop * 6);
        var weeks = Enumerable.Repeat(650, 8).Concat(Enumerable.Repeat(now, 4)).ToArray();

        var trend = Score(new AccountBuilder().Seats(1000).Weekly(weeks), s_usageAlone).Trend;

        Assert.Equal(75, trend.Score4WeeksAgo);
        Assert.Equal(-drop, trend.Delta4Weeks);
        Assert.Equal(warning, trend.EarlyWarning);
        Assert.Equal(arrow, trend.Arrow);
    }

    [Fact]
    public void Trend_leaves_out_points_before_contract_start_and_without_data()
    {
        var trend = Score(new AccountBuilder().Weekly(80, 80, 80).ContractStart(DaysAgo(20)), s_usageAlone).Trend;

        Assert.Null(trend.Score4WeeksAgo);
        Assert.Null(trend.Delta4Weeks);
        Assert.Equal("→", trend.Arrow);
        Assert.False(trend.EarlyWarning);
        Assert.Equal([DaysAgo(14), DaysAgo(7), AsOf], trend.History.Select(p => p.AsOf));
    }

    [Fact]
    public void Drag_is_the_largest_weighted_shortfall()
    {
        // Adoption 50 x 0.35 → shortfall 17.5; support 60 x 0.15 → 6; the rest 100: 76.5 → 77.
        var report = Score(new AccountBuilder()
            .Weekly(50, 50, 50, 50)
            .Contact(ContactRole.ExecutiveSponsor).Contact(ContactRole.Champion).Interaction(DaysAgo(1))
            .Outcome(OutcomeStatus.Achieved)
            .Ticket(TicketPriority.P1, DaysAgo(2))
            .Survey(SurveyType.Nps, 10, DaysAgo(1)));

        Assert.Equal(HealthComponent.Adoption, report.Drag);
        Assert.Equal(77, report.Score);
    }

    [Fact]
    public void Drag_weighs_the_shortfall_by_effective_weight()
    {
        // Outcomes 0 (weight 0.15) loses 15 points; adoption 70 (weight 0.35) loses 10.5.
        var builder = new AccountBuilder().Seats(100).Weekly(62, 62, 62, 62).Outcome(OutcomeStatus.Missed)
            .Contact(ContactRole.ExecutiveSponsor).Contact(ContactRole.Champion).Interaction(DaysAgo(1))
            .Ticket(TicketPriority.P4, DaysAgo(2)).Survey(SurveyType.Nps, 10, DaysAgo(1));

        Assert.Equal(HealthComponent.Outcomes, Score(builder).Drag);
    }

    [Fact]
    public void Explanations_state_the_figures_behind_each_component()
    {
        var report = Score(new AccountBuilder()
            .Weekly(60, 60, 60, 60)
            .Contact(ContactRole.ExecutiveSponsor, "Dana Reyes", Sentiment.Positive)
            .Interaction(DaysAgo(45))
            .Ticket(TicketPriority.P2, DaysAgo(5), id: "T-7")
            .Survey(SurveyType.Csat, 5, DaysAgo(3))
            .Outcome(OutcomeStatus.OnTrack));

        Assert.Contains("Utilization 0.60", Component(report, HealthComponent.Adoption).Explanation, StringComparison.Ordinal);
        Assert.Contains("Dana Reyes", Component(report, HealthComponent.Relationship).Explanation, StringComparison.Ordinal);
        Assert.Contains("45 days before: 10", Component(report, HealthComponent.Relationship).Explanation, StringComparison.Ordinal);
        Assert.Contains("= 85", Component(report, HealthComponent.Support).Explanation, StringComparison.Ordinal);
        Assert.Contains("tickets.csv#T-7", Component(report, HealthComponent.Support).Evidence.Select(e => e.Source));
        Assert.Contains("CSAT 5 on 2026-11-17 = 100", Component(report, HealthComponent.Sentiment).Explanation, StringComparison.Ordinal);
        Assert.Contains("1 on_track (80)", Component(report, HealthComponent.Outcomes).Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Configured_weights_and_thresholds_apply()
    {
        var options = new HealthOptions { AdoptionWeight = 0.5, RelationshipWeight = 0.5, OutcomesWeight = 0, SupportWeight = 0, SentimentWeight = 0, GreenThreshold = 60, YellowThreshold = 40 };

        var report = Score(new AccountBuilder().Weekly(80, 80, 80, 80).Interaction(DaysAgo(1)), options);

        Assert.Equal(60, report.Score); // (100 + 20) / 2
        Assert.Equal(HealthBand.Green, report.Band);
    }

    [Fact]
    public void Scores_history_dates_without_resorting_unsorted_rows()
    {
        var sorted = new AccountBuilder().Weekly(80, 70, 60, 50, 40, 30, 20, 30, 40, 50, 60, 70, 80, 90).Build();
        var shuffled = sorted with { Usage = [.. sorted.Usage.Reverse()] };

        var a = Scorer().Score(sorted, AsOf);
        var b = Scorer().Score(shuffled, AsOf);

        Assert.Equal(a.Score, b.Score);
        Assert.Equal(a.Trend.History, b.Trend.History);
    }
}
