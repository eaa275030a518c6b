using System.Diagnostics;
using System.Text;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Import;
using CopilotBot.Core.Storage.Sqlite;
using CopilotBot.Tests.Import;
using CopilotBot.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace CopilotBot.Tests.Reliability;

/// <summary>
/// Seeded random mutations of a valid portfolio folder (truncation, random bytes, swapped columns, duplicated rows,
/// bad quoting, missing files) through the real importer into SQLite: never an exception, only reported errors, and
/// the store always holds either the previous portfolio or the new one, never a mix.
/// </summary>
[Collection(LargePortfolios.Collection)]
public sealed class ImportFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const int Seed = 20261122;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(15);

    private static readonly (string File, string Text)[] Base =
    [
        ("users.csv", PortfolioFolder.Users), ("accounts.csv", PortfolioFolder.Accounts), ("contacts.csv", PortfolioFolder.Contacts),
        ("usage.csv", PortfolioFolder.Usage), ("tickets.csv", PortfolioFolder.Tickets), ("surveys.csv", PortfolioFolder.Surveys),
        ("interactions.csv", PortfolioFolder.Interactions), ("outcomes.csv", PortfolioFolder.Outcomes),
    ];

    private readonly TempDirectory _data = new();
    private readonly TempDirectory _input = new();

    public void Dispose()
    {
        _data.Dispose();
        _input.Dispose();
    }

    [Fact]
    public async Task Mutated_portfolios_are_imported_whole_or_rejected_with_errors()
    {
        using var store = new SqlitePortfolioStore(_data.Combine(SqlitePortfolioStore.FileName), TimeProvider.System);
        var reader = new PortfolioReader(TimeProvider.System);
        var importer = new PortfolioImporter(reader, store, TimeProvider.System, NullLogger<PortfolioImporter>.Instance);
        var random = new Random(Seed);
        WriteFolder(Base.ToDictionary(f => f.File, f => Encoding.UTF8.GetBytes(f.Text)));
        Assert.True((await importer.ImportAsync(_input.Path)).Succeeded);
        var current = await SnapshotAsync(store);
        int tried = 0, accepted = 0, rejected = 0;
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();

        while (clock.Elapsed < Budget && tried < 5000)
        {
            tried++;
            var files = Base.ToDictionary(f => f.File, f => Encoding.UTF8.GetBytes(f.Text));
            var mutations = new List<string>();
            for (var m = 0; m < 1 + random.Next(3); m++)
            {
                mutations.Add(Mutate(files, random));
            }

            WriteFolder(files);
            try
            {
                var result = await importer.ImportAsync(_input.Path);
                var after = await SnapshotAsync(store);
                if (result.Succeeded)
                {
                    accepted++;
                    var expected = Snapshot(reader.Read(_input.Path).Portfolio!);
                    if (after != expected)
                    {
                        failures.Add($"#{tried} ({string.Join(", ", mutations)}): accepted but the store does not hold the new portfolio");
                    }

                    current = after;
                }
                else
                {
                    rejected++;
                    if (result.Errors.Count == 0)
                    {
                        failures.Add($"#{tried} ({string.Join(", ", mutations)}): rejected without an error");
                    }

                    if (after != current)
                    {
                        failures.Add($"#{tried} ({string.Join(", ", mutations)}): rejected but the store changed");
                    }
                }
            }
            catch (Exception ex)
            {
                failures.Add($"#{tried} ({string.Join(", ", mutations)}): {ex.GetType().Name}: {ex.Message}");
            }
        }

        output.WriteLine($"seed {Seed}: {tried} mutated folders in {clock.Elapsed.TotalSeconds:0.0} s, {accepted} imported, {rejected} rejected with errors, {failures.Count} failures");
        Assert.True(tried >= 200, $"only {tried} inputs in the time budget");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
    }

    [Fact]
    public void Five_thousand_mutated_folders_are_read_without_a_crash_and_every_rejection_says_why()
    {
        var reader = new PortfolioReader(TimeProvider.System);
        var random = new Random(Seed + 1);
        int accepted = 0, rejected = 0;
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();

        for (var tried = 1; tried <= 5000; tried++)
        {
            var files = Base.ToDictionary(f => f.File, f => Encoding.UTF8.GetBytes(f.Text));
            var mutations = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Mutate(files, random)).ToList();
            WriteFolder(files);
            try
            {
                var read = reader.Read(_input.Path);
                if (read.Result.Succeeded)
                {
                    accepted++;
                    Assert.NotNull(read.Portfolio);
                }
                else
                {
                    rejected++;
                    if (read.Result.Errors.Count == 0 || read.Portfolio is not null)
                    {
                        failures.Add($"#{tried} ({string.Join(", ", mutations)}): rejected without an error, or with a portfolio");
                    }
                }
            }
            catch (Exception ex)
            {
                failures.Add($"#{tried} ({string.Join(", ", mutations)}): {ex.GetType().Name}: {ex.Message}");
            }
        }

        output.WriteLine($"seed {Seed + 1}: 5000 mutated folders read in {clock.Elapsed.TotalSeconds:0.0} s, {accepted} valid, {rejected} rejected with errors, {failures.Count} failures");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
    }

    private static string Mutate(Dictionary<string, byte[]> files, Random random)
    {
        var name = files.Keys.ElementAt(random.Next(files.Count));
        var bytes = files[name];
        var lines = Encoding.UTF8.GetString(bytes).Split('\n').ToList();
        switch (random.Next(10))
        {
            case 0:
                files[name] = bytes[..random.Next(bytes.Length + 1)];
                return $"{name}: truncated";
            case 1:
                var noisy = bytes.ToArray();
                for (var i = 0; i < 1 + random.Next(8) && noisy.Length > 0; i++)
                {
                    noisy[random.Next(noisy.Length)] = (byte)random.Next(256);
                }

                files[name] = noisy;
                return $"{name}: random bytes";
            case 2:
                var (a, b) = (random.Next(12), random.Next(12));
                files[name] = Encoding.UTF8.GetBytes(string.Join('\n', lines.Select(l => SwapFields(l, a, b))));
                return $"{name}: swapped columns {a},{b}";
            case 3:
                if (lines.Count > 1)
                {
                    var row = 1 + random.Next(lines.Count - 1);
                    lines.Insert(row, lines[row]);
                }

                files[name] = Encoding.UTF8.GetBytes(string.Join('\n', lines));
                return $"{name}: duplicated row";
            case 4:
                var text = Encoding.UTF8.GetString(bytes);
                var at = random.Next(text.Length + 1);
                files[name] = Encoding.UTF8.GetBytes(text[..at] + "\"" + text[at..]);
                return $"{name}: stray quote";
            case 5:
                files.Remove(name);
                return $"{name}: missing";
            case 6:
                files[name] = [];
                return $"{name}: empty";
            case 7:
                var line = random.Next(lines.Count);
                lines[line] = lines[line] + "," + new string('x', random.Next(1, 3000));
                files[name] = Encoding.UTF8.GetBytes(string.Join('\n', lines));
                return $"{name}: extra field";
            case 8:
                var target = random.Next(lines.Count);
                var fields = lines[target].Split(',');
                fields[random.Next(fields.Length)] = Garbage(random);
                lines[target] = string.Join(',', fields);
                files[name] = Encoding.UTF8.GetBytes(string.Join('\n', lines));
                return $"{name}: garbage field";
            default:
                files[name] = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(string.Join("\r\n", lines))];
                return $"{name}: BOM and CRLF";
        }
    }

    private static string Garbage(Random random) => random.Next(6) switch
    {
        0 => "-1",
        1 => "99999999999999999999999",
        2 => "2026-02-30",
        3 => "NaN",
        4 => "\u0000\uFFFD",
        _ => new string((char)random.Next(32, 0x2FFF), random.Next(0, 50)),
    };

    private static string SwapFields(string line, int a, int b)
    {
        var fields = line.Split(',');
        if (a < fields.Length && b < fields.Length)
        {
            (fields[a], fields[b]) = (fields[b], fields[a]);
        }

        return string.Join(',', fields);
    }

    private void WriteFolder(Dictionary<string, byte[]> files)
    {
        foreach (var file in Directory.GetFiles(_input.Path))
        {
            File.Delete(file);
        }

        foreach (var (name, bytes) in files)
        {
            File.WriteAllBytes(Path.Combine(_input.Path, name), bytes);
        }
    }

    private static async Task<string> SnapshotAsync(SqlitePortfolioStore store)
    {
        var accounts = await store.GetAccountsAsync();
        var data = await store.GetAccountDataAsync([.. accounts.Select(a => a.AccountId)]);
        return Describe(await store.GetUsersAsync(), data);
    }

    private static string Snapshot(PortfolioData portfolio)
    {
        var data = portfolio.Accounts.Select(a => new AccountData(
            a,
            [.. portfolio.Contacts.Where(c => c.AccountId == a.AccountId)],
            [.. portfolio.Usage.Where(u => u.AccountId == a.AccountId)],
            [.. portfolio.Tickets.Where(t => t.AccountId == a.AccountId)],
            [.. portfolio.Surveys.Where(s => s.AccountId == a.AccountId)],
            [.. portfolio.Interactions.Where(i => i.AccountId == a.AccountId)],
            [.. portfolio.Outcomes.Where(o => o.AccountId == a.AccountId)]));
        return Describe(portfolio.Users, [.. data]);
    }

    // Row counts and key values per table: enough to tell the old portfolio from the new one, or a mix of both.
    private static string Describe(IReadOnlyList<User> users, IReadOnlyList<AccountData> accounts) =>
        string.Join('|', users.Select(u => u.Email).Order(StringComparer.Ordinal)) + "#"
        + string.Join(';', accounts.OrderBy(a => a.Account.AccountId, StringComparer.Ordinal).Select(a =>
            $"{a.Account.AccountId}:{a.Account.Name}:{a.Account.Arr}:{a.Contacts.Count}:{a.Usage.Count}:{a.Tickets.Count}:{a.Surveys.Count}:{a.Interactions.Count}:{a.Outcomes.Count}"));
}
