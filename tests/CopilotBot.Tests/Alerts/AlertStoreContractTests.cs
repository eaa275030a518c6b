using CopilotBot.Core.Alerts;
using CopilotBot.Core.Health;
using CopilotBot.Core.Storage.Postgres;
using CopilotBot.Core.Storage.Sqlite;
using CopilotBot.Tests.Storage;

namespace CopilotBot.Tests.Alerts;

/// <summary>
/// What every <see cref="IAlertStore"/> must do. A store gets a subclass that says how to create an empty one
/// (SQLite, PostgreSQL); stores created in one test reach the same data, as a reopened store or another instance.
/// </summary>
public abstract class AlertStoreContractTests : StoreContractTests<IAlertStore>
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    [ContractFact]
    public async Task Snapshots_and_alerts_survive_a_reopen_with_every_field()
    {
        var alert = Candidate("A-1", AlertKind.CriticalFlag, "stale_p1") with { Evidence = [new Evidence("tickets.csv#T-1", "P1 open 20 days")] };
        var snapshot = new AccountSnapshot("A-1", new DateOnly(2026, 11, 20), 42, HealthBand.Red, ["stale_p1"], ["advocate"]);

        var raised = await CreateStore().RecordAsync([snapshot], [alert], s_now);
        var reopened = CreateStore();

        Assert.Equal([alert.Key], raised.Select(a => a.Key));
        var read = Assert.Single(await reopened.GetAlertsAsync(includeClosed: false));
        Assert.Equal(alert.Key, read.Key);
        Assert.Equal(alert.Evidence, read.Evidence);
        Assert.Equal(alert.Recipients, read.Recipients);
        Assert.Equal(alert.RaisedAt, read.RaisedAt);
        Assert.Equal(AlertKind.CriticalFlag, read.Kind);
        var snapshots = await reopened.GetSnapshotsAsync();
        Assert.Equal(snapshot.Score, snapshots["A-1"].Score);
        Assert.Equal(snapshot.Band, snapshots["A-1"].Band);
        Assert.Equal(snapshot.Flags, snapshots["A-1"].Flags);
        Assert.Equal(snapshot.Signals, snapshots["A-1"].Signals);
    }

    [ContractFact]
    public async Task A_key_is_raised_once_while_unresolved_resolved_when_gone_and_raised_again_when_back()
    {
        var store = CreateStore();
        var snapshot = new AccountSnapshot("A-1", new DateOnly(2026, 11, 20), 42, HealthBand.Red, [], []);
        var flag = Candidate("A-1", AlertKind.CriticalFlag, "stale_p1");
        var band = Candidate("A-1", AlertKind.BandWorse, "yellow-to-red@2026-11-20");

        Assert.Equal(2, (await store.RecordAsync([snapshot], [flag, band], s_now)).Count);
        Assert.Empty(await store.RecordAsync([snapshot], [flag, band], s_now.AddHours(1)));

        await store.HandleAsync(flag.Key, "alex@example.com", s_now.AddHours(2));
        Assert.Empty(await store.RecordAsync([snapshot], [], s_now.AddDays(1)));
        var all = (await store.GetAlertsAsync(includeClosed: true)).ToDictionary(a => a.Key);
        Assert.NotNull(all[flag.Key].ResolvedAt);
        Assert.Null(all[band.Key].ResolvedAt); // band changes are events, never resolved

        var back = await store.RecordAsync([snapshot], [flag], s_now.AddDays(2));
        var again = Assert.Single(back);
        Assert.Equal(flag.Key, again.Key);
        var fresh = await store.GetAlertAsync(flag.Key);
        Assert.Null(fresh!.HandledAt);
        Assert.Null(fresh.ResolvedAt);
    }

    [ContractFact]
    public async Task Deliveries_snooze_handling_and_digests_are_recorded()
    {
        var store = CreateStore();
        var alert = Candidate("A-1", AlertKind.Expansion, "advocate");
        await store.RecordAsync([], [alert], s_now);

        await store.MarkDeliveredAsync(alert.Key, "csm@example.com", s_now.AddMinutes(1));
        Assert.Equal(["csm@example.com"], (await store.GetAlertAsync(alert.Key))!.Deliveries.Select(d => d.Recipient));
        Assert.Equal(["sales@example.com"], (await store.GetAlertAsync(alert.Key))!.PendingRecipients(s_now));

        await store.SnoozeAsync(alert.Key, s_now.AddDays(7), "csm@example.com");
        var snoozed = await store.GetAlertAsync(alert.Key);
        Assert.Equal(s_now.AddDays(7), snoozed!.SnoozedUntil);
        Assert.Empty(snoozed.Deliveries);

        await store.HandleAsync(alert.Key, "csm@example.com", s_now.AddDays(1));
        Assert.Empty(await store.GetAlertsAsync(includeClosed: false));
        Assert.Equal("csm@example.com", (await store.GetAlertAsync(alert.Key))!.HandledBy);

        var monday = new DateOnly(2026, 11, 23);
        Assert.False(await store.GetDigestSentAsync("csm@example.com", "Csm", monday));
        Assert.True(await store.TryMarkDigestSentAsync("csm@example.com", "Csm", monday, s_now));
        Assert.False(await store.TryMarkDigestSentAsync("CSM@example.com", "Csm", monday, s_now));
        Assert.True(await store.GetDigestSentAsync("csm@example.com", "Csm", monday));
        Assert.Null(await store.GetAlertAsync("nope"));
    }

    [ContractFact]
    public async Task Two_instances_recording_the_same_detection_at_once_raise_each_alert_once_and_again_once_when_it_comes_back()
    {
        var stores = new[] { CreateStore(), CreateStore() };
        var snapshots = Enumerable.Range(0, 20)
            .Select(i => new AccountSnapshot($"A-{i:D2}", new DateOnly(2026, 11, 20), 40, HealthBand.Red, ["stale_p1"], [])).ToList();
        var candidates = snapshots.SelectMany(s => new[]
        {
            Candidate(s.AccountId, AlertKind.CriticalFlag, "stale_p1"), Candidate(s.AccountId, AlertKind.RenewalWindow, "2027-01-31"),
        }).ToList();

        async Task<List<string>> RecordEverywhereAsync(IReadOnlyList<Alert> raised, DateTimeOffset at) =>
            [.. (await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => stores[i % 2].RecordAsync(snapshots, raised, at)))))
                .SelectMany(r => r).Select(a => a.Key)];

        Assert.Equal(candidates.Select(a => a.Key).Order(), (await RecordEverywhereAsync(candidates, s_now)).Order());
        Assert.Equal(40, (await CreateStore().GetAlertsAsync(includeClosed: false)).Count);

        await stores[0].MarkDeliveredAsync(candidates[0].Key, "csm@example.com", s_now);
        Assert.Empty(await RecordEverywhereAsync([], s_now.AddDays(1))); // every condition gone: resolved
        Assert.Equal(candidates.Select(a => a.Key).Order(), (await RecordEverywhereAsync(candidates, s_now.AddDays(2))).Order());

        var open = await CreateStore().GetAlertsAsync(includeClosed: false);
        Assert.Equal(40, open.Count);
        Assert.Empty(open.Single(a => a.Key == candidates[0].Key).Deliveries); // a comeback is delivered afresh
    }

    [ContractFact]
    public async Task A_digest_is_marked_sent_by_one_of_many_instances_trying_at_once()
    {
        var stores = new[] { CreateStore(), CreateStore() };
        var monday = new DateOnly(2026, 11, 23);

        var marked = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() =>
            stores[i % 2].TryMarkDigestSentAsync(i % 3 == 0 ? "CSM@example.com" : "csm@example.com", "Csm", monday, s_now))));

        Assert.Equal(1, marked.Count(m => m));
    }

    [ContractFact]
    public async Task One_alert_round_at_a_time_holds_the_round_lock_across_instances()
    {
        var first = (IAlertRoundLock)CreateStore();
        var second = (IAlertRoundLock)CreateStore();

        var held = await first.TryAcquireAsync();
        Assert.NotNull(held);
        Assert.Null(await second.TryAcquireAsync());
        Assert.Null(await first.TryAcquireAsync());

        await held.DisposeAsync();
        var next = await second.TryAcquireAsync();
        Assert.NotNull(next);
        await next.DisposeAsync();
    }

    private static Alert Candidate(string accountId, AlertKind kind, string subject) => new(
        Alert.KeyOf(accountId, kind, subject), accountId, "Acme", kind, subject, "title", "summary", [],
        ["csm@example.com", "sales@example.com"], new DateOnly(2026, 11, 20), s_now);
}

public sealed class SqliteAlertStoreContractTests : AlertStoreContractTests
{
    private readonly TempDirectory _data = new();

    protected override IAlertStore CreateStoreCore() => new SqliteAlertStore(_data.Combine(SqliteAlertStore.FileName));

    public override void Dispose()
    {
        base.Dispose();
        _data.Dispose();
    }
}

[RequiresPostgres]
public sealed class PostgresAlertStoreContractTests(PostgresTestDatabase server)
    : AlertStoreContractTests, IClassFixture<PostgresTestDatabase>, IAsyncLifetime
{
    private readonly PostgresTestSchema _schema = new(server);

    public Task InitializeAsync() => _schema.InitializeAsync();

    public Task DisposeAsync() => _schema.DisposeAsync();

    // Each store is another process's pool on the same database, as two bot instances are.
    protected override IAlertStore CreateStoreCore() => new PostgresAlertStore(_schema.Open());
}
