using System.Collections.Concurrent;
using CopilotBot.Bot;
using CopilotBot.Bot.Storage;
using CopilotBot.Core;
using CopilotBot.Core.Storage;
using CopilotBot.Core.Storage.Postgres;
using Microsoft.Extensions.Options;

namespace CopilotBot.Tests.Storage;

/// <summary>
/// What every reply outbox must do. A subclass says how to open its store; every store opened in one test reaches the
/// same data (a restarted bot, or another instance on the same database).
/// </summary>
public abstract class PendingReplyStoreContractTests
{
    // Whole milliseconds: SQLite keeps milliseconds, PostgreSQL microseconds.
    private static readonly DateTimeOffset s_now = new(2026, 11, 20, 9, 0, 0, 250, TimeSpan.Zero);
    private static readonly TimeSpan s_lease = TimeSpan.FromSeconds(45);

    /// <summary>A store on the test's data: the same one again, or another opened on it.</summary>
    protected abstract IPendingReplyStore OpenStore();

    [ContractFact]
    public async Task An_enqueued_reply_is_pending_and_due_at_once_and_read_back_whole_by_another_store()
    {
        var store = OpenStore();

        var first = await store.EnqueueAsync("https://smba.test/|c-1", "{\"text\":\"h\\u00e9llo\"}", s_now);
        var second = await store.EnqueueAsync("https://smba.test/|c-2", "{}", s_now.AddSeconds(1));

        Assert.True(second > first);
        var pending = await OpenStore().ListAsync(PendingReplyState.Pending);
        Assert.Equal(
            [
                new PendingReply(first, "https://smba.test/|c-1", "{\"text\":\"h\\u00e9llo\"}", PendingReplyState.Pending, 0, s_now, s_now, null, null),
                new PendingReply(second, "https://smba.test/|c-2", "{}", PendingReplyState.Pending, 0, s_now.AddSeconds(1), s_now.AddSeconds(1), null, null),
            ],
            pending);
        Assert.Empty(await store.ListAsync(PendingReplyState.Delivered));
        Assert.Empty(await store.ListAsync(PendingReplyState.DeadLettered));
    }

    [ContractFact]
    public async Task A_claim_takes_the_first_reply_of_each_conversation_oldest_first_and_leases_it()
    {
        var store = OpenStore();
        var a1 = await store.EnqueueAsync("a", "a1", s_now);
        var b1 = await store.EnqueueAsync("b", "b1", s_now);
        var a2 = await store.EnqueueAsync("a", "a2", s_now);
        var c1 = await store.EnqueueAsync("c", "c1", s_now);

        var claimed = await OpenStore().ClaimDueAsync(s_now, s_lease, max: 2);

        Assert.Equal([a1, b1], claimed.Select(r => r.Id));
        Assert.All(claimed, r => Assert.Equal(s_now + s_lease, r.LeaseUntil));
        Assert.Equal([c1], (await store.ClaimDueAsync(s_now, s_lease, max: 10)).Select(r => r.Id));
        Assert.Empty(await store.ClaimDueAsync(s_now, s_lease, max: 10)); // a2 waits behind the leased a1
        Assert.Null(await store.TryClaimAsync(a2, s_now, s_lease));
        Assert.Null(await store.TryClaimAsync(a1, s_now, s_lease)); // leased already

        await store.CompleteAsync(a1);

        var next = await OpenStore().TryClaimAsync(a2, s_now, s_lease);
        Assert.Equal("a2", next?.Payload);
        var delivered = Assert.Single(await store.ListAsync(PendingReplyState.Delivered));
        Assert.Equal((a1, 1, (DateTimeOffset?)null, ""), (delivered.Id, delivered.Attempts, delivered.LeaseUntil, delivered.Payload));
    }

    [ContractFact]
    public async Task Enqueue_and_claim_leases_a_reply_only_when_nothing_earlier_of_its_conversation_is_pending()
    {
        var store = OpenStore();

        var (a1, first) = await store.EnqueueAndTryClaimAsync("a", "a1", s_now, s_lease);
        var (a2, behind) = await OpenStore().EnqueueAndTryClaimAsync("a", "a2", s_now, s_lease);
        var (b1, other) = await store.EnqueueAndTryClaimAsync("b", "b1", s_now, s_lease);
        await store.FailAsync(b1, s_now.AddMinutes(1), "HTTP 503");
        var (_, afterFailed) = await store.EnqueueAndTryClaimAsync("b", "b2", s_now, s_lease);

        Assert.Equal(new PendingReply(a1, "a", "a1", PendingReplyState.Pending, 0, s_now, s_now, s_now + s_lease, null), first);
        Assert.Null(behind);
        Assert.Equal(b1, other?.Id);
        Assert.Null(afterFailed); // b1 waits for its retry and b2 behind it
        Assert.Empty(await store.ClaimDueAsync(s_now, s_lease, max: 10)); // a1 is leased, a2 waits behind it
        Assert.Equal([a1], (await store.ListAsync(PendingReplyState.Pending)).Where(r => r.LeaseUntil is not null).Select(r => r.Id));

        await store.CompleteAsync(a1);

        Assert.Equal([a2], (await store.ClaimDueAsync(s_now, s_lease, max: 10)).Select(r => r.Id));
    }

