using CopilotBot.Copilot;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Copilot.Evaluation;
using CopilotBot.Core;
using CopilotBot.Core.Import;
using CopilotBot.Core.Sample;
using CopilotBot.Knowledge;
using CopilotBot.Knowledge.Ingestion;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CopilotBot.IntegrationTests.Copilot;

/// <summary>
/// The whole offline path as the hosts compose it: the checked-in sample imported into SQLite, the playbooks
/// indexed (embedded index, offline embeddings), the real health model, and every account drafted in every kind.
/// </summary>
public sealed class EndToEndDraftTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("copilot-e2e-").FullName;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        var root = RepositoryRoot();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Copilot:DataDirectory"] = _data,
            ["Copilot:AsOf"] = SampleOptions.DefaultAsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Knowledge:PlaybooksDirectory"] = Path.Combine(root, "knowledge", "playbooks"),
        }).Build();
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddPortfolio()
            .AddPlaybooks()
            .AddCopilot()
            .BuildServiceProvider();
        var import = await _services.GetRequiredService<PortfolioImporter>().ImportAsync(Path.Combine(root, "knowledge", "sample-portfolio"));
        Assert.True(import.Succeeded, string.Join('\n', import.Errors));
        await _services.GetRequiredService<PlaybookIndexer>().IndexAsync(Path.Combine(root, "knowledge", "playbooks"), rebuild: true);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Every_account_and_kind_drafts_fully_cited_with_no_ungrounded_claim()
    {
        var figures = await _services.GetRequiredService<DraftEvaluator>().EvaluateAsync();

        Assert.True(figures.Accounts >= 60, $"{figures.Accounts} accounts");
        Assert.Equal(figures.Accounts * 5, figures.Drafts);
        Assert.True(figures.Ungrounded.Count == 0, string.Join('\n', figures.Ungrounded.Take(15)));
        Assert.Equal(1.0, figures.CitedItemShare);
        Assert.Equal(1.0, figures.GroundedClaimShare);
    }

    [Fact]
    public async Task A_champion_loss_plan_cites_the_champion_loss_playbook_and_the_contact_who_left()
    {
        var copilot = _services.GetRequiredService<ICopilot>();

        var plan = await copilot.DraftAsync(new DraftRequest(DraftKind.RemediationPlan, "Contoso Pharmaceuticals", SamplePortfolioGenerator.DefaultUserEmail));

        Assert.False(plan.Refused);
        Assert.Empty(plan.Warnings);
        Assert.Contains(plan.Citations, c => c.Type == "playbook" && c.Source.StartsWith("playbooks/", StringComparison.Ordinal));
        Assert.Contains(plan.Citations, c => c.Source.StartsWith("contacts.csv#", StringComparison.Ordinal));
        Assert.All(plan.Sections.SelectMany(s => s.Items), i => Assert.NotEmpty(i.Citations));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CopilotBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("CopilotBot.sln not found above " + AppContext.BaseDirectory);
    }
}
