using BenchmarkDotNet.Attributes;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;
using CopilotBot.Core.Sample;
using Microsoft.Extensions.Options;

namespace CopilotBot.Benchmarks;

/// <summary>
/// The health model over a whole generated portfolio (52 weeks of usage), in memory, on one thread: the figure behind
/// the target "10,000 accounts scored in under 1 s on one core".
/// </summary>
[MemoryDiagnoser]
public class HealthScoringBenchmarks
{
    /// <summary>Accounts in the per-account benchmark: a fixed count, so that OperationsPerInvoke can state it.</summary>
    public const int SliceSize = 1_000;

    private readonly HealthScorer _scorer = new(Options.Create(new HealthOptions()));
    private IReadOnlyList<AccountData> _accounts = [];
    private AccountData[] _slice = [];

    [Params(1_000, 10_000)]
    public int Accounts { get; set; }

    [Params(52)]
    public int Weeks { get; set; }

    public DateOnly AsOf { get; } = SampleOptions.DefaultAsOf;

    [GlobalSetup]
    public void Setup()
    {
        var portfolio = SamplePortfolioGenerator.Generate(new SampleOptions { Accounts = Accounts, Weeks = Weeks });
        _accounts = portfolio.ByAccount();
        // Evenly spread over the portfolio, so that the designed scenarios and every archetype are in the mix.
        _slice = [.. Enumerable.Range(0, SliceSize).Select(i => _accounts[(int)((long)i * _accounts.Count / SliceSize)])];
    }

    /// <summary>Every account of the portfolio, as <c>copilot portfolio</c> does for an admin.</summary>
    [Benchmark]
    public HealthReport[] ScorePortfolio() => Score(_accounts);

    /// <summary>The mean cost of one account, over <see cref="SliceSize"/> accounts of the portfolio.</summary>
    [Benchmark(OperationsPerInvoke = SliceSize)]
    public HealthReport[] ScoreAccount() => Score(_slice);

    private HealthReport[] Score(IReadOnlyList<AccountData> accounts)
    {
        var reports = new HealthReport[accounts.Count];
        for (var i = 0; i < reports.Length; i++)
        {
            reports[i] = _scorer.Score(accounts[i], AsOf);
        }

        return reports;
    }
}