    [ContractFact]
    public async Task A_lease_that_expires_lets_another_sender_claim_the_reply_again()
    {
        var store = OpenStore();
        var id = await store.EnqueueAsync("a", "a1", s_now);
        Assert.Single(await store.ClaimDueAsync(s_now, s_lease, 10));

        Assert.Empty(await OpenStore().ClaimDueAsync(s_now + s_lease - TimeSpan.FromMilliseconds(1), s_lease, 10));
        var again = Assert.Single(await OpenStore().ClaimDueAsync(s_now + s_lease, s_lease, 10));

        Assert.Equal(id, again.Id);
        Assert.Equal(s_now + s_lease + s_lease, again.LeaseUntil);
    }

    [ContractFact]
    public async Task A_failed_reply_is_counted_released_and_not_due_before_its_next_attempt_and_blocks_its_conversation()
    {
        var store = OpenStore();
        var a1 = await store.EnqueueAsync("a", "a1", s_now);
        var a2 = await store.EnqueueAsync("a", "a2", s_now);
        await store.TryClaimAsync(a1, s_now, s_lease);

        await store.FailAsync(a1, s_now.AddSeconds(10), "HTTP 503");

        var failed = (await OpenStore().ListAsync(PendingReplyState.Pending))[0];
        Assert.Equal((a1, 1, s_now.AddSeconds(10), (DateTimeOffset?)null, "HTTP 503"),
            (failed.Id, failed.Attempts, failed.NextAttemptAt, failed.LeaseUntil, failed.LastError));
        Assert.Empty(await store.ClaimDueAsync(s_now.AddSeconds(9), s_lease, 10));
        Assert.Null(await store.TryClaimAsync(a2, s_now.AddSeconds(9), s_lease));
        var retried = Assert.Single(await store.ClaimDueAsync(s_now.AddSeconds(10), s_lease, 10));
        Assert.Equal((a1, 1), (retried.Id, retried.Attempts));
    }

    [ContractFact]
    public async Task A_dead_lettered_reply_is_kept_with_its_reason_never_claimed_and_no_longer_blocks_its_conversation()
    {
        var store = OpenStore();
        var a1 = await store.EnqueueAsync("a", "a1", s_now);
        var a2 = await store.EnqueueAsync("a", "a2", s_now);
        await store.TryClaimAsync(a1, s_now, s_lease);

        await store.DeadLetterAsync(a1, "HTTP 403");

        var dead = Assert.Single(await OpenStore().ListAsync(PendingReplyState.DeadLettered));
        Assert.Equal((a1, 1, "HTTP 403", (DateTimeOffset?)null), (dead.Id, dead.Attempts, dead.LastError, dead.LeaseUntil));
        Assert.Equal([a2], (await store.ClaimDueAsync(s_now.AddDays(1), s_lease, 10)).Select(r => r.Id));
        Assert.Null(await store.TryClaimAsync(a1, s_now.AddDays(2), s_lease));
    }

    [ContractFact]
    public async Task Purging_forgets_delivered_replies_enqueued_before_the_cutoff_only()
    {
        var store = OpenStore();
        var old = await store.EnqueueAsync("a", "old", s_now);
        var recent = await store.EnqueueAsync("b", "recent", s_now.AddHours(2));
        var waiting = await store.EnqueueAsync("c", "waiting", s_now);
        var dead = await store.EnqueueAsync("d", "dead", s_now);
        await store.CompleteAsync(old);
        await store.CompleteAsync(recent);
        await store.DeadLetterAsync(dead, "HTTP 404");

        await OpenStore().PurgeDeliveredAsync(s_now.AddHours(1));

        Assert.Equal([recent], (await store.ListAsync(PendingReplyState.Delivered)).Select(r => r.Id));
        Assert.Equal([waiting], (await store.ListAsync(PendingReplyState.Pending)).Select(r => r.Id));
        Assert.Equal([dead], (await store.ListAsync(PendingReplyState.DeadLettered)).Select(r => r.Id));
    }

