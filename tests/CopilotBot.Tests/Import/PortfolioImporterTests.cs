using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CopilotBot.Core;
using CopilotBot.Core.Import;
using CopilotBot.Core.Storage;
using CopilotBot.Core.Storage.Sqlite;
using CopilotBot.Tests.Sample;
using CopilotBot.Tests.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace CopilotBot.Tests.Import;

[Collection(LargePortfolios.Collection)]
public sealed class PortfolioImporterTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _data = new();
    private SqlitePortfolioStore? _store;

    private SqlitePortfolioStore Store => _store ??= new SqlitePortfolioStore(_data.Combine(SqlitePortfolioStore.FileName), TimeProvider.System);

    private PortfolioImporter Importer => new(new PortfolioReader(TimeProvider.System), Store, TimeProvider.System, NullLogger<PortfolioImporter>.Instance);

    public void Dispose()
    {
        _store?.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task AValidFolderIsStoredAndCounted()
    {
        using var folder = PortfolioFolder.Valid();

        var result = await Importer.ImportAsync(folder.Path);

        Assert.True(result.Succeeded);
        Assert.Equal(3, result.RowsOf("users.csv"));
        Assert.Equal(3, result.RowsOf("usage.csv"));
        Assert.Equal(["A-100", "A-200"], (await Store.GetAccountsAsync()).Select(a => a.AccountId));
        var acme = await Store.GetAccountDataAsync("A-100");
        Assert.Equal("Acme, Inc.", acme!.Account.Name);
        Assert.Equal(["C-1", "C-2"], acme.Contacts.Select(c => c.ContactId));
        Assert.Equal("Support is slow.\nVery slow, \"really\"", Assert.Single(acme.Surveys).Comment);
        Assert.Equal(2, acme.Usage.Count);
    }

    [Fact]
    public async Task TheCheckedInSamplePortfolioImportsCleanlyAndReadsBackAsGenerated()
    {
        var folder = Path.Combine(SampleFixture.RepositoryRoot(), "knowledge", "sample-portfolio");
        var generated = SampleFixture.Portfolio;

        var result = await Importer.ImportAsync(folder);

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.Equal(generated.Accounts.Count, result.RowsOf("accounts.csv"));
        Assert.Equal(generated.Usage.Count, result.RowsOf("usage.csv"));
        var stored = await Store.GetAccountDataAsync(generated.Accounts.Select(a => a.AccountId).ToList());
        Assert.Equal(generated.Accounts.Count, stored.Count);
        Assert.Equal(
            JsonSerializer.Serialize(generated.Users.OrderBy(u => u.Email, StringComparer.Ordinal)),
            JsonSerializer.Serialize(await Store.GetUsersAsync()));
        Assert.Equal(
            JsonSerializer.Serialize(generated.Accounts.OrderBy(a => a.AccountId, StringComparer.Ordinal).Select(a => TestPortfolios.Expected(generated, a.AccountId))),
            JsonSerializer.Serialize(stored));
    }

    [Fact]
    public async Task AFailedImportLeavesTheStoreAsItWas()
    {
        using var good = PortfolioFolder.Valid();
        using var bad = PortfolioFolder.Valid()
            .Write("accounts.csv", PortfolioFolder.Accounts.Replace("A-200,Globex", "A-300,Initech", StringComparison.Ordinal))
            .Write("usage.csv", PortfolioFolder.Usage + "A-300,2026-01-05,lots,,\n");
        Assert.True((await Importer.ImportAsync(good.Path)).Succeeded);

        var result = await Importer.ImportAsync(bad.Path);

        // The bad folder's accounts file is fine on its own, but it drops A-200 that four other files still use.
        Assert.False(result.Succeeded);
        Assert.Equal(
            [
                "usage.csv:4: account_id: unknown account 'A-200'",
                "usage.csv:5: active_users: 'lots' is not an integer",
                "tickets.csv:3: account_id: unknown account 'A-200'",
                "surveys.csv:4: account_id: unknown account 'A-200'",
            ],
            result.Errors.Select(e => e.ToString()));
        Assert.Equal(["A-100", "A-200"], (await Store.GetAccountsAsync()).Select(a => a.AccountId));
        Assert.Single((await Store.GetAccountDataAsync("A-200"))!.Usage);
    }

    [Fact]
    public async Task ASecondImportReplacesThePortfolioWholly()
    {
        using var first = PortfolioFolder.Valid();
        using var second = PortfolioFolder.Minimal().Write("accounts.csv", """
            account_id,name,csm_email,arr,renewal_date,licensed_seats
            B-1,Initech,casey@example.com,5,2026-12-31,3

            """);
        await Importer.ImportAsync(first.Path);

        var result = await Importer.ImportAsync(second.Path);

        Assert.True(result.Succeeded);
        var only = Assert.Single(await Store.GetAccountsAsync());
        Assert.Equal("B-1", only.AccountId);
        Assert.Null(await Store.GetAccountDataAsync("A-100"));
    }

    [Fact]
    public async Task AFiftyMegabyteUsageFileImportsInSeconds()
    {
        const int Accounts = 10_000;
        using var folder = PortfolioFolder.Minimal();
        var accounts = new StringBuilder("account_id,name,csm_email,arr,renewal_date,licensed_seats\n");
        for (var a = 0; a < Accounts; a++)
        {
            accounts.Append(CultureInfo.InvariantCulture, $"ACC-{a:D5},Company {a},casey@example.com,{1000 + a}.50,2027-01-31,{10 + a % 500}\n");
        }

        folder.Write("accounts.csv", accounts.ToString());
        var usagePath = Path.Combine(folder.Path, "usage.csv");
        var rows = 0;
        using (var writer = new StreamWriter(usagePath, false, new UTF8Encoding(false), 1 << 16))
        {
            writer.Write("account_id,week_start,active_users,sessions,feature_adoption_pct\n");
            var monday = new DateOnly(2023, 1, 2);
            for (var week = 0; writer.BaseStream.Position < 50_000_000; week++)
            {
                for (var a = 0; a < Accounts; a++)
                {
                    writer.Write(string.Create(CultureInfo.InvariantCulture, $"ACC-{a:D5},{monday.AddDays(7 * week):yyyy-MM-dd},{(a * 7 + week) % 900},{(a + week) % 5000},{(a + week) % 100}.5\n"));
                    rows++;
                }

                writer.Flush();
            }
        }

        var megabytes = new FileInfo(usagePath).Length / 1_000_000.0;
        var stopwatch = Stopwatch.StartNew();
        var result = await Importer.ImportAsync(folder.Path);
        stopwatch.Stop();

        output.WriteLine($"usage.csv {megabytes:F1} MB, {rows} rows: imported in {stopwatch.ElapsedMilliseconds} ms; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1_000_000} MB");
        Assert.Empty(result.Errors);
        Assert.Equal(rows, result.RowsOf("usage.csv"));
        Assert.True(megabytes >= 50);
        var sample = await Store.GetAccountDataAsync("ACC-01234");
        Assert.Equal(rows / Accounts, sample!.Usage.Count);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(60), $"import took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task AddPortfolioRegistersTheSqliteStoreUnderTheDataDirectoryAndTheImporter()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Copilot:DataDirectory"] = _data.Combine("configured") })
            .Build();
        await using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddPortfolio()
            .BuildServiceProvider();
        using var folder = PortfolioFolder.Minimal();

        var store = Assert.IsType<SqlitePortfolioStore>(services.GetRequiredService<IPortfolioStore>());
        var result = await services.GetRequiredService<PortfolioImporter>().ImportAsync(folder.Path);

        Assert.True(result.Succeeded);
        Assert.Same(store, services.GetRequiredService<IPortfolioStore>());
        Assert.Equal(_data.Combine("configured", SqlitePortfolioStore.FileName), store.DatabasePath);
        Assert.True(File.Exists(store.DatabasePath));
    }
}
