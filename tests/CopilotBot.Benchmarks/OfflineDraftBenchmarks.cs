using System.Globalization;
using BenchmarkDotNet.Attributes;
using CopilotBot.Benchmarks.Inputs;
using CopilotBot.Copilot;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Core;
using CopilotBot.Core.Health;
using CopilotBot.Core.Sample;
using CopilotBot.Core.Storage;
using CopilotBot.Knowledge;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CopilotBot.Benchmarks;

/// <summary>
/// One offline draft end to end, as the bot and <c>copilot draft</c> ask for it (user and account resolved under the
/// access rules, health scored, playbooks searched, draft composed, checked and rendered), for the first red and the
/// first green account of the sample, each drafted by its CSM, over the sample in memory and the real playbook index.
/// </summary>
[MemoryDiagnoser]
public class OfflineDraftBenchmarks
{
    private PlaybookLibrary? _library;
    private ServiceProvider? _services;
    private ICopilot? _copilot;
    private readonly Dictionary<HealthBand, DraftRequest> _requests = [];

    /// <summary>The draft asked for each band: the band's first account of the sample, by id, by its CSM.</summary>
    public IReadOnlyDictionary<HealthBand, DraftRequest> Requests => _requests;

    [Params(HealthBand.Red, HealthBand.Green)]
    public HealthBand Band { get; set; }

    [ParamsAllValues]
    public DraftKind Kind { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var sample = SamplePortfolioGenerator.Generate(new SampleOptions());
        _library = await PlaybookLibrary.IndexAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{CopilotOptions.SectionName}:{nameof(CopilotOptions.AsOf)}"] = SampleOptions.DefaultAsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            })
            .Build();
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddPortfolio()
            .AddSingleton<IPortfolioStore>(new MemoryPortfolioStore(sample))
            .AddSingleton<IPlaybookSearch>(_library.Index)
            .AddCopilot()
            .BuildServiceProvider();
        _copilot = _services.GetRequiredService<ICopilot>();

        var scorer = _services.GetRequiredService<IHealthScorer>();
        foreach (var data in sample.ByAccount())
        {
            var band = scorer.Score(data, SampleOptions.DefaultAsOf).Band;
            _requests.TryAdd(band, new DraftRequest(DraftKind.AccountSummary, data.Account.AccountId, data.Account.CsmEmail));
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services?.Dispose();
        _library?.Dispose();
    }

    [Benchmark]
    public Task<Draft> Draft() =>
        (_copilot ?? throw new InvalidOperationException("Setup has not run.")).DraftAsync(_requests[Band] with { Kind = Kind });
}
