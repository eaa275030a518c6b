using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;
using CopilotBot.Core.Sample;

namespace CopilotBot.Tests.Sample;

public sealed class SamplePortfolioTests
{
    private static HealthReport Report(string accountId) => SampleFixture.Reports[accountId];

    private static string[] Codes(HealthReport report) => [.. report.Flags.Select(f => f.Code)];

    [Fact]
    public void Scored_as_of_2026_11_20_the_sample_shows_every_band_flag_and_signal()
    {
        var reports = SampleFixture.Reports.Values.ToList();

        Assert.Equal(66, reports.Count);
        Assert.Equal([HealthBand.Red, HealthBand.Yellow, HealthBand.Green], reports.Select(r => r.Band).Distinct().Order());
        string[] flags = [FlagCodes.ChampionLeft, FlagCodes.StaleP1, FlagCodes.UsageDrop, FlagCodes.NoSponsor, FlagCodes.Detractor, FlagCodes.NoContact60Days, FlagCodes.RenewalAtRisk];
        Assert.All(flags, code => Assert.Contains(reports, r => r.Flags.Any(f => f.Code == code)));
        Assert.Contains(reports, r => r.Signals.Any(s => s.Code == FlagCodes.SeatExpansion));
        Assert.Contains(reports, r => r.Signals.Any(s => s.Code == FlagCodes.Advocate));
        Assert.True(reports.Count(r => r.Trend.EarlyWarning) >= 2);
        Assert.Contains(reports, r => r.MissingData.Count > 0);
    }

    [Theory]
    [InlineData("A-1001", HealthBand.Green, "")]
    [InlineData("A-1002", HealthBand.Red, FlagCodes.ChampionLeft)]
    [InlineData("A-1003", HealthBand.Red, FlagCodes.StaleP1)]
    [InlineData("A-1004", HealthBand.Red, FlagCodes.UsageDrop)]
    [InlineData("A-1005", HealthBand.Red, FlagCodes.NoSponsor)]
    [InlineData("A-1006", HealthBand.Yellow, FlagCodes.Detractor)]
    [InlineData("A-1007", HealthBand.Green, FlagCodes.NoContact60Days)]
    [InlineData("A-1008", HealthBand.Yellow, FlagCodes.RenewalAtRisk)]
    [InlineData("A-1011", HealthBand.Yellow, FlagCodes.Detractor)]
    [InlineData("A-1012", HealthBand.Red, FlagCodes.RenewalAtRisk)]
    [InlineData("A-1013", HealthBand.Green, "")]
    public void Scenario_accounts_land_where_they_were_designed(string accountId, HealthBand band, string flag)
    {
        var report = Report(accountId);

        Assert.Equal(band, report.Band);
        if (flag.Length > 0)
        {
            Assert.Contains(flag, Codes(report));
        }
    }

    [Fact]
    public void Scenario_details_hold()
    {
        Assert.Equal([FlagCodes.SeatExpansion, FlagCodes.Advocate], Report("A-1001").Signals.Select(s => s.Code));
        Assert.Contains("Priya Raman", Report("A-1002").Flags.Single(f => f.Code == FlagCodes.ChampionLeft).Description, StringComparison.Ordinal);
        Assert.Contains("tickets.csv#T-1003-", Report("A-1003").Flags.Single(f => f.Code == FlagCodes.StaleP1).Evidence[0].Source, StringComparison.Ordinal);
        Assert.True(Report("A-1004").Trend.EarlyWarning);
        Assert.Equal(HealthBand.Green, Report("A-1009").Band);
        Assert.Contains(FlagCodes.SeatExpansion, Report("A-1009").Signals.Select(s => s.Code));
        Assert.Equal(2, Report("A-1010").MissingData.Count);
        Assert.True(Report("A-1011").Trend.EarlyWarning);
        Assert.DoesNotContain(Report("A-1011").Flags, f => f.ForcesRed);
        Assert.DoesNotContain(Report("A-1012").Flags, f => f.ForcesRed);
        Assert.Equal("↑", Report("A-1014").Trend.Arrow);
    }

    [Fact]
    public void History_points_equal_scoring_directly_on_their_dates()
    {
        foreach (var data in SampleFixture.Portfolio.ByAccount().Take(20))
        {
            var report = SampleFixture.Reports[data.Account.AccountId];
            foreach (var point in report.Trend.History)
            {
                Assert.Equal(SampleFixture.Scorer.Score(data, point.AsOf).Score, point.Score);
            }
        }
    }

