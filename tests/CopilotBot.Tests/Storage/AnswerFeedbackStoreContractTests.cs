using CopilotBot.Core.Feedback;
using CopilotBot.Core.Storage.Postgres;
using CopilotBot.Core.Storage.Sqlite;

namespace CopilotBot.Tests.Storage;

/// <summary>What every answer-feedback store must do; each call may reach the store anew (a restart, another instance).</summary>
public abstract class AnswerFeedbackStoreContractTests
{
    private static readonly DateTimeOffset s_at = new(2026, 11, 16, 9, 30, 0, 125, TimeSpan.Zero);

    protected abstract IAnswerFeedbackStore Open();

    [ContractFact]
    public async Task AnAnswerIsFoundByItsIdAndByTheMessageItWasPostedAs()
    {
        var answer = new SentAnswer("a1", "msteams", "19:c", "1700000000001", "remediation-plan", "A-100", "alexw@example.com", s_at);
        await Open().RecordAnswerAsync(answer);
        await Open().RecordAnswerAsync(answer with { AnswerId = "a2", ActivityId = null, Kind = "portfolio", AccountId = null });

        Assert.Equal(answer, await Open().FindAnswerAsync("a1"));
        Assert.Equal(answer, await Open().FindAnswerByActivityAsync("msteams", "19:c", "1700000000001"));
        Assert.Null(await Open().FindAnswerByActivityAsync("msteams", "19:other", "1700000000001"));
        Assert.Null(await Open().FindAnswerAsync("nope"));
        Assert.Equal("portfolio", (await Open().FindAnswerAsync("a2"))!.Kind);
        Assert.Equal("a2", (await Open().FindLatestUnnamedAnswerAsync("msteams", "19:c"))!.AnswerId);
        Assert.Null(await Open().FindLatestUnnamedAnswerAsync("msteams", "19:other"));
    }

    [ContractFact]
    public async Task FeedbackIsListedNewestFirstWithItsAnswerKindAndComment()
    {
        var store = Open();
        await store.SaveFeedbackAsync(new AnswerFeedback("a1", "remediation-plan", "A-100", "alexw@example.com", "like", null, "msteams", s_at));
        await store.SaveFeedbackAsync(new AnswerFeedback(null, "unknown", null, "bobv@example.com", "dislike", "wrong account", "webchat", s_at.AddMinutes(1)));

        var listed = await Open().ListFeedbackAsync(10);

        Assert.Equal(2, listed.Count);
        Assert.Equal(new AnswerFeedback(null, "unknown", null, "bobv@example.com", "dislike", "wrong account", "webchat", s_at.AddMinutes(1)), listed[0]);
        Assert.Equal("remediation-plan", listed[1].Kind);
        Assert.Single(await Open().ListFeedbackAsync(1));
    }
}

public sealed class SqliteAnswerFeedbackStoreTests : AnswerFeedbackStoreContractTests, IDisposable
{
    private readonly TempDirectory _directory = new();

    protected override IAnswerFeedbackStore Open() => new SqliteAnswerFeedbackStore(_directory.Combine("data", SqliteAnswerFeedbackStore.FileName));

    public void Dispose() => _directory.Dispose();
}

[RequiresPostgres]
public sealed class PostgresAnswerFeedbackStoreTests(PostgresTestDatabase server)
    : AnswerFeedbackStoreContractTests, IClassFixture<PostgresTestDatabase>, IAsyncLifetime
{
    private readonly PostgresTestSchema _schema = new(server);

    public Task InitializeAsync() => _schema.InitializeAsync();

    public Task DisposeAsync() => _schema.DisposeAsync();

    protected override IAnswerFeedbackStore Open() => new PostgresAnswerFeedbackStore(_schema.Open());
}
