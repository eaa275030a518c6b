namespace CopilotBot.Core.Storage;

/// <summary>An activity the bot acknowledged and has not finished handling. <see cref="Payload"/> holds user text: never logged.</summary>
/// <param name="Id">Increasing with the order activities were recorded in.</param>
/// <param name="Payload">The activity as the channel sent it.</param>
/// <param name="ReceivedAt">When it was recorded.</param>
/// <param name="Attempts">How often a turn was started for it (a recovered activity that keeps failing is given up on).</param>
public sealed record InboundActivity(long Id, string Payload, DateTimeOffset ReceivedAt, int Attempts);

/// <summary>
/// The durable turn inbox: an activity is recorded before the channel gets its 200, and forgotten once its turn ran,
/// so a message acknowledged just before a crash or a restart is still answered afterwards. The instance that records
/// an activity leases it while it waits and runs; a lease that runs out (that instance stopped or died) lets any
/// instance claim it. Implementations: SQLite next to the bot state, PostgreSQL (shared by every instance), in memory.
/// </summary>
public interface IInboundActivityStore
{
    /// <summary>Records an activity, leased to the caller until <paramref name="leaseUntil"/>; returns its id.</summary>
    Task<long> RecordAsync(string payload, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default);

    /// <summary>
    /// Leases up to <paramref name="max"/> unfinished activities whose lease ran out (or was released), oldest first,
    /// counting an attempt for each.
    /// </summary>
    Task<IReadOnlyList<InboundActivity>> ClaimAbandonedAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken = default);

    /// <summary>Extends the leases of activities the caller still holds (queued or running), so no one else claims them.</summary>
    Task RenewAsync(IReadOnlyCollection<long> ids, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default);

    /// <summary>Gives leases up at once (a host stopping with work left), so the next instance to look claims them without waiting.</summary>
    Task ReleaseAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default);

    /// <summary>The turn ran (or was given up on): the activity is forgotten.</summary>
    Task CompleteAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Activities recorded and not finished, by id.</summary>
    Task<IReadOnlyList<InboundActivity>> ListUnfinishedAsync(CancellationToken cancellationToken = default);
}

/// <summary>The turn inbox in process memory, for tests and <c>Bot:StateStore=memory</c>: a restart loses it.</summary>
public sealed class InMemoryInboundActivityStore : IInboundActivityStore
{
    private readonly SortedDictionary<long, (InboundActivity Activity, DateTimeOffset? LeaseUntil)> _activities = [];
    private readonly Lock _lock = new();
    private long _nextId;

    public Task<long> RecordAsync(string payload, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var id = ++_nextId;
            _activities[id] = (new InboundActivity(id, payload, now, 1), leaseUntil);
            return Task.FromResult(id);
        }
    }

    public Task<IReadOnlyList<InboundActivity>> ClaimAbandonedAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var claimed = _activities.Values
                .Where(a => a.LeaseUntil is null || a.LeaseUntil <= now)
                .Take(max)
                .Select(a => a.Activity with { Attempts = a.Activity.Attempts + 1 })
                .ToList();
            foreach (var activity in claimed)
            {
                _activities[activity.Id] = (activity, leaseUntil);
            }

            return Task.FromResult<IReadOnlyList<InboundActivity>>(claimed);
        }
    }

    public Task RenewAsync(IReadOnlyCollection<long> ids, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default) =>
        SetLease(ids, leaseUntil);

    public Task ReleaseAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default) =>
        SetLease(ids, null);

    public Task CompleteAsync(long id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _activities.Remove(id);
            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<InboundActivity>> ListUnfinishedAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<InboundActivity>>([.. _activities.Values.Select(a => a.Activity)]);
        }
    }

    private Task SetLease(IReadOnlyCollection<long> ids, DateTimeOffset? leaseUntil)
    {
        ArgumentNullException.ThrowIfNull(ids);
        lock (_lock)
        {
            foreach (var id in ids)
            {
                if (_activities.TryGetValue(id, out var entry))
                {
                    _activities[id] = (entry.Activity, leaseUntil);
                }
            }

            return Task.CompletedTask;
        }
    }
}