    [Fact]
    public void Alex_owns_accounts_in_every_band_and_each_team_has_its_own()
    {
        var portfolio = SampleFixture.Portfolio;
        var alex = portfolio.Accounts.Where(a => a.CsmEmail == SamplePortfolioGenerator.DefaultUserEmail).ToList();

        Assert.InRange(alex.Count, 15, 40);
        Assert.Equal(3, alex.Select(a => Report(a.AccountId).Band).Distinct().Count());
        var byManager = portfolio.Users.Where(u => u.ManagerEmail is not null).GroupBy(u => u.ManagerEmail).ToDictionary(g => g.Key!, g => g.Select(u => u.Email).ToList());
        Assert.Equal(["alexw@example.com", "isaiahl@example.com"], byManager["adelev@example.com"].Order());
        Assert.Equal(["gradya@example.com", "johannal@example.com"], byManager["nestorw@example.com"].Order());
        Assert.All(portfolio.Accounts, a => Assert.Contains(portfolio.Users, u => u.Email == a.CsmEmail));
    }

    [Fact]
    public void Users_are_the_playground_users_with_their_object_ids()
    {
        var users = SamplePortfolioGenerator.Users;

        Assert.Equal(
            [("alexw@example.com", "Alex Wilber", UserRole.Csm), ("meganb@example.com", "Megan Bowen", UserRole.Sales), ("adelev@example.com", "Adele Vance", UserRole.Manager),
             ("isaiahl@example.com", "Isaiah Langer", UserRole.Csm), ("pattif@example.com", "Patti Fernandez", UserRole.Admin), ("lynner@example.com", "Lynne Robbins", UserRole.Sales)],
            users.Take(6).Select(u => (u.Email, u.Name, u.Role)));
        Assert.Equal(
            Enumerable.Range(20, 6).Select(i => $"00000000-0000-0000-0000-00000000000{i}"),
            users.Take(6).Select(u => u.AadObjectId!));
    }

    [Fact]
    public void The_sample_covers_segments_stages_and_a_year_of_renewals()
    {
        var portfolio = SampleFixture.Portfolio;
        var asOf = SampleOptions.DefaultAsOf;

        Assert.Equal(Enum.GetValues<Segment>(), portfolio.Accounts.Select(a => a.Segment!.Value).Distinct().Order());
        Assert.Equal(Enum.GetValues<AdoptionStage>(), portfolio.Accounts.Select(a => a.AdoptionStage!.Value).Distinct().Order());
        Assert.All(portfolio.Accounts, a => Assert.InRange(a.RenewalDate, asOf, asOf.AddDays(366)));
        Assert.True(portfolio.Accounts.Select(a => (a.RenewalDate.Year * 12) + a.RenewalDate.Month).Distinct().Count() >= 10);
        Assert.True(portfolio.Usage.GroupBy(u => u.AccountId).Max(g => g.Count()) >= 26);
        Assert.All(portfolio.Usage, u => Assert.Equal(DayOfWeek.Monday, u.WeekStart.DayOfWeek));
        Assert.All(portfolio.Usage, u => Assert.True(u.WeekStart <= asOf));
        Assert.All(portfolio.Tickets, t => Assert.True(t.OpenedDate <= asOf && (t.ClosedDate is null || t.ClosedDate <= asOf)));
        Assert.All(portfolio.Tickets, t => Assert.Equal(t.ClosedDate is not null, t.Status == TicketStatus.Closed));
        Assert.Contains(portfolio.Interactions, i => i.Type == InteractionType.Qbr);
        Assert.Contains(portfolio.Interactions, i => i.Type == InteractionType.Escalation);
        Assert.Contains(portfolio.Surveys, s => s.Type == SurveyType.Csat && s.Comment is not null);
        Assert.Contains(portfolio.Contacts, c => c.Role == ContactRole.Champion && c.Status == ContactStatus.Left && c.LeftDate > asOf.AddDays(-60));
        Assert.All(portfolio.Outcomes, o => Assert.NotNull(o.Unit));
    }

