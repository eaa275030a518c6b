using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;

namespace CopilotBot.Tests.Fakes;

/// <summary>Counts the accounts scored (from any thread), to tell when and how often a portfolio was scored.</summary>
internal sealed class CountingScorer : IHealthScorer
{
    private readonly ScoreTableHealthScorer _inner = new(new Dictionary<string, int>());
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public HealthReport Score(AccountData data, DateOnly asOf)
    {
        Interlocked.Increment(ref _calls);
        return _inner.Score(data, asOf);
    }
}
