using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;
using CopilotBot.Core.Storage;
using CopilotBot.Knowledge;

namespace CopilotBot.Tests.Copilot.Fakes;

/// <summary>Returns the hand-built report of each account, whatever the date.</summary>
public sealed class FakeHealthScorer(IReadOnlyDictionary<string, HealthReport> reports) : IHealthScorer
{
    public HealthReport Score(AccountData data, DateOnly asOf) => reports[data.Account.AccountId];
}

/// <summary>Returns fixed passages, filtered by risk like the real index, and records the requests.</summary>
public sealed class FakePlaybookSearch(IReadOnlyList<PlaybookHit> hits) : IPlaybookSearch
{
    public List<SearchRequest> Requests { get; } = [];

    public Task<IReadOnlyList<PlaybookHit>> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        Requests.Add(request);
        var risks = request.Filter?.Risks;
        IReadOnlyList<PlaybookHit> result = [.. hits.Where(h => risks is null || risks.Count == 0 || h.Risks.Intersect(risks).Any()).Take(request.Top)];
        return Task.FromResult(result);
    }
}
