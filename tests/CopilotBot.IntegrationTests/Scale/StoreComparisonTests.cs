using System.Diagnostics;
using System.Text.Json;
using CopilotBot.Core;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;
using CopilotBot.Core.Portfolio;
using CopilotBot.Core.Sample;
using CopilotBot.Core.Storage;
using CopilotBot.Core.Storage.Postgres;
using CopilotBot.Core.Storage.Sqlite;
using CopilotBot.Tests.Storage;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace CopilotBot.IntegrationTests.Scale;

/// <summary>
/// The sample and a generated 10,000-account, 52-week portfolio through both stores: the same records and the same
/// manager's portfolio come back from each, and the timings are reported (test output) for the README. Here rather
/// than with the unit tests: generating and importing a million rows twice takes most of a minute on two cores.
/// </summary>
public sealed class StoreComparisonTests(PostgresTestDatabase server, ITestOutputHelper output) : IClassFixture<PostgresTestDatabase>, IDisposable
{
    private const string Manager = "adelev@example.com";

    private readonly string _directory = Directory.CreateTempSubdirectory("copilotbot-store-comparison-").FullName;

    [PostgresFact]
    public Task TheSampleReadsTheSameFromBothStores() => CompareAsync(new SampleOptions());

    [PostgresFact]
    public Task TenThousandAccountsOfFiftyTwoWeeksReadTheSameFromBothStores() => CompareAsync(new SampleOptions { Accounts = 10_000, Weeks = 52 });

    private async Task CompareAsync(SampleOptions options)
    {
        var portfolio = SamplePortfolioGenerator.Generate(options);
        using var sqlite = new SqlitePortfolioStore(Path.Combine(_directory, Guid.NewGuid().ToString("N"), SqlitePortfolioStore.FileName), TimeProvider.System);
        await using var database = new PostgresDatabase(await server.CreateSchemaAsync());
        var postgres = new PostgresPortfolioStore(database, TimeProvider.System);
        await sqlite.HasPortfolioAsync();
        await postgres.HasPortfolioAsync(); // both migrated before the clock starts

        var sqliteImport = await TimeAsync(() => sqlite.ReplacePortfolioAsync(portfolio));
        var postgresImport = await TimeAsync(() => postgres.ReplacePortfolioAsync(portfolio));
        var (sqliteRows, sqliteFirst, sqliteQuery) = await ManagerPortfolioAsync(sqlite);
        var (postgresRows, postgresFirst, postgresQuery) = await ManagerPortfolioAsync(postgres);

        output.WriteLine($"{portfolio.Accounts.Count} accounts, {portfolio.Usage.Count} usage rows, {portfolio.RowCount()} rows in all");
        output.WriteLine($"import: SQLite {sqliteImport.TotalMilliseconds:F0} ms, PostgreSQL {postgresImport.TotalMilliseconds:F0} ms");
        output.WriteLine($"portfolio of {Manager} ({sqliteRows.Count} accounts), first (reads and scores all): SQLite {sqliteFirst.TotalMilliseconds:F0} ms, PostgreSQL {postgresFirst.TotalMilliseconds:F0} ms");
        output.WriteLine($"portfolio of {Manager}, next (health snapshot): SQLite {sqliteQuery.TotalMilliseconds:F1} ms, PostgreSQL {postgresQuery.TotalMilliseconds:F1} ms");

        Assert.NotEmpty(sqliteRows);
        Assert.Equal(Json(sqliteRows), Json(postgresRows));
        Assert.Equal(Json(await sqlite.GetUsersAsync()), Json(await postgres.GetUsersAsync()));
        Assert.Equal(Json(await sqlite.GetAccountsAsync()), Json(await postgres.GetAccountsAsync()));
        var someIds = portfolio.Accounts.Where((_, i) => i % 97 == 0).Select(a => a.AccountId).ToList();
        Assert.Equal(Json(await sqlite.GetAccountDataAsync(someIds)), Json(await postgres.GetAccountDataAsync(someIds)));
    }

    /// <summary>The manager's whole portfolio, scored, as the bot and CLI ask for it: the first question and the next.</summary>
    private static async Task<(IReadOnlyList<PortfolioRow> Rows, TimeSpan First, TimeSpan Next)> ManagerPortfolioAsync(IPortfolioStore store)
    {
        var scorer = new HealthScorer(Options.Create(new HealthOptions()));
        using var cache = new PortfolioCache(store, scorer, TimeProvider.System);
        var service = new PortfolioService(
            scorer,
            cache,
            Options.Create(new CopilotOptions { AsOf = SampleOptions.DefaultAsOf }),
            TimeProvider.System);
        var scope = await service.GetScopeAsync(Manager);
        var first = await TimeAsync(() => service.GetPortfolioAsync(scope));
        IReadOnlyList<PortfolioRow> rows = [];
        var next = await TimeAsync(async () => rows = await service.GetPortfolioAsync(scope));
        return (rows, first, next);
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return watch.Elapsed;
    }


    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
