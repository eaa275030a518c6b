using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;
using CopilotBot.Core.Import;
using CopilotBot.Core.Storage;

namespace CopilotBot.Core.Portfolio;

/// <summary>
/// The health of every account as of one date, scored once per import and kept, so that a manager's portfolio is a
/// filter over ready rows instead of a read and a scoring of thousands of accounts per question. Every read checks the
/// store's import time, so an import by this process or by another instance sharing the store is never missed.
/// Rows are ordered worst first: band, then score, then the nearest renewal.
/// </summary>
public sealed class PortfolioHealthCache(IPortfolioStore store, IHealthScorer scorer) : IPortfolioImportListener, IDisposable
{
    // Accounts are read and scored in batches so that a large portfolio's raw rows are never all in memory at once.
    private const int BatchSize = 1_000;

    private readonly SemaphoreSlim _building = new(1, 1);
    private volatile Snapshot? _snapshot;

    /// <summary>Every account's row as of <paramref name="asOf"/>, worst first; scored now if the cached one is stale.</summary>
    public async Task<IReadOnlyList<PortfolioRow>> GetRowsAsync(DateOnly asOf, CancellationToken cancellationToken = default)
    {
        var importedAt = await store.GetImportedAtAsync(cancellationToken).ConfigureAwait(false);
        if (_snapshot is { } fresh && fresh.Matches(importedAt, asOf))
        {
            return fresh.Rows;
        }

        // One scoring at a time: concurrent first questions after an import wait for it instead of repeating it.
        await _building.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_snapshot is { } built && built.Matches(importedAt, asOf))
            {
                return built.Rows;
            }

            var snapshot = new Snapshot(importedAt, asOf, await ScoreAllAsync(asOf, cancellationToken).ConfigureAwait(false));
            _snapshot = snapshot;
            return snapshot.Rows;
        }
        finally
        {
            _building.Release();
        }
    }

    /// <summary>Drops the snapshot, for an import whose time equals the previous one's (same clock tick, fake clocks).</summary>
    public Task OnImportedAsync(PortfolioData portfolio, CancellationToken cancellationToken)
    {
        _snapshot = null;
        return Task.CompletedTask;
    }

    public void Dispose() => _building.Dispose();

    private async Task<IReadOnlyList<PortfolioRow>> ScoreAllAsync(DateOnly asOf, CancellationToken cancellationToken)
    {
        var accounts = await store.GetAccountsAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<PortfolioRow>(accounts.Count);
        foreach (var batch in accounts.Select(a => a.AccountId).Chunk(BatchSize))
        {
            var data = await store.GetAccountDataAsync(batch, cancellationToken).ConfigureAwait(false);
            rows.AddRange(data.Select(d => new PortfolioRow(d.Account, scorer.Score(d, asOf))));
        }

        return rows
            .OrderBy(r => r.Health.Band)
            .ThenBy(r => r.Health.Score)
            .ThenBy(r => r.Account.RenewalDate)
            .ThenBy(r => r.Account.AccountId, StringComparer.Ordinal)
            .ToList();
    }

    private sealed record Snapshot(DateTimeOffset? ImportedAt, DateOnly AsOf, IReadOnlyList<PortfolioRow> Rows)
    {
        public bool Matches(DateTimeOffset? importedAt, DateOnly asOf) => ImportedAt == importedAt && AsOf == asOf;
    }
}
