using System.Diagnostics;
using System.Text.Json;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Storage;
using Xunit.Abstractions;

namespace CopilotBot.Tests.Storage;

/// <summary>
/// What every <see cref="IPortfolioStore"/> must do, whatever the database. A store gets a subclass that says how to
/// create an empty store (SQLite, PostgreSQL); its tests are <see cref="ContractFactAttribute"/>s so that a
/// subclass marked <see cref="RequiresPostgresAttribute"/> skips them all when there is no server.
/// </summary>
public abstract class PortfolioStoreContractTests(ITestOutputHelper output) : StoreContractTests<IPortfolioStore>
{
    [ContractFact]
    public async Task EmptyStoreHasNoPortfolio()
    {
        var store = CreateStore();

        Assert.False(await store.HasPortfolioAsync());
        Assert.Empty(await store.GetUsersAsync());
        Assert.Empty(await store.GetAccountsAsync());
        Assert.Null(await store.GetAccountDataAsync("A-001"));
        Assert.Empty(await store.GetAccountDataAsync(["A-001"]));
    }

    [ContractFact]
    public async Task ReplaceThenReadReturnsEveryFieldInTheDocumentedOrder()
    {
        var store = CreateStore();
        var portfolio = TestPortfolios.Small();

        await store.ReplacePortfolioAsync(portfolio);

        Assert.True(await store.HasPortfolioAsync());
        AssertSame(portfolio.Users.OrderBy(u => u.Email, StringComparer.Ordinal), await store.GetUsersAsync());
        AssertSame(portfolio.Accounts, await store.GetAccountsAsync());
        foreach (var account in portfolio.Accounts)
        {
            AssertSame(TestPortfolios.Expected(portfolio, account.AccountId), await store.GetAccountDataAsync(account.AccountId));
        }
    }

    [ContractFact]
    public async Task GetAccountDataForSeveralIdsReturnsThoseKnownInIdOrderWithTheirOwnRows()
    {
        var store = CreateStore();
        var portfolio = TestPortfolios.Small(accounts: 5);
        await store.ReplacePortfolioAsync(portfolio);

        var found = await store.GetAccountDataAsync(["A-004", "NOPE", "A-002", "A-004"]);

        AssertSame(new[] { TestPortfolios.Expected(portfolio, "A-002"), TestPortfolios.Expected(portfolio, "A-004") }, found);
        Assert.Empty(await store.GetAccountDataAsync(Array.Empty<string>()));
    }

    [ContractFact]
    public async Task ASecondReplaceReplacesThePortfolioWholly()
    {
        var store = CreateStore();
        await store.ReplacePortfolioAsync(TestPortfolios.Small("A", accounts: 4));
        var second = TestPortfolios.Small("B", accounts: 2);

        await store.ReplacePortfolioAsync(second);

        AssertSame(second.Users.OrderBy(u => u.Email, StringComparer.Ordinal), await store.GetUsersAsync());
        AssertSame(second.Accounts, await store.GetAccountsAsync());
        Assert.Null(await store.GetAccountDataAsync("A-001"));
        AssertSame(TestPortfolios.Expected(second, "B-001"), await store.GetAccountDataAsync("B-001"));
    }

    [ContractFact]
    public async Task EveryImportHasItsOwnImportTime()
    {
        var store = CreateStore();
        Assert.Null(await store.GetImportedAtAsync());

        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await store.ReplacePortfolioAsync(TestPortfolios.Small());
        var first = await store.GetImportedAtAsync();
        await Task.Delay(5);
        await store.ReplacePortfolioAsync(TestPortfolios.Small());
        var second = await store.GetImportedAtAsync();

        Assert.NotNull(first);
        Assert.InRange(first.Value, before, DateTimeOffset.UtcNow);
        Assert.True(second > first, $"{second:O} should be after {first:O}");
    }

