using CopilotBot.Bot.Hosting;
using CopilotBot.Core;
using CopilotBot.Core.Portfolio;
using CopilotBot.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static CopilotBot.Tests.Fakes.TinyPortfolio;

namespace CopilotBot.Tests.Bot;

/// <summary>The health snapshot is scored ahead of the questions, so that no first portfolio question waits for it.</summary>
public sealed class HealthSnapshotWorkerTests : IAsyncDisposable
{
    private readonly CountingScorer _scorer = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero));
    private PortfolioCache? _cache;
    private HealthSnapshotWorker? _worker;

    [Fact]
    public async Task The_snapshot_is_scored_at_start_and_the_first_question_scores_nothing()
    {
        var (cache, portfolio) = await StartAsync(new InMemoryPortfolioStore(Data));

        await WaitForScoredAsync(Data.Accounts.Count);
        var rows = await cache.GetRowsAsync(portfolio.AsOf);

        Assert.Equal(Data.Accounts.Count, rows.Count);
        Assert.Equal(Data.Accounts.Count, _scorer.Calls);
    }

    [Fact]
    public async Task A_new_day_is_scored_without_a_question()
    {
        var (cache, portfolio) = await StartAsync(new InMemoryPortfolioStore(Data));
        await WaitForScoredAsync(Data.Accounts.Count);

        _clock.Advance(TimeSpan.FromHours(16)); // past midnight, UTC
        await WaitForScoredAsync(2 * Data.Accounts.Count);

        Assert.Equal(new DateOnly(2026, 11, 21), portfolio.AsOf);
        await cache.GetRowsAsync(portfolio.AsOf);
        Assert.Equal(2 * Data.Accounts.Count, _scorer.Calls);
    }

    [Fact]
    public async Task A_portfolio_imported_after_start_by_any_instance_is_scored_within_a_check()
    {
        var store = new InMemoryPortfolioStore();
        await StartAsync(store);
        await WaitUntilAsync(() => store.ImportTimeReads > 0); // the check at start found nothing

        await store.ReplacePortfolioAsync(Data);
        for (var i = 0; i < 100 && _scorer.Calls == 0; i++)
        {
            _clock.Advance(HealthSnapshotWorker.CheckInterval);
            await Task.Delay(50);
        }

        await WaitForScoredAsync(Data.Accounts.Count);
    }

    public async ValueTask DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.StopAsync(CancellationToken.None);
            _worker.Dispose();
        }

        _cache?.Dispose();
    }

    private async Task<(PortfolioCache Cache, PortfolioService Portfolio)> StartAsync(InMemoryPortfolioStore store)
    {
        _cache = new PortfolioCache(store, _scorer, _clock);
        // No configured date: the day comes from the clock, as in production.
        var portfolio = new PortfolioService(_scorer, _cache, Options.Create(new CopilotOptions()), _clock);
        _worker = new HealthSnapshotWorker(portfolio, _cache, _clock, NullLogger<HealthSnapshotWorker>.Instance);
        await _worker.StartAsync(CancellationToken.None);
        return (_cache, portfolio);
    }

    private async Task WaitForScoredAsync(int accounts)
    {
        await WaitUntilAsync(() => _scorer.Calls >= accounts);
        Assert.Equal(accounts, _scorer.Calls);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }
}
