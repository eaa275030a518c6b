namespace CopilotBot.Core.Storage;

/// <summary>The outbox in process memory, for tests and <c>Bot:StateStore=memory</c>: retries work, restarts lose it.</summary>
public sealed class InMemoryPendingReplyStore : IPendingReplyStore
{
    private readonly SortedDictionary<long, PendingReply> _replies = [];
    private readonly Lock _lock = new();
    private long _nextId;

    public Task<long> EnqueueAsync(string conversationKey, string payload, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var id = ++_nextId;
            _replies[id] = new PendingReply(id, conversationKey, payload, PendingReplyState.Pending, 0, now, now, null, null);
            return Task.FromResult(id);
        }
    }

    public Task<PendingReply?> TryClaimAsync(long id, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_replies.TryGetValue(id, out var reply) || !IsClaimable(reply, now) || HeadOf(reply.ConversationKey)?.Id != id)
            {
                return Task.FromResult<PendingReply?>(null);
            }

            return Task.FromResult<PendingReply?>(Lease(reply, now, lease));
        }
    }

    public Task<IReadOnlyList<PendingReply>> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var heads = _replies.Values.Where(r => r.State == PendingReplyState.Pending)
                .GroupBy(r => r.ConversationKey)
                .Select(g => g.First())
                .Where(r => IsClaimable(r, now))
                .Take(max)
                .ToList();
            return Task.FromResult<IReadOnlyList<PendingReply>>([.. heads.Select(r => Lease(r, now, lease))]);
        }
    }

    public Task CompleteAsync(long id, CancellationToken cancellationToken = default) =>
        Update(id, r => r with { State = PendingReplyState.Delivered, Payload = string.Empty, Attempts = r.Attempts + 1, LeaseUntil = null });

    public Task FailAsync(long id, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken = default) =>
        Update(id, r => r with { Attempts = r.Attempts + 1, NextAttemptAt = nextAttemptAt, LeaseUntil = null, LastError = error });

    public Task DeadLetterAsync(long id, string error, CancellationToken cancellationToken = default) =>
        Update(id, r => r with { State = PendingReplyState.DeadLettered, Attempts = r.Attempts + 1, LeaseUntil = null, LastError = error });

    public Task<IReadOnlyList<PendingReply>> ListAsync(PendingReplyState state, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<PendingReply>>([.. _replies.Values.Where(r => r.State == state)]);
        }
    }

    public Task PurgeDeliveredAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            foreach (var id in _replies.Values.Where(r => r.State == PendingReplyState.Delivered && r.CreatedAt < createdBefore).Select(r => r.Id).ToList())
            {
                _replies.Remove(id);
            }

            return Task.CompletedTask;
        }
    }

    public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var heads = _replies.Values.Where(r => r.State == PendingReplyState.Pending).GroupBy(r => r.ConversationKey).Select(g => g.First()).ToList();
            return Task.FromResult(heads.Count == 0
                ? (DateTimeOffset?)null
                : heads.Min(r => r.LeaseUntil is { } lease && lease > r.NextAttemptAt ? lease : r.NextAttemptAt));
        }
    }

    private static bool IsClaimable(PendingReply reply, DateTimeOffset now) =>
        reply.State == PendingReplyState.Pending && reply.NextAttemptAt <= now && (reply.LeaseUntil is null || reply.LeaseUntil <= now);

    private PendingReply? HeadOf(string conversationKey) =>
        _replies.Values.FirstOrDefault(r => r.State == PendingReplyState.Pending && r.ConversationKey == conversationKey);

    private PendingReply Lease(PendingReply reply, DateTimeOffset now, TimeSpan lease)
    {
        var leased = reply with { LeaseUntil = now + lease };
        _replies[reply.Id] = leased;
        return leased;
    }

    private Task Update(long id, Func<PendingReply, PendingReply> change)
    {
        lock (_lock)
        {
            if (_replies.TryGetValue(id, out var reply))
            {
                _replies[id] = change(reply);
            }

            return Task.CompletedTask;
        }
    }
}
