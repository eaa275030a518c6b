using CopilotBot.Core;
using CopilotBot.Core.Health;
using CopilotBot.Core.Portfolio;
using CopilotBot.Tests.Fakes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static CopilotBot.Tests.Fakes.TinyPortfolio;

namespace CopilotBot.Tests.Portfolio;

public sealed class PortfolioServiceTests
{
    private readonly PortfolioService _service = Create(new InMemoryPortfolioStore(Data));

    internal static PortfolioService Create(InMemoryPortfolioStore store, IHealthScorer? scorer = null)
    {
        scorer ??= new ScoreTableHealthScorer(new Dictionary<string, int> { ["A-100"] = 40, ["A-101"] = 90, ["A-102"] = 60 });
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        return new PortfolioService(
            scorer,
            new PortfolioCache(store, scorer, clock),
            Options.Create(new CopilotOptions { AsOf = new DateOnly(2026, 11, 20) }),
            clock);
    }

    [Fact]
    public async Task Users_are_found_by_email_or_aad_object_id()
    {
        Assert.Equal(Alex, await _service.FindUserAsync("00000000-0000-0000-0000-0000000000020"));
        Assert.Equal(Alex, await _service.FindUserAsync("AlexW@example.com"));
        Assert.Null(await _service.FindUserAsync("stranger@example.com"));
    }

    [Fact]
    public async Task Unknown_user_is_denied()
    {
        var error = await Assert.ThrowsAsync<AccessDeniedException>(() => _service.GetScopeAsync("stranger@example.com"));
        Assert.Equal(4, error.ExitCode);
    }

    [Fact]
    public async Task Another_teams_account_is_answered_like_one_that_does_not_exist()
    {
        var scope = await _service.GetScopeAsync(Alex.Email);
        var forbidden = await Assert.ThrowsAsync<NotFoundException>(() => _service.ResolveAccountAsync(scope, "Umbrella Health"));
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => _service.ResolveAccountAsync(scope, "Umbrella Wealth"));
        Assert.Equal("No account 'Umbrella Health' among yours.", forbidden.Message);
        Assert.DoesNotContain("A-200", forbidden.Message + missing.Message);
        Assert.Null(await _service.GetHealthAsync(scope, "A-200"));
        Assert.Null(await _service.GetAccountDataAsync(scope, "A-200"));
    }

    [Fact]
    public async Task Not_found_message_suggests_close_visible_accounts()
    {
        var scope = await _service.GetScopeAsync(Adele.Email);
        var error = await Assert.ThrowsAsync<NotFoundException>(() => _service.ResolveAccountAsync(scope, "Initek Systems"));
        Assert.Contains("Initech (A-102)", error.Message);
        Assert.Equal(3, error.ExitCode);
    }

    [Fact]
    public async Task Portfolio_is_worst_first_and_scoped()
    {
        var scope = await _service.GetScopeAsync(Adele.Email);
        var rows = await _service.GetPortfolioAsync(scope);
        Assert.Equal(["A-100", "A-102", "A-101"], rows.Select(r => r.Account.AccountId).ToArray());
        Assert.Equal([HealthBand.Red, HealthBand.Yellow, HealthBand.Green], rows.Select(r => r.Health.Band).ToArray());
        Assert.All(rows, r => Assert.Equal(new DateOnly(2026, 11, 20), r.Health.AsOf));
    }

    [Fact]
    public async Task Portfolio_of_one_owner_in_the_team_and_denied_outside_it()
    {
        var scope = await _service.GetScopeAsync(Adele.Email);
        var ivys = await _service.GetPortfolioAsync(scope, Ivy.Email);
        Assert.Equal(["A-102"], ivys.Select(r => r.Account.AccountId).ToArray());
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.GetPortfolioAsync(scope, Carla.Email));
    }
}