    [ContractFact]
    public async Task Next_due_is_the_earliest_time_the_first_reply_of_a_conversation_may_be_claimed()
    {
        var store = OpenStore();
        Assert.Null(await store.NextDueAsync());

        var a1 = await store.EnqueueAsync("a", "a1", s_now);
        Assert.Equal(s_now, await OpenStore().NextDueAsync());

        await store.TryClaimAsync(a1, s_now, s_lease);
        Assert.Equal(s_now + s_lease, await store.NextDueAsync()); // a crashed sender's lease runs out then

        await store.FailAsync(a1, s_now.AddMinutes(5), "timeout");
        var a2 = await store.EnqueueAsync("a", "a2", s_now.AddSeconds(1)); // waits for a1, not for a time
        Assert.Equal(s_now.AddMinutes(5), await store.NextDueAsync());
        var b1 = await store.EnqueueAsync("b", "b1", s_now.AddMinutes(1));
        Assert.Equal(s_now.AddMinutes(1), await store.NextDueAsync());

        await store.CompleteAsync(b1);
        Assert.Equal(s_now.AddMinutes(5), await store.NextDueAsync());
        await store.DeadLetterAsync(a1, "gone");
        Assert.Equal(s_now.AddSeconds(1), await store.NextDueAsync());
        await store.CompleteAsync(a2);
        Assert.Null(await store.NextDueAsync());
    }

    /// <summary>
    /// Two senders on two stores (two instances) claim concurrently until the outbox is empty: every reply is leased
    /// exactly once, none is lost, and each conversation's replies are leased in enqueue order.
    /// </summary>
    [ContractFact]
    public async Task Concurrent_claims_from_two_stores_lease_every_reply_exactly_once_in_order_per_conversation()
    {
        const int ConversationCount = 40;
        const int RepliesEach = 8;
        const int SendersPerStore = 6;
        var stores = new[] { OpenStore(), OpenStore() };
        var enqueued = new List<(long Id, string Conversation)>();
        for (var m = 0; m < RepliesEach; m++)
        {
            for (var c = 0; c < ConversationCount; c++)
            {
                enqueued.Add((await stores[c % 2].EnqueueAsync($"c-{c}", $"m-{m}", s_now), $"c-{c}"));
            }
        }

        var leases = new ConcurrentQueue<(long Id, string Conversation)>();
        var claimCalls = 0;
        var senders = Enumerable.Range(0, 2 * SendersPerStore).Select(s => Task.Run(async () =>
        {
            var store = stores[s % 2];
            var idle = 0;
            while (idle < 3)
            {
                Interlocked.Increment(ref claimCalls);
                var claimed = await store.ClaimDueAsync(s_now, TimeSpan.FromHours(1), max: 4);
                idle = claimed.Count == 0 ? idle + 1 : 0;
                foreach (var reply in claimed)
                {
                    leases.Enqueue((reply.Id, reply.ConversationKey));
                    await store.CompleteAsync(reply.Id);
                }

                if (claimed.Count == 0)
                {
                    await Task.Delay(5);
                }
            }
        })).ToList();
        // A sender stops after three empty claims in a row; the last one stops only when nothing is left.
        await Task.WhenAll(senders);

        var leased = leases.ToList();
        Assert.Equal(leased.Count, leased.Select(l => l.Id).Distinct().Count()); // none twice
        Assert.Equal(enqueued.Select(e => e.Id).Order(), leased.Select(l => l.Id).Order()); // none lost
        Assert.Empty(await OpenStore().ListAsync(PendingReplyState.Pending));
        foreach (var conversation in enqueued.GroupBy(e => e.Conversation))
        {
            Assert.Equal(conversation.Select(e => e.Id), leased.Where(l => l.Conversation == conversation.Key).Select(l => l.Id));
        }

        Assert.True(claimCalls > 2 * SendersPerStore, $"{claimCalls} claims");
    }
}

public sealed class InMemoryPendingReplyStoreTests : PendingReplyStoreContractTests
{
    private readonly InMemoryPendingReplyStore _store = new();

    protected override IPendingReplyStore OpenStore() => _store;
}

public sealed class SqlitePendingReplyStoreTests : PendingReplyStoreContractTests, IDisposable
{
    private readonly TempDirectory _directory = new();

    protected override IPendingReplyStore OpenStore() => new SqlitePendingReplyStore(
        Options.Create(new BotOptions { StatePath = _directory.Combine("state", "bot-state.db") }), Options.Create(new CopilotOptions()));

    public void Dispose() => _directory.Dispose();
}

[RequiresPostgres]
public sealed class PostgresPendingReplyStoreTests(PostgresTestDatabase server)
    : PendingReplyStoreContractTests, IClassFixture<PostgresTestDatabase>, IAsyncLifetime
{
    private readonly PostgresTestSchema _schema = new(server);

    public Task InitializeAsync() => _schema.InitializeAsync();

    public Task DisposeAsync() => _schema.DisposeAsync();

    // Each call is another process's pool on the same database, as two bot instances are.
    protected override IPendingReplyStore OpenStore() => new PostgresPendingReplyStore(_schema.Open());
}
