using CopilotBot.Copilot.Understanding;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Storage;
using CopilotBot.Core.Storage.Postgres;
using Npgsql;
using Xunit.Abstractions;

namespace CopilotBot.Tests.Storage;

/// <summary>The portfolio store contract against a real PostgreSQL, each test in a fresh schema of the class's throwaway database.</summary>
[RequiresPostgres]
[Collection(LargePortfolios.Collection)]
public sealed class PostgresPortfolioStoreTests(PostgresTestDatabase server, ITestOutputHelper output)
    : PortfolioStoreContractTests(output), IClassFixture<PostgresTestDatabase>, IAsyncLifetime
{
    private readonly PostgresTestSchema _schema = new(server);

    private string ConnectionString => _schema.ConnectionString;

    public Task InitializeAsync() => _schema.InitializeAsync();

    public Task DisposeAsync() => _schema.DisposeAsync();

    protected override IPortfolioStore CreateStoreCore() => new PostgresPortfolioStore(_schema.Open(), TimeProvider.System);

    [PostgresFact]
    public async Task FirstUseRecordsEveryMigrationAndCreatesTheIndexes()
    {
        await CreateStore().HasPortfolioAsync();

        Assert.Equal(Enumerable.Range(1, PostgresSchema.CurrentVersion).ToList(), await ListAsync<int>("SELECT version FROM schema_version ORDER BY version"));
        Assert.Equal(
            ["ix_accounts_csm_email", "ix_accounts_sales_email", "ix_alert_account", "ix_answer_activity", "ix_contacts_account_id", "ix_conversation_reference_user",
                "ix_interactions_account_id", "ix_outcomes_account_id", "ix_pending_reply_conversation", "ix_pending_reply_due", "ix_surveys_account_id",
                "ix_tickets_account_id"],
            await ListAsync<string>("SELECT indexname::text FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE 'ix_%' ORDER BY indexname"));
    }

    [PostgresFact]
    public async Task InstancesStartingTogetherMigrateOnceWithoutRacing()
    {
        var databases = Enumerable.Range(0, 6).Select(_ => _schema.Open()).ToList();

        await Task.WhenAll(databases.Select(async d => await (await d.OpenAsync(CancellationToken.None)).DisposeAsync()));

        Assert.Equal(Enumerable.Range(1, PostgresSchema.CurrentVersion).ToList(), await ListAsync<int>("SELECT version FROM schema_version ORDER BY version"));
        Assert.False(await new PostgresPortfolioStore(databases[^1], TimeProvider.System).HasPortfolioAsync());
    }

    [PostgresFact]
    public async Task ADatabaseOfTheBuildWithoutOutboxAndAlertsIsUpgradedKeepingItsConversations()
    {
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"""
                CREATE TABLE schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
                {PostgresSchema.Migrations[0]};
                {PostgresSchema.Migrations[1]};
                INSERT INTO schema_version (version) VALUES (1), (2);
                INSERT INTO conversation_context (channel_id, conversation_id, last_account_id) VALUES ('msteams', 'c-1', 'A-100');
                """, connection);
            await command.ExecuteNonQueryAsync();
        }

        var database = _schema.Open();
        var outbox = new PostgresPendingReplyStore(database);
        await outbox.EnqueueAsync("c-1", "{}", DateTimeOffset.UnixEpoch);

        // The last account of the earlier build is carried over as the conversation state it means.
        Assert.Equal("A-100", ConversationState.FromJson(await new PostgresConversationStore(database).GetStateAsync("msteams", "c-1")).AccountId);
        Assert.Single(await outbox.ListAsync(PendingReplyState.Pending));
        Assert.Empty(await new PostgresAlertStore(database).GetAlertsAsync(includeClosed: true));
        Assert.Equal(Enumerable.Range(1, PostgresSchema.CurrentVersion).ToList(), await ListAsync<int>("SELECT version FROM schema_version ORDER BY version"));
    }

    [PostgresFact]
    public async Task ADatabaseFromANewerBuildIsRefused()
    {
        await CreateStore().HasPortfolioAsync();
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"INSERT INTO schema_version (version) VALUES ({PostgresSchema.CurrentVersion + 1})", connection);
            await command.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => CreateStore().HasPortfolioAsync());
        Assert.Contains("newer than this build", error.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task ReadersKeepTheCommittedPortfolioWhileAReplaceRuns()
    {
        var store = CreateStore();
        var first = TestPortfolios.Small("A");
        await store.ReplacePortfolioAsync(first);
        var next = TestPortfolios.Small("B", accounts: 20, weeks: 50);
        using var reached = new SemaphoreSlim(0);
        using var resume = new SemaphoreSlim(0);
        var pausing = new TrippingList<UsageWeek>(next.Usage, next.Usage.Count / 2, () =>
        {
            reached.Release();
            resume.Wait(TimeSpan.FromSeconds(30)); // holds the COPY open while the reader below runs
        });

        var replace = Task.Run(() => store.ReplacePortfolioAsync(next with { Usage = pausing }));
        Assert.True(await reached.WaitAsync(TimeSpan.FromSeconds(30)));
        var during = await CreateStore().GetAccountsAsync().WaitAsync(TimeSpan.FromSeconds(10));
        resume.Release();
        await replace;

        AssertSame(first.Accounts, during);
        AssertSame(next.Accounts, await CreateStore().GetAccountsAsync());
    }

    private async Task<List<T>> ListAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }
}