    [Fact]
    public void Ids_are_unique_and_references_resolve()
    {
        var p = SampleFixture.Portfolio;
        var accounts = p.Accounts.Select(a => a.AccountId).ToHashSet();
        var contacts = p.Contacts.Select(c => c.ContactId).ToHashSet();

        Assert.Equal(p.Accounts.Count, accounts.Count);
        Assert.Equal(p.Accounts.Count, p.Accounts.Select(a => a.Name).Distinct().Count());
        Assert.Equal(p.Contacts.Count, contacts.Count);
        Assert.Equal(p.Tickets.Count, p.Tickets.Select(t => t.TicketId).Distinct().Count());
        Assert.Equal(p.Surveys.Count, p.Surveys.Select(t => t.SurveyId).Distinct().Count());
        Assert.Equal(p.Interactions.Count, p.Interactions.Select(t => t.InteractionId).Distinct().Count());
        Assert.Equal(p.Outcomes.Count, p.Outcomes.Select(t => t.OutcomeId).Distinct().Count());
        Assert.All(p.Contacts, c => Assert.Contains(c.AccountId, accounts));
        Assert.All(p.Surveys.Where(s => s.ContactId is not null), s => Assert.Contains(s.ContactId!, contacts));
        Assert.DoesNotContain(p.Interactions, i => i.Summary.Contains('{', StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_options_give_the_same_portfolio_and_another_seed_another()
    {
        var options = new SampleOptions { Accounts = 40, Weeks = 20 };
        var a = SamplePortfolioGenerator.Generate(options);
        var b = SamplePortfolioGenerator.Generate(options);
        var c = SamplePortfolioGenerator.Generate(options with { Seed = 7 });

        static (Account, string) Key(Account x) => (x with { Products = Array.Empty<string>() }, string.Join(';', x.Products));
        Assert.Equal(a.Accounts.Select(Key), b.Accounts.Select(Key));
        Assert.Equal(a.Usage, b.Usage);
        Assert.Equal(a.Interactions, b.Interactions);
        Assert.NotEqual(a.Usage, c.Usage);
    }

    [Fact]
    public void Four_weeks_later_the_history_is_kept_and_rows_are_appended()
    {
        var later = SamplePortfolioGenerator.Generate(new SampleOptions { ShiftWeeks = 4 });
        var asOf = SampleOptions.DefaultAsOf;
        var before = SampleFixture.Portfolio;

        Assert.Equal(before.Usage, later.Usage.Where(u => u.WeekStart <= asOf));
        Assert.True(later.Usage.Count > before.Usage.Count);
        Assert.Equal(before.Interactions, later.Interactions.Where(i => i.Date <= asOf));
        Assert.Equal(before.Surveys, later.Surveys.Where(s => s.Date <= asOf));
        Assert.Equal(
            before.Tickets.Select(t => (t.TicketId, t.OpenedDate, t.Subject)),
            later.Tickets.Where(t => t.OpenedDate <= asOf).Select(t => (t.TicketId, t.OpenedDate, t.Subject)));
        Assert.Equal(asOf.AddDays(28), later.Usage.Max(u => u.WeekStart).AddDays(4));
    }

    [Fact]
    public void Four_weeks_later_some_accounts_get_worse_and_some_better()
    {
        var later = SampleFixture.ScoreAll(SamplePortfolioGenerator.Generate(new SampleOptions { ShiftWeeks = 4 }), SampleOptions.DefaultAsOf.AddDays(28));

        Assert.Equal(HealthBand.Green, Report("A-1015").Band);
        Assert.Contains(FlagCodes.ChampionLeft, Codes(later["A-1015"]));
        Assert.True(later["A-1015"].Trend.EarlyWarning);
        Assert.DoesNotContain(FlagCodes.StaleP1, Codes(Report("A-1017")));
        Assert.Contains(FlagCodes.StaleP1, Codes(later["A-1017"]));
        Assert.Contains(FlagCodes.StaleP1, Codes(Report("A-1016")));
        Assert.DoesNotContain(FlagCodes.StaleP1, Codes(later["A-1016"]));
        Assert.True(later["A-1016"].Score > Report("A-1016").Score);
    }

    [Fact]
    public void Scales_to_large_portfolios_with_unique_ids()
    {
        var portfolio = SamplePortfolioGenerator.Generate(new SampleOptions { Accounts = 1000, Weeks = 52 });

        Assert.Equal(1000, portfolio.Accounts.Count);
        Assert.Equal(1000, portfolio.Accounts.Select(a => a.AccountId).Distinct().Count());
        Assert.Equal(portfolio.Tickets.Count, portfolio.Tickets.Select(t => t.TicketId).Distinct().Count());
        Assert.True(portfolio.Usage.Count > 1000 * 40);
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.ThrowsAny<System.ComponentModel.DataAnnotations.ValidationException>(() => SamplePortfolioGenerator.Generate(new SampleOptions { Accounts = 0 }));
        Assert.ThrowsAny<System.ComponentModel.DataAnnotations.ValidationException>(() => SamplePortfolioGenerator.Generate(new SampleOptions { Weeks = 0 }));
    }
}
