namespace CopilotBot.Core.Storage;

/// <summary>Where an outgoing reply is in its life: waiting (or leased by a sender), delivered, or given up on.</summary>
public enum PendingReplyState
{
    /// <summary>Not delivered yet; sent when due and first in its conversation.</summary>
    Pending,

    /// <summary>The channel accepted it.</summary>
    Delivered,

    /// <summary>Failed permanently (refused, or out of attempts); kept for operators, never retried.</summary>
    DeadLettered,
}

/// <summary>One reply in the outbox. <see cref="Payload"/> is the serialized activity; it holds user text, so it is never logged.</summary>
/// <param name="Id">Increasing with enqueue order; replies in a conversation are delivered in this order.</param>
/// <param name="ConversationKey">Service URL and conversation id: the unit of ordering.</param>
/// <param name="Payload">The activity as JSON.</param>
/// <param name="State">Pending, delivered or dead-lettered.</param>
/// <param name="Attempts">Sends tried so far.</param>
/// <param name="CreatedAt">When it was recorded.</param>
/// <param name="NextAttemptAt">Not sent again before this (backoff, Retry-After).</param>
/// <param name="LeaseUntil">A sender holds the reply until then; after it expires (crash) another may claim it.</param>
/// <param name="LastError">Why the last attempt failed (status or error kind, never content).</param>
public sealed record PendingReply(
    long Id,
    string ConversationKey,
    string Payload,
    PendingReplyState State,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? LeaseUntil,
    string? LastError);

/// <summary>
/// The durable outbox of replies to the channel: a reply is recorded before it is sent, so a crash, a connector
/// outage or throttling delays it but never loses it. Implementations: SQLite next to the bot state, PostgreSQL (shared by every instance), in memory.
/// </summary>
public interface IPendingReplyStore
{
    /// <summary>Records a reply as pending and due now; returns its id.</summary>
    Task<long> EnqueueAsync(string conversationKey, string payload, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Leases the given reply when it is pending, due, unleased and the first undelivered reply of its conversation
    /// (so that a reply never overtakes an earlier one); null otherwise.
    /// </summary>
    Task<PendingReply?> TryClaimAsync(long id, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="EnqueueAsync"/> then <see cref="TryClaimAsync"/>: the sending path records a reply and leases it
    /// unless an earlier one of its conversation is undelivered (null claim: it waits for the sender). A store may do
    /// both in one write.
    /// </summary>
    async Task<(long Id, PendingReply? Claimed)> EnqueueAndTryClaimAsync(
        string conversationKey, string payload, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var id = await EnqueueAsync(conversationKey, payload, now, cancellationToken).ConfigureAwait(false);
        return (id, await TryClaimAsync(id, now, lease, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Leases up to <paramref name="max"/> due replies, at most one per conversation (its first undelivered), oldest first.</summary>
    Task<IReadOnlyList<PendingReply>> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks a leased reply delivered and drops its payload: what the user was told is not kept once the channel has
    /// it, and rewriting a small row instead of a whole card is most of a delivery's write.
    /// </summary>
    Task CompleteAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Releases a reply after a failed attempt: counted, retried no earlier than <paramref name="nextAttemptAt"/>.</summary>
    Task FailAsync(long id, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken = default);

    /// <summary>Gives up on a reply; it stays listed as dead-lettered with the reason.</summary>
    Task DeadLetterAsync(long id, string error, CancellationToken cancellationToken = default);

    /// <summary>Replies in the given state, by id.</summary>
    Task<IReadOnlyList<PendingReply>> ListAsync(PendingReplyState state, CancellationToken cancellationToken = default);

    /// <summary>Forgets delivered replies enqueued before the given time (the outbox is not an archive).</summary>
    Task PurgeDeliveredAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken = default);

    /// <summary>
    /// When the earliest claimable reply is due or its lease runs out (null when none is pending): lets the sender sleep
    /// until then. Only the first undelivered reply of each conversation counts: those behind it wait for it, not for a time.
    /// </summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default);
}
