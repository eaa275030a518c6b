using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;
using CopilotBot.Core.Sample;
using Microsoft.Extensions.Options;

namespace CopilotBot.Tests.Sample;

/// <summary>The default sample and its health as of its as-of date, computed once for the Sample tests.</summary>
internal static class SampleFixture
{
    private static readonly Lazy<PortfolioData> s_portfolio = new(() => SamplePortfolioGenerator.Generate(new SampleOptions()));
    private static readonly Lazy<Dictionary<string, HealthReport>> s_reports = new(() => ScoreAll(Portfolio, SampleOptions.DefaultAsOf));

    public static PortfolioData Portfolio => s_portfolio.Value;

    public static IReadOnlyDictionary<string, HealthReport> Reports => s_reports.Value;

    public static HealthScorer Scorer { get; } = new(Options.Create(new HealthOptions()));

    public static Dictionary<string, HealthReport> ScoreAll(PortfolioData portfolio, DateOnly asOf) =>
        portfolio.ByAccount().ToDictionary(a => a.Account.AccountId, a => Scorer.Score(a, asOf));

    /// <summary>The repository root (where CopilotBot.sln is), found from the test binaries.</summary>
    public static string RepositoryRoot()
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
