using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;

namespace CopilotBot.Tests.Bot.Fakes;

/// <summary>The hand-built reports of <see cref="SampleData"/>, so that the portfolio service can run in bot tests.</summary>
public sealed class FakeHealthScorer : IHealthScorer
{
    public HealthReport Score(AccountData data, DateOnly asOf) =>
        data.Account.AccountId == SampleData.Contoso.AccountId ? SampleData.ContosoHealth() : SampleData.FabrikamHealth();
}
