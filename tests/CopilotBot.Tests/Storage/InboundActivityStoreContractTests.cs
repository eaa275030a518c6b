using CopilotBot.Bot;
using CopilotBot.Bot.Storage;
using CopilotBot.Core;
using CopilotBot.Core.Storage;
using CopilotBot.Core.Storage.Postgres;
using Microsoft.Extensions.Options;

namespace CopilotBot.Tests.Storage;

/// <summary>
/// What every turn inbox must do (item 4 of issue 20). Every store opened in one test reaches the same data: a
/// restarted bot, or another instance on the same database.
/// </summary>
public abstract class InboundActivityStoreContractTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 20, 9, 0, 0, 250, TimeSpan.Zero);
    private static readonly TimeSpan s_lease = TimeSpan.FromSeconds(30);

    protected abstract IInboundActivityStore OpenStore();

    [ContractFact]
    public async Task Item4_a_recorded_activity_is_read_back_whole_by_another_store_until_it_is_completed()
    {
        var store = OpenStore();
        var first = await store.RecordAsync("{\"text\":\"h\\u00e9llo\"}", s_now, s_now + s_lease);
        var second = await store.RecordAsync("{}", s_now.AddSeconds(1), s_now + s_lease);

        var unfinished = await OpenStore().ListUnfinishedAsync();
        Assert.Equal([first, second], unfinished.Select(a => a.Id));
        Assert.Equal("{\"text\":\"h\\u00e9llo\"}", unfinished[0].Payload);
        Assert.Equal(s_now, unfinished[0].ReceivedAt);
        Assert.True(second > first);

        await store.CompleteAsync(first);
        Assert.Equal([second], (await OpenStore().ListUnfinishedAsync()).Select(a => a.Id));
    }

    [ContractFact]
    public async Task Item4_an_activity_is_claimed_by_another_only_once_its_lease_ran_out_and_only_by_one()
    {
        var store = OpenStore();
        var id = await store.RecordAsync("{}", s_now, s_now + s_lease);

        Assert.Empty(await OpenStore().ClaimAbandonedAsync(s_now + s_lease - TimeSpan.FromSeconds(1), s_now + (2 * s_lease), 10));
        var claimed = Assert.Single(await OpenStore().ClaimAbandonedAsync(s_now + s_lease, s_now + (2 * s_lease), 10));
        Assert.Equal(id, claimed.Id);
        Assert.Equal(2, claimed.Attempts);
        Assert.Empty(await OpenStore().ClaimAbandonedAsync(s_now + s_lease, s_now + (2 * s_lease), 10));
    }

    [ContractFact]
    public async Task Item4_a_renewed_lease_is_not_claimed_and_a_released_one_is_claimed_at_once()
    {
        var store = OpenStore();
        var renewed = await store.RecordAsync("{\"n\":1}", s_now, s_now + s_lease);
        var released = await store.RecordAsync("{\"n\":2}", s_now, s_now + s_lease);

        await store.RenewAsync([renewed], s_now + (3 * s_lease));
        await store.ReleaseAsync([released]);

        Assert.Equal([released], (await OpenStore().ClaimAbandonedAsync(s_now, s_now + (4 * s_lease), 10)).Select(a => a.Id));
        Assert.Empty(await OpenStore().ClaimAbandonedAsync(s_now + (2 * s_lease), s_now + (4 * s_lease), 10));
        Assert.Equal([renewed], (await OpenStore().ClaimAbandonedAsync(s_now + (3 * s_lease), s_now + (4 * s_lease), 10)).Select(a => a.Id));
    }

    [ContractFact]
    public async Task Item4_abandoned_activities_are_claimed_oldest_first_in_batches()
    {
        var store = OpenStore();
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await store.RecordAsync($"{{\"n\":{i}}}", s_now, s_now));
        }

        var firstBatch = await OpenStore().ClaimAbandonedAsync(s_now, s_now + s_lease, 3);
        var secondBatch = await OpenStore().ClaimAbandonedAsync(s_now, s_now + s_lease, 3);

        Assert.Equal(ids[..3], firstBatch.Select(a => a.Id));
        Assert.Equal(ids[3..], secondBatch.Select(a => a.Id));
    }
}

public sealed class InMemoryInboundActivityStoreTests : InboundActivityStoreContractTests
{
    private readonly InMemoryInboundActivityStore _store = new();

    protected override IInboundActivityStore OpenStore() => _store;
}

public sealed class SqliteInboundActivityStoreTests : InboundActivityStoreContractTests, IDisposable
{
    private readonly TempDirectory _directory = new();

    protected override IInboundActivityStore OpenStore() => new SqliteInboundActivityStore(
        Options.Create(new BotOptions { StatePath = _directory.Combine("state", "bot-state.db") }), Options.Create(new CopilotOptions()));

    public void Dispose() => _directory.Dispose();
}

[RequiresPostgres]
public sealed class PostgresInboundActivityStoreTests(PostgresTestDatabase server)
    : InboundActivityStoreContractTests, IClassFixture<PostgresTestDatabase>, IAsyncLifetime
{
    private readonly PostgresTestSchema _schema = new(server);

    public Task InitializeAsync() => _schema.InitializeAsync();

    public Task DisposeAsync() => _schema.DisposeAsync();

    protected override IInboundActivityStore OpenStore() => new PostgresInboundActivityStore(_schema.Open());
}
