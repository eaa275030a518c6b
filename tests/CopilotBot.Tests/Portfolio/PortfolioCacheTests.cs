using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;
using CopilotBot.Core.Portfolio;
using CopilotBot.Core.Storage;
using CopilotBot.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;
using static CopilotBot.Tests.Fakes.TinyPortfolio;

namespace CopilotBot.Tests.Portfolio;

public sealed class PortfolioCacheTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 20);

    private readonly InMemoryPortfolioStore _store = new(Data);
    private readonly CountingScorer _scorer = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Portfolio_is_scored_once_and_then_served_from_the_snapshot()
    {
        using var cache = new PortfolioCache(_store, _scorer, _clock);
        var first = await cache.GetRowsAsync(AsOf);
        var second = await cache.GetRowsAsync(AsOf);
        Assert.Equal(Data.Accounts.Count, first.Count);
        Assert.Same(first, second);
        Assert.Equal(Data.Accounts.Count, _scorer.Calls);
    }

    [Fact]
    public async Task A_new_import_in_the_store_is_noticed_without_being_told()
    {
        using var cache = new PortfolioCache(_store, _scorer, _clock);
        await cache.GetRowsAsync(AsOf);

        // Another instance imports into the shared store: only the import time changes for this one.
        await _store.ReplacePortfolioAsync(Data with { Accounts = [.. Data.Accounts.Where(a => a.AccountId != "A-101")] });
        _clock.Advance(PortfolioCache.ImportCheckInterval);
        var rows = await cache.GetRowsAsync(AsOf);

        Assert.DoesNotContain(rows, r => r.Account.AccountId == "A-101");
        Assert.Equal(Data.Accounts.Count * 2 - 1, _scorer.Calls);
    }

    [Fact]
    public async Task Users_and_accounts_are_read_once_per_import()
    {
        var store = new CountingStore(Data);
        using var cache = new PortfolioCache(store, _scorer, _clock);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(Data.Users, await cache.GetUsersAsync());
            Assert.Equal(Data.Accounts, await cache.GetAccountsAsync());
        }

        Assert.Equal((1, 1), (store.UserReads, store.AccountReads));
        await store.ReplacePortfolioAsync(Data with { Users = [.. Data.Users.Skip(1)] });
        _clock.Advance(PortfolioCache.ImportCheckInterval);
        Assert.Equal(Data.Users.Count - 1, (await cache.GetUsersAsync()).Count);
        Assert.Equal((2, 2), (store.UserReads, store.AccountReads));
    }

    [Fact]
    public async Task An_account_data_is_read_once_per_import_and_a_missing_one_every_time()
    {
        var store = new CountingStore(Data);
        using var cache = new PortfolioCache(store, _scorer, _clock);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("A-101", (await cache.GetAccountDataAsync("A-101"))?.Account.AccountId);
            Assert.Null(await cache.GetAccountDataAsync("A-999"));
        }

        Assert.Equal(4, store.AccountDataReads);
        var renamed = Data.Accounts.Select(a => a.AccountId == "A-101" ? a with { Name = "Renamed" } : a).ToList();
        await store.ReplacePortfolioAsync(Data with { Accounts = renamed });
        _clock.Advance(PortfolioCache.ImportCheckInterval);

        Assert.Equal("Renamed", (await cache.GetAccountDataAsync("A-101"))?.Account.Name);
        Assert.Equal(5, store.AccountDataReads);
    }

    [Fact]
    public async Task The_store_import_time_is_asked_once_per_interval_however_many_reads()
    {
        var store = new CountingStore(Data);
        using var cache = new PortfolioCache(store, _scorer, _clock);
        for (var i = 0; i < 5; i++)
        {
            await cache.GetUsersAsync();
            await cache.GetAccountsAsync();
        }

        Assert.Equal(1, store.ImportTimeReads);
        _clock.Advance(PortfolioCache.ImportCheckInterval);
        await cache.GetUsersAsync();
        Assert.Equal(2, store.ImportTimeReads);
        Assert.Equal((1, 1), (store.UserReads, store.AccountReads));
    }

    [Fact]
    public async Task Another_date_is_scored_as_of_that_date()
    {
        using var cache = new PortfolioCache(_store, _scorer, _clock);
        await cache.GetRowsAsync(AsOf);
        var later = await cache.GetRowsAsync(AsOf.AddDays(7));
        Assert.All(later, r => Assert.Equal(AsOf.AddDays(7), r.Health.AsOf));
    }

    [Fact]
    public async Task Told_of_an_import_the_snapshot_is_dropped_even_when_the_clock_did_not_move()
    {
        using var cache = new PortfolioCache(_store, _scorer, _clock);
        await cache.GetRowsAsync(AsOf);
        await cache.OnImportedAsync(Data, CancellationToken.None);
        await cache.GetRowsAsync(AsOf);
        Assert.Equal(Data.Accounts.Count * 2, _scorer.Calls);
    }

    [Fact]
    public async Task Concurrent_first_questions_share_one_read_and_one_scoring()
    {
        // A real store answers asynchronously, so the questions overlap while the first is still reading.
        var store = new CountingStore(Data, readDelay: TimeSpan.FromMilliseconds(50));
        using var cache = new PortfolioCache(store, _scorer, _clock);
        var all = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => cache.GetRowsAsync(AsOf))));
        Assert.All(all, rows => Assert.Same(all[0], rows));
        Assert.Equal(Data.Accounts.Count, _scorer.Calls);
        Assert.Equal((1, 1), (store.UserReads, store.AccountReads));
    }

    private sealed class CountingStore(PortfolioData portfolio, TimeSpan readDelay = default) : IPortfolioStore
    {
        private readonly InMemoryPortfolioStore _inner = new(portfolio);
        private int _userReads;
        private int _accountReads;

        public int UserReads => Volatile.Read(ref _userReads);

        public int AccountReads => Volatile.Read(ref _accountReads);

        public Task ReplacePortfolioAsync(PortfolioData portfolio, CancellationToken cancellationToken = default) => _inner.ReplacePortfolioAsync(portfolio, cancellationToken);

        public Task<bool> HasPortfolioAsync(CancellationToken cancellationToken = default) => _inner.HasPortfolioAsync(cancellationToken);

        public int ImportTimeReads { get; private set; }

        public Task<DateTimeOffset?> GetImportedAtAsync(CancellationToken cancellationToken = default)
        {
            ImportTimeReads++;
            return _inner.GetImportedAtAsync(cancellationToken);
        }

        public async Task<IReadOnlyList<User>> GetUsersAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _userReads);
            await Task.Delay(readDelay, cancellationToken);
            return await _inner.GetUsersAsync(cancellationToken);
        }

        public async Task<IReadOnlyList<Account>> GetAccountsAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _accountReads);
            await Task.Delay(readDelay, cancellationToken);
            return await _inner.GetAccountsAsync(cancellationToken);
        }

        public int AccountDataReads { get; private set; }

        public Task<AccountData?> GetAccountDataAsync(string accountId, CancellationToken cancellationToken = default)
        {
            AccountDataReads++;
            return _inner.GetAccountDataAsync(accountId, cancellationToken);
        }

        public Task<IReadOnlyList<AccountData>> GetAccountDataAsync(IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken = default) =>
            _inner.GetAccountDataAsync(accountIds, cancellationToken);
    }
}
