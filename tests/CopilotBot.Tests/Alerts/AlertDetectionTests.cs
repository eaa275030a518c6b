using CopilotBot.Core.Alerts;
using CopilotBot.Core.Health;

namespace CopilotBot.Tests.Alerts;

public sealed class AlertDetectionTests : IDisposable
{
    private const string Admin = "pattif@example.com";
    private readonly AlertWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task The_first_import_is_a_baseline_that_raises_existing_conditions_once_but_no_band_changes()
    {
        var first = await _world.ImportAsync(AlertWorld.SampleFolder, AlertWorld.FirstAsOf);

        Assert.True(first.Baseline);
        Assert.Equal(66, first.Accounts);
        Assert.DoesNotContain(first.Raised, a => a.Kind == AlertKind.BandWorse);
        Assert.Contains("A-1002|critical_flag|champion_left", first.Raised.Select(a => a.Key));
        Assert.Contains("A-1003|critical_flag|stale_p1", first.Raised.Select(a => a.Key));
        Assert.Contains("A-1004|score_drop|drop-4w", first.Raised.Select(a => a.Key));
        Assert.Contains("A-1008|renewal_window|2027-01-04", first.Raised.Select(a => a.Key));
        Assert.Contains("A-1001|expansion|seat_expansion", first.Raised.Select(a => a.Key));
        Assert.Equal(first.Raised.Count, first.Raised.Select(a => a.Key).Distinct().Count());

        var again = await _world.ImportAsync(AlertWorld.SampleFolder, AlertWorld.FirstAsOf);
        Assert.False(again.Baseline);
        Assert.Empty(again.Raised);
    }

    [Fact]
    public async Task Four_weeks_later_exactly_the_expected_alerts_are_raised_and_a_reimport_raises_nothing()
    {
        await _world.ImportAsync(AlertWorld.SampleFolder, AlertWorld.FirstAsOf);

        var later = await _world.ImportAsync(AlertWorld.LaterFolder, AlertWorld.LaterAsOf);

        Assert.Equal(
            [
                ("A-1015|band_worse|green-to-red@2026-12-18", "alexw@example.com"),
                ("A-1015|critical_flag|champion_left", "alexw@example.com"),
                ("A-1015|critical_flag|detractor", "alexw@example.com"),
                ("A-1015|score_drop|drop-4w", "alexw@example.com"),
                ("A-1017|band_worse|green-to-red@2026-12-18", "johannal@example.com"),
                ("A-1017|critical_flag|stale_p1", "johannal@example.com"),
                ("A-1021|expansion|advocate", "gradya@example.com,lynner@example.com"),
                ("A-1026|critical_flag|detractor", "johannal@example.com"),
                ("A-1030|expansion|advocate", "isaiahl@example.com,meganb@example.com"),
                ("A-1055|critical_flag|detractor", "gradya@example.com"),
                ("A-1064|renewal_window|2027-03-17", "isaiahl@example.com,meganb@example.com"),
            ],
            later.Raised.Select(a => (a.Key, string.Join(",", a.Recipients))).Order());
        Assert.Empty((await _world.ImportAsync(AlertWorld.LaterFolder, AlertWorld.LaterAsOf)).Raised);
    }

    [Fact]
    public async Task Recoveries_resolve_their_alerts_and_a_recurrence_is_raised_again()
    {
        await _world.ImportBothAsync();
        var all = (await _world.Alerts.ListAsync(await _world.ScopeAsync(Admin), AlertFilter.All)).ToDictionary(a => a.Key);
        var now = _world.Time.GetUtcNow();

        Assert.Equal(AlertStatus.Resolved, all["A-1011|score_drop|drop-4w"].StatusAt(now));  // Wide World Importers recovers
        Assert.Equal(AlertStatus.Resolved, all["A-1016|critical_flag|stale_p1"].StatusAt(now)); // Lucerne Publishing's P1 closed
        Assert.Equal(AlertStatus.Open, all["A-1002|critical_flag|champion_left"].StatusAt(now));
        Assert.DoesNotContain(await _world.Alerts.ListAsync(await _world.ScopeAsync(Admin), AlertFilter.Open), a => a.Key == "A-1016|critical_flag|stale_p1");

        // Back to the earlier data: Lucerne's stale P1 is a condition again, raised anew with fresh state.
        var back = await _world.ImportAsync(AlertWorld.SampleFolder, AlertWorld.FirstAsOf);
        Assert.Contains("A-1016|critical_flag|stale_p1", back.Raised.Select(a => a.Key));
    }

