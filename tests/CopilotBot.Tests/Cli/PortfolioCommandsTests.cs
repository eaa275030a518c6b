using System.Text.Json;
using CopilotBot.Tests.Storage;

namespace CopilotBot.Tests.Cli;

public sealed class PortfolioCommandsTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Import_of_the_sample_prints_rows_per_file()
    {
        var run = await _cli.ImportSampleAsync();
        Assert.Matches(@"accounts\.csv\s+66 rows", run.Output);
        Assert.Matches(@"users\.csv\s+9 rows", run.Output);
    }

    [Fact]
    public async Task Broken_import_lists_every_error_exits_2_and_changes_nothing()
    {
        await _cli.ImportSampleAsync();
        using var broken = new TempDirectory();
        foreach (var file in Directory.GetFiles(CliRunner.SampleFolder))
        {
            File.Copy(file, broken.Combine(Path.GetFileName(file)));
        }

        var accounts = File.ReadAllLines(broken.Combine("accounts.csv"));
        var header = accounts[0].Split(',');
        var segment = Array.IndexOf(header, "segment");
        var renewal = Array.IndexOf(header, "renewal_date");
        var second = accounts[2].Split(',');
        second[segment] = "galactic";
        var third = accounts[3].Split(',');
        third[renewal] = "2027-02-30";
        accounts[2] = string.Join(',', second);
        accounts[3] = string.Join(',', third);
        File.WriteAllLines(broken.Combine("accounts.csv"), accounts);

        var run = await _cli.RunAsync("import", broken.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("accounts.csv:3: segment:", run.Error);
        Assert.Contains("accounts.csv:4: renewal_date:", run.Error);
        Assert.Contains("left as it was", run.Error);
        var portfolio = await _cli.RunAsync("portfolio", "--json");
        Assert.Equal(66, JsonDocument.Parse(portfolio.Output).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Portfolio_shows_every_band_worst_first()
    {
        await _cli.ImportSampleAsync();
        var run = await _cli.RunAsync("portfolio", "--json", "--as", "pattif@example.com");

        Assert.Equal(0, run.ExitCode);
        var bands = JsonDocument.Parse(run.Output).RootElement.EnumerateArray().Select(r => r.GetProperty("band").GetString()!).ToList();
        Assert.Equal(["red", "yellow", "green"], bands.Distinct().ToArray());
    }

    [Fact]
    public async Task Portfolio_table_is_scoped_to_the_asking_csm()
    {
        await _cli.ImportSampleAsync();
        var alex = await _cli.RunAsync("portfolio", "--json", "--as", "alexw@example.com");
        var rows = JsonDocument.Parse(alex.Output).RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal("alexw@example.com", r.GetProperty("csmEmail").GetString()));

        var table = await _cli.RunAsync("portfolio", "--as", "alexw@example.com");
        Assert.Contains($"{rows.Count} accounts as of 2026-11-20", table.Output);
    }

    [Fact]
    public async Task Health_of_a_red_account_explains_itself_with_evidence_from_the_csv_rows()
    {
        await _cli.ImportSampleAsync();
        var run = await _cli.RunAsync("health", "Contoso Pharma", "--json", "--as", "alexw@example.com");

        Assert.Equal(0, run.ExitCode);
        var report = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal("red", report.GetProperty("band").GetString());
        var flag = report.GetProperty("flags").EnumerateArray().Single(f => f.GetProperty("code").GetString() == "champion_left");
        var evidence = flag.GetProperty("evidence")[0];
        var source = evidence.GetProperty("source").GetString()!;
        Assert.StartsWith("contacts.csv#", source);
        var contactId = source["contacts.csv#".Length..];
        var row = File.ReadLines(Path.Combine(CliRunner.SampleFolder, "contacts.csv")).Single(l => l.StartsWith(contactId + ",", StringComparison.Ordinal));
        Assert.Contains("champion", row);
        Assert.Contains("left", row);
        Assert.Contains(row.Split(',')[2], evidence.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Health_table_names_the_drag_and_the_flags()
    {
        await _cli.ImportSampleAsync();
        var run = await _cli.RunAsync("health", "A-1003");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("(drag)", run.Output);
        Assert.Contains("stale_p1", run.Output);
        Assert.Contains("tickets.csv#", run.Output);
    }

    [Fact]
    public async Task Unknown_and_forbidden_accounts_get_the_same_answer_and_exit_3()
    {
        await _cli.ImportSampleAsync();
        var portfolio = JsonDocument.Parse((await _cli.RunAsync("portfolio", "--json")).Output).RootElement;
        var notAlexs = portfolio.EnumerateArray().First(r => r.GetProperty("csmEmail").GetString() != "alexw@example.com");
        var name = notAlexs.GetProperty("name").GetString()!;

        var forbidden = await _cli.RunAsync("health", name, "--as", "alexw@example.com");
        var missing = await _cli.RunAsync("health", "Nonexistent Holdings", "--as", "alexw@example.com");

        Assert.Equal(3, forbidden.ExitCode);
        Assert.Equal(3, missing.ExitCode);
        Assert.StartsWith($"No account '{name}' among yours.", forbidden.Error.Trim());
        Assert.StartsWith("No account 'Nonexistent Holdings' among yours.", missing.Error.Trim());
        Assert.DoesNotContain(notAlexs.GetProperty("accountId").GetString()!, forbidden.Error + forbidden.Output);
    }

    [Fact]
    public async Task Ambiguous_name_lists_the_candidates()
    {
        await _cli.ImportSampleAsync();
        var run = await _cli.RunAsync("health", "contoso");
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("matches several accounts", run.Error);
        Assert.Contains("Contoso Pharmaceuticals (A-1002)", run.Error);
    }

    [Fact]
    public async Task Unknown_user_is_denied_with_exit_4()
    {
        await _cli.ImportSampleAsync();
        var run = await _cli.RunAsync("portfolio", "--as", "mallory@example.com");
        Assert.Equal(4, run.ExitCode);
        Assert.Contains("mallory@example.com", run.Error);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("health")]
    [InlineData("portfolio", "--as-of", "yesterday")]
    public async Task Bad_arguments_exit_2(params string[] args)
    {
        var run = await _cli.RunAsync(args);
        Assert.Equal(2, run.ExitCode);
        Assert.NotEmpty(run.Error);
    }

    [Fact]
    public async Task As_of_moves_the_scores_back_in_time()
    {
        await _cli.ImportSampleAsync();
        var now = JsonDocument.Parse((await _cli.RunAsync("health", "A-1004", "--json")).Output).RootElement;
        var before = JsonDocument.Parse((await _cli.RunAsync("health", "A-1004", "--json", "--as-of", "2026-10-23")).Output).RootElement;
        Assert.Equal("2026-10-23", before.GetProperty("asOf").GetString());
        Assert.Equal(now.GetProperty("trend").GetProperty("score4WeeksAgo").GetInt32(), before.GetProperty("score").GetInt32());
    }

    [Fact]
    public async Task Generate_with_defaults_reproduces_the_checked_in_sample()
    {
        using var output = new TempDirectory();
        var run = await _cli.RunAsync("generate", "--out", output.Path);
        Assert.Equal(0, run.ExitCode);
        foreach (var file in Directory.GetFiles(CliRunner.SampleFolder))
        {
            Assert.Equal(File.ReadAllText(file), File.ReadAllText(output.Combine(Path.GetFileName(file))));
        }
    }
}
