using System.Collections.Concurrent;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;
using CopilotBot.Core.Import;
using CopilotBot.Core.Storage;

namespace CopilotBot.Core.Portfolio;

/// <summary>
/// The users, the accounts, the health of every account and the data of recently asked ones, read (and scored) once
/// per import and kept: a question then resolves its account and a manager's portfolio filters ready rows instead of
/// reading (and scoring) thousands of accounts each time. An import by this process drops the snapshot at once (it is
/// an import listener); one by another instance sharing the store is seen by the store's import time, checked at most
/// every <see cref="ImportCheckInterval"/> so that the several reads of one question cost one query.
/// Rows are ordered worst first: band, then score, then the nearest renewal.
/// </summary>
public sealed class PortfolioCache(IPortfolioStore store, IHealthScorer scorer, TimeProvider timeProvider) : IPortfolioImportListener, IDisposable
{
    /// <summary>How long a check of the store's import time holds: another instance's import shows within it.</summary>
    public static readonly TimeSpan ImportCheckInterval = TimeSpan.FromSeconds(1);

    /// <summary>Accounts whose data <see cref="GetAccountDataAsync"/> keeps (about 25 KB each with a year of weeks).</summary>
    public const int MaxKeptAccounts = 256;

    // Accounts are read and scored in batches so that a large portfolio's raw rows are never all in memory at once.
    private const int BatchSize = 250;

    private readonly SemaphoreSlim _reading = new(1, 1);
    private readonly SemaphoreSlim _scoring = new(1, 1);
    private volatile Snapshot? _snapshot;

    public async Task<IReadOnlyList<User>> GetUsersAsync(CancellationToken cancellationToken = default) =>
        (await CurrentAsync(cancellationToken).ConfigureAwait(false)).Users;

    public async Task<IReadOnlyList<Account>> GetAccountsAsync(CancellationToken cancellationToken = default) =>
        (await CurrentAsync(cancellationToken).ConfigureAwait(false)).Accounts;

    /// <summary>
    /// One account's data (null when it does not exist), kept for the import: a conversation asks about the same few
    /// accounts again and again. At most <see cref="MaxKeptAccounts"/> are kept, so the raw rows of a large portfolio
    /// are never all held; when full, the set starts over.
    /// </summary>
    public async Task<AccountData?> GetAccountDataAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var snapshot = await CurrentAsync(cancellationToken).ConfigureAwait(false);
        if (snapshot.AccountData.TryGetValue(accountId, out var kept))
        {
            return kept;
        }

        var data = await store.GetAccountDataAsync(accountId, cancellationToken).ConfigureAwait(false);
        if (data is not null)
        {
            if (snapshot.AccountData.Count >= MaxKeptAccounts)
            {
                snapshot.AccountData.Clear();
            }

            snapshot.AccountData[accountId] = data;
        }