    [Fact]
    public async Task Alerts_carry_evidence_with_sources()
    {
        var later = await _world.ImportBothAsync();

        var champion = later.Raised.Single(a => a.Key == "A-1015|critical_flag|champion_left");
        Assert.NotEmpty(champion.Evidence);
        Assert.All(champion.Evidence, e => Assert.Contains(".csv#", e.Source, StringComparison.Ordinal));
        Assert.Contains(champion.Evidence, e => e.Source.StartsWith("contacts.csv#", StringComparison.Ordinal));
        var drop = later.Raised.Single(a => a.Key == "A-1015|score_drop|drop-4w");
        Assert.Contains(drop.Evidence, e => e.Source.StartsWith("health#A-1015/", StringComparison.Ordinal));
        // 20, not 18, since the departed champion's old promoter answers weigh less in sentiment (README, health model changes).
        Assert.Contains("20", drop.Title, StringComparison.Ordinal);
        var band = later.Raised.Single(a => a.Kind == AlertKind.BandWorse && a.AccountId == "A-1015");
        Assert.Contains("green to red", band.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listing_honours_access_rules()
    {
        await _world.ImportBothAsync();

        var alex = await _world.Alerts.ListAsync(await _world.ScopeAsync("alexw@example.com"), AlertFilter.Open);
        var adele = await _world.Alerts.ListAsync(await _world.ScopeAsync("adelev@example.com"), AlertFilter.Open);
        var nestor = await _world.Alerts.ListAsync(await _world.ScopeAsync("nestorw@example.com"), AlertFilter.Open);

        Assert.Contains(alex, a => a.AccountId == "A-1015");
        Assert.DoesNotContain(alex, a => a.AccountId == "A-1017"); // Johanna's (Nestor's team)
        Assert.Contains(nestor, a => a.AccountId == "A-1017");
        Assert.DoesNotContain(nestor, a => a.AccountId == "A-1015");
        Assert.Superset(alex.Select(a => a.Key).ToHashSet(), adele.Select(a => a.Key).ToHashSet());
        var alexScope = await _world.ScopeAsync("alexw@example.com");
        await Assert.ThrowsAsync<Core.NotFoundException>(() => _world.Alerts.SnoozeAsync(alexScope, "A-1017|critical_flag|stale_p1"));
    }

    [Fact]
    public async Task Snooze_hides_until_expiry_and_redelivers_handled_stops_delivery()
    {
        await _world.ImportBothAsync();
        var alex = await _world.ScopeAsync("alexw@example.com");
        const string Key = "A-1015|critical_flag|champion_left";
        Assert.Contains(await _world.Alerts.GetPendingDeliveriesAsync(), p => p.Alert.Key == Key);
        await _world.Alerts.MarkDeliveredAsync(await _world.Alerts.GetAsync(alex, Key), "alexw@example.com");
        Assert.DoesNotContain(await _world.Alerts.GetPendingDeliveriesAsync(), p => p.Alert.Key == Key);

        var snoozed = await _world.Alerts.SnoozeAsync(alex, Key);
        Assert.Equal(AlertStatus.Snoozed, snoozed.StatusAt(_world.Time.GetUtcNow()));
        Assert.Equal("alexw@example.com", snoozed.SnoozedBy);
        Assert.DoesNotContain(await _world.Alerts.GetPendingDeliveriesAsync(), p => p.Alert.Key == Key);

        _world.Time.Advance(TimeSpan.FromDays(7.01));
        Assert.Contains(await _world.Alerts.GetPendingDeliveriesAsync(), p => p.Alert.Key == Key && p.Recipient == "alexw@example.com");

        var handled = await _world.Alerts.HandleAsync(alex, Key);
        Assert.Equal(AlertStatus.Handled, handled.StatusAt(_world.Time.GetUtcNow()));
        Assert.Equal("alexw@example.com", handled.HandledBy);
        Assert.DoesNotContain(await _world.Alerts.GetPendingDeliveriesAsync(), p => p.Alert.Key == Key);
        Assert.DoesNotContain(await _world.Alerts.ListAsync(alex, AlertFilter.Open), a => a.Key == Key);
        Assert.Contains(await _world.Alerts.ListAsync(alex, AlertFilter.All), a => a.Key == Key);
    }

    [Fact]
    public void A_band_change_needs_a_previous_snapshot()
    {
        var account = Core.Sample.SamplePortfolioGenerator.Generate(new Core.Sample.SampleOptions()).Accounts[0];
        var report = new HealthReport(account.AccountId, account.Name, AlertWorld.FirstAsOf, 40, HealthBand.Red, [], null, [], [],
            new HealthTrend(45, 50, -5, -10, "↓", false, []), []);
        var now = DateTimeOffset.UnixEpoch;

        Assert.Empty(AlertDetector.Detect(account, report, previous: null, now));
        var previous = new AccountSnapshot(account.AccountId, AlertWorld.FirstAsOf.AddDays(-7), 60, HealthBand.Yellow, [], []);
        var alert = Assert.Single(AlertDetector.Detect(account, report, previous, now));
        Assert.Equal($"{account.AccountId}|band_worse|yellow-to-red@2026-11-20", alert.Key);
        Assert.Empty(AlertDetector.Detect(account, report, previous with { Band = HealthBand.Red }, now));
        Assert.Empty(AlertDetector.Detect(account, report, previous with { AsOf = AlertWorld.FirstAsOf.AddDays(1) }, now));
    }

    [Fact]
    public void An_unscored_account_raises_no_band_change_and_its_renewal_alert_says_unscored_not_red()
    {
        var account = Core.Sample.SamplePortfolioGenerator.Generate(new Core.Sample.SampleOptions()).Accounts[0];
        var asOf = account.RenewalDate.AddDays(-30);
        var unscored = new HealthReport(account.AccountId, account.Name, asOf, 0, HealthBand.Unscored, [], null, [], [],
            new HealthTrend(null, null, null, null, "→", false, []), ["Adoption missing: no usage rows; with it, too little data is left for a score."]);
        var scoredRed = unscored with { Score = 30, Band = HealthBand.Red };
        var now = DateTimeOffset.UnixEpoch;

        var fromGreen = AlertDetector.Detect(account, unscored, new AccountSnapshot(account.AccountId, asOf.AddDays(-7), 80, HealthBand.Green, [], []), now);
        Assert.DoesNotContain(fromGreen, a => a.Kind == AlertKind.BandWorse);
        var renewal = Assert.Single(fromGreen, a => a.Kind == AlertKind.RenewalWindow);
        Assert.Contains("too little data", renewal.Title, StringComparison.Ordinal);
        Assert.DoesNotContain("red", renewal.Title + renewal.Summary, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(AlertDetector.Detect(account, scoredRed, AlertDetector.Snapshot(unscored), now), a => a.Kind == AlertKind.BandWorse);
    }
}
