using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;

namespace CopilotBot.Tests.Fakes;

/// <summary>Gives each account a fixed score (default 80), so tests above the health model control the order.</summary>
internal sealed class ScoreTableHealthScorer(IReadOnlyDictionary<string, int> scores) : IHealthScorer
{
    public HealthReport Score(AccountData data, DateOnly asOf)
    {
        var score = scores.GetValueOrDefault(data.Account.AccountId, 80);
        var band = score >= 75 ? HealthBand.Green : score >= 50 ? HealthBand.Yellow : HealthBand.Red;
        return new HealthReport(data.Account.AccountId, data.Account.Name, asOf, score, band, [], null, [], [],
            new HealthTrend(null, null, null, null, "→", false, []), []);
    }
}
