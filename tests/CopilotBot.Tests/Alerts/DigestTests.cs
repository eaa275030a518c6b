using System.Text.Json;
using CopilotBot.Core.Alerts;
using CopilotBot.Core.Health;
using CopilotBot.Core.Portfolio;
using Microsoft.Extensions.DependencyInjection;

namespace CopilotBot.Tests.Alerts;

public sealed class DigestTests : IDisposable
{
    private readonly AlertWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task A_managers_digest_covers_their_team_only()
    {
        await _world.ImportBothAsync();
        var adele = await _world.ScopeAsync("adelev@example.com");
        var portfolio = _world.Services.GetRequiredService<PortfolioService>();
        var admin = await portfolio.GetPortfolioAsync(await _world.ScopeAsync("pattif@example.com"));

        var digest = await _world.Services.GetRequiredService<DigestBuilder>().BuildAsync(adele);

        Assert.Equal(DigestKind.Manager, digest.Kind);
        Assert.Equal(["alexw@example.com", "isaiahl@example.com"], digest.Team);
        var team = admin.Where(r => r.Account.CsmEmail is "alexw@example.com" or "isaiahl@example.com").ToList();
        Assert.Equal(team.Count, digest.Accounts);
        var nestorsTeam = admin.Where(r => r.Account.CsmEmail is "gradya@example.com" or "johannal@example.com").Select(r => r.Account.AccountId).ToHashSet();
        Assert.NotEmpty(nestorsTeam);
        var mentioned = digest.BandChanges.Select(b => b.AccountId).Concat(digest.Renewals.Select(r => r.AccountId))
            .Concat(digest.UnhandledAlerts.Select(a => a.AccountId)).Concat(digest.NewAlerts.Select(a => a.AccountId));
        Assert.DoesNotContain(mentioned, nestorsTeam.Contains);

        // The alerts the four-weeks-later import raised for Alex's and Isaiah's accounts, and only those, are new.
        Assert.Equal(
            ["A-1015|band_worse|green-to-red@2026-12-18", "A-1015|critical_flag|champion_left", "A-1015|critical_flag|detractor",
             "A-1015|score_drop|drop-4w", "A-1030|expansion|advocate", "A-1064|renewal_window|2027-03-17"],
            digest.NewAlerts.Select(a => a.Key).Order(StringComparer.Ordinal).ToArray());
        Assert.DoesNotContain(digest.UnhandledAlerts, a => digest.NewAlerts.Contains(a));
        Assert.Contains("### New alerts this week", DigestMarkdown.Render(digest));

        var weekAgo = AlertWorld.LaterAsOf.AddDays(-7);
        var store = _world.Services.GetRequiredService<Core.Storage.IPortfolioStore>();
        var scorer = _world.Services.GetRequiredService<IHealthScorer>();
        var expectedChanges = new List<string>();
        foreach (var row in team)
        {
            var before = scorer.Score((await store.GetAccountDataAsync(row.Account.AccountId))!, weekAgo);
            if (before.Band != row.Health.Band)
            {
                expectedChanges.Add($"{row.Account.AccountId}:{before.Band}->{row.Health.Band}");
            }
        }

        Assert.Equal(expectedChanges.Order(), digest.BandChanges.Select(b => $"{b.AccountId}:{b.From}->{b.To}").Order());
        // The changes of the digest week among Adele's team (A-1062 since surveys of departed contacts weigh less).
        Assert.Equal(["A-1054:Yellow->Green", "A-1062:Yellow->Green"], expectedChanges.Order());
        var expectedAtRisk = team.Where(r => r.Health.Band == HealthBand.Red).GroupBy(r => r.Account.Currency).ToDictionary(g => g.Key, g => g.Sum(r => r.Account.Arr));
        Assert.Equal(expectedAtRisk.OrderBy(p => p.Key), digest.ArrAtRisk.OrderBy(p => p.Key));
        Assert.All(digest.Renewals, r => Assert.InRange(r.Days, 0, 90));

        var markdown = DigestMarkdown.Render(digest);
        Assert.Contains("(A-1054): yellow", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("(A-1017)", markdown, StringComparison.Ordinal);
        Assert.NotNull(JsonSerializer.Serialize(digest));
    }

    [Fact]
    public async Task A_csms_digest_covers_their_accounts_and_lists_alerts_unhandled_for_a_week()
    {
        await _world.ImportBothAsync();
        var alex = await _world.ScopeAsync("alexw@example.com");
        var builder = _world.Services.GetRequiredService<DigestBuilder>();
        var fresh = await builder.BuildAsync(alex);
        var alexAccounts = (await _world.Services.GetRequiredService<PortfolioService>().GetVisibleAccountsAsync(alex)).Select(a => a.AccountId).ToHashSet();

        Assert.Equal(DigestKind.Csm, fresh.Kind);
        Assert.Empty(fresh.Team);
        Assert.All(fresh.UnhandledAlerts, a => Assert.Contains(a.AccountId, alexAccounts));
        Assert.DoesNotContain(fresh.UnhandledAlerts, a => a.Key == "A-1015|critical_flag|champion_left"); // raised today

        await _world.Alerts.HandleAsync(alex, "A-1015|critical_flag|detractor");
        _world.Time.Advance(TimeSpan.FromDays(8));
        var week = await builder.BuildAsync(alex);
        Assert.Contains(week.UnhandledAlerts, a => a.Key == "A-1015|critical_flag|champion_left");
        Assert.DoesNotContain(week.UnhandledAlerts, a => a.Key == "A-1015|critical_flag|detractor");
    }

    [Fact]
    public void Digest_slots_are_the_last_scheduled_moment()
    {
        var monday8 = new DigestSchedule { Day = DayOfWeek.Monday, Time = new TimeOnly(8, 0) };

        Assert.Equal(new DateTime(2026, 11, 16, 8, 0, 0), monday8.LastSlot(new DateTime(2026, 11, 22, 19, 0, 0))); // Sunday
        Assert.Equal(new DateTime(2026, 11, 23, 8, 0, 0), monday8.LastSlot(new DateTime(2026, 11, 23, 8, 0, 0)));
        Assert.Equal(new DateTime(2026, 11, 16, 8, 0, 0), monday8.LastSlot(new DateTime(2026, 11, 23, 7, 59, 0)));
    }
}