        return data;
    }

    /// <summary>Every account's row as of <paramref name="asOf"/>, worst first; scored now when not scored for this import and date.</summary>
    public async Task<IReadOnlyList<PortfolioRow>> GetRowsAsync(DateOnly asOf, CancellationToken cancellationToken = default)
    {
        var snapshot = await CurrentAsync(cancellationToken).ConfigureAwait(false);
        if (snapshot.Scored is { } scored && scored.AsOf == asOf)
        {
            return scored.Rows;
        }

        // One scoring at a time: concurrent first questions after an import wait for it instead of repeating it.
        await _scoring.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (snapshot.Scored is { } done && done.AsOf == asOf)
            {
                return done.Rows;
            }

            var (rows, contacts) = await ScoreAsync(snapshot.Accounts, asOf, cancellationToken).ConfigureAwait(false);
            snapshot.Scored = new ScoredRows(asOf, rows, contacts);
            return rows;
        }
        finally
        {
            _scoring.Release();
        }
    }

    /// <summary>Every contact of every account (read with the rows): names a question may use instead of an account's.</summary>
    public async Task<IReadOnlyList<Contact>> GetContactsAsync(DateOnly asOf, CancellationToken cancellationToken = default)
    {
        await GetRowsAsync(asOf, cancellationToken).ConfigureAwait(false);
        var snapshot = await CurrentAsync(cancellationToken).ConfigureAwait(false);
        return snapshot.Scored?.Contacts ?? [];
    }

    /// <summary>Drops the snapshot, also for an import stamped with the same time as the previous one (fake clocks).</summary>
    public Task OnImportedAsync(PortfolioData portfolio, CancellationToken cancellationToken)
    {
        Clear();
        return Task.CompletedTask;
    }

    /// <summary>Forgets everything read and scored: the next read starts over, as after a restart.</summary>
    public void Clear() => _snapshot = null;

    public void Dispose()
    {
        _reading.Dispose();
        _scoring.Dispose();
    }

    private async Task<Snapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (_snapshot is { } recent && recent.CheckedAfter(now))
        {
            return recent;
        }

        var importedAt = await store.GetImportedAtAsync(cancellationToken).ConfigureAwait(false);
        if (KeptSnapshot(importedAt, now) is { } current)
        {
            return current;
        }

        // One reading at a time: callers arriving together (the alert round, the snapshot worker, first questions) share
        // one snapshot, and so one scoring, instead of each reading and scoring the whole portfolio.
        await _reading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (KeptSnapshot(importedAt, now) is { } readMeanwhile)
            {
                return readMeanwhile;
            }

            // An import landing between these reads leaves a snapshot stamped with the older time: the next read replaces it.
            var fresh = new Snapshot(
                importedAt,
                await store.GetUsersAsync(cancellationToken).ConfigureAwait(false),
                await store.GetAccountsAsync(cancellationToken).ConfigureAwait(false));
            fresh.Checked(now);
            _snapshot = fresh;
            return fresh;
        }
        finally
        {
            _reading.Release();
        }
    }

    /// <summary>The kept snapshot when it is of this import, marked as checked now; null when there is none or it is older.</summary>
    private Snapshot? KeptSnapshot(DateTimeOffset? importedAt, DateTimeOffset now)
    {
        if (_snapshot is { } current && current.ImportedAt == importedAt)
        {
            current.Checked(now);
            return current;
        }

        return null;
    }

    private async Task<(IReadOnlyList<PortfolioRow> Rows, IReadOnlyList<Contact> Contacts)> ScoreAsync(IReadOnlyList<Account> accounts, DateOnly asOf, CancellationToken cancellationToken)
    {
        var rows = new List<PortfolioRow>(accounts.Count);
        var contacts = new List<Contact>();
        foreach (var batch in accounts.Select(a => a.AccountId).Chunk(BatchSize))
        {
            var data = await store.GetAccountDataAsync(batch, cancellationToken).ConfigureAwait(false);
            rows.AddRange(data.Select(d => new PortfolioRow(d.Account, scorer.Score(d, asOf))));
            contacts.AddRange(data.SelectMany(d => d.Contacts));
        }

        return (rows
            .OrderBy(r => r.Health.Band)
            .ThenBy(r => r.Health.Score)
            .ThenBy(r => r.Account.RenewalDate)
            .ThenBy(r => r.Account.AccountId, StringComparer.Ordinal)
            .ToList(), contacts);
    }

    private sealed class Snapshot(DateTimeOffset? importedAt, IReadOnlyList<User> users, IReadOnlyList<Account> accounts)
    {
        public DateTimeOffset? ImportedAt { get; } = importedAt;

        public IReadOnlyList<User> Users { get; } = users;

        public IReadOnlyList<Account> Accounts { get; } = accounts;

        /// <summary>Account data read since the import, by id exactly as asked.</summary>
        public ConcurrentDictionary<string, AccountData> AccountData { get; } = new(StringComparer.Ordinal);

        /// <summary>The rows of the last date scored; replaced whole, so readers never see a half-built list.</summary>
        public volatile ScoredRows? Scored;

        private long _checkedUntilTicks;

        public bool CheckedAfter(DateTimeOffset now) => now.UtcTicks < Volatile.Read(ref _checkedUntilTicks);

        public void Checked(DateTimeOffset now) => Volatile.Write(ref _checkedUntilTicks, (now + ImportCheckInterval).UtcTicks);
    }

    private sealed record ScoredRows(DateOnly AsOf, IReadOnlyList<PortfolioRow> Rows, IReadOnlyList<Contact> Contacts);
}