    [ContractFact]
    public async Task AFailingReplaceLeavesThePreviousPortfolio()
    {
        var store = CreateStore();
        var good = TestPortfolios.Small("A");
        await store.ReplacePortfolioAsync(good);
        var next = TestPortfolios.Small("B", weeks: 30);

        // Two accounts with one id: the database refuses the second one after thousands of rows went in.
        var broken = next with { Accounts = [.. next.Accounts, next.Accounts[0]] };
        await Assert.ThrowsAnyAsync<Exception>(() => store.ReplacePortfolioAsync(broken));

        // A row pointing at an account that does not exist.
        var dangling = next with { Usage = [.. next.Usage, new UsageWeek("NOPE", new DateOnly(2026, 1, 5), 1, null, null)] };
        await Assert.ThrowsAnyAsync<Exception>(() => store.ReplacePortfolioAsync(dangling));

        await AssertHoldsAsync(store, good);
    }

    [ContractFact]
    public async Task AReplaceCancelledHalfwayLeavesThePreviousPortfolio()
    {
        var store = CreateStore();
        var good = TestPortfolios.Small("A");
        await store.ReplacePortfolioAsync(good);
        var next = TestPortfolios.Small("B", accounts: 20, weeks: 500);
        using var cancellation = new CancellationTokenSource();

        // The store reads usage row by row; the token is cancelled once it is well into them.
        var cancelled = false;
        var usage = new TrippingList<UsageWeek>(next.Usage, next.Usage.Count / 2, () =>
        {
            cancellation.Cancel();
            cancelled = true;
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.ReplacePortfolioAsync(next with { Usage = usage }, cancellation.Token));

        Assert.True(cancelled);
        await AssertHoldsAsync(store, good);
    }

    [ContractFact]
    public async Task APortfolioSurvivesReopeningTheStore()
    {
        var portfolio = TestPortfolios.Small();
        await CreateStore().ReplacePortfolioAsync(portfolio);

        await AssertHoldsAsync(CreateStore(), portfolio);
    }

    [ContractFact]
    public async Task TenThousandAccountsOfAYearOfUsageReplaceInSeconds()
    {
        var store = CreateStore();
        var portfolio = TestPortfolios.Small("A", accounts: 10_000, weeks: 52);
        await store.ReplacePortfolioAsync(TestPortfolios.Small("B"));

        var replace = Stopwatch.StartNew();
        await store.ReplacePortfolioAsync(portfolio);
        replace.Stop();
        var read = Stopwatch.StartNew();
        var all = await store.GetAccountDataAsync(portfolio.Accounts.Select(a => a.AccountId).ToList());
        read.Stop();

        output.WriteLine($"replace {portfolio.Accounts.Count} accounts, {portfolio.Usage.Count} usage rows: {replace.ElapsedMilliseconds} ms; read all back: {read.ElapsedMilliseconds} ms");
        Assert.Equal(10_000, all.Count);
        Assert.Equal(520_000, all.Sum(a => a.Usage.Count));
        Assert.True(replace.Elapsed < TimeSpan.FromSeconds(30), $"replace took {replace.Elapsed}");
    }

    private static async Task AssertHoldsAsync(IPortfolioStore store, PortfolioData portfolio)
    {
        Assert.True(await store.HasPortfolioAsync());
        AssertSame(portfolio.Users.OrderBy(u => u.Email, StringComparer.Ordinal), await store.GetUsersAsync());
        AssertSame(portfolio.Accounts, await store.GetAccountsAsync());
        var ids = portfolio.Accounts.Select(a => a.AccountId).ToList();
        AssertSame(ids.Select(id => TestPortfolios.Expected(portfolio, id)), await store.GetAccountDataAsync(ids));
    }

    // Records holding lists compare lists by reference; their JSON compares every value (decimals with their scale).
    protected static void AssertSame<T>(T expected, T actual) =>
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));

    private static void AssertSame<T>(IEnumerable<T> expected, IReadOnlyList<T> actual) =>
        Assert.Equal(JsonSerializer.Serialize(expected.ToList()), JsonSerializer.Serialize(actual.ToList()));
}
