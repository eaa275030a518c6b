using CopilotBot.Bot;
using CopilotBot.Bot.Storage;
using CopilotBot.Core;
using CopilotBot.Core.Storage;
using CopilotBot.Core.Storage.Postgres;
using Microsoft.Extensions.Options;

namespace CopilotBot.Tests.Storage;

/// <summary>
/// What every conversation store (references and context) must do. A subclass says how to reach its store; calls
/// within one test must reach the same data (a restarted bot, or another instance on the same database).
/// </summary>
public abstract class ConversationStoreContractTests
{
    private static readonly DateTimeOffset s_monday = new(2026, 11, 16, 9, 30, 0, 125, TimeSpan.Zero);

    /// <summary>The store; every call in one test reaches the same data.</summary>
    protected abstract Task<(IConversationReferenceStore References, IConversationContextStore Context)> OpenAsync();

    [ContractFact]
    public async Task ASavedReferenceIsReadBackWholeAndReplacedBySavingAgain()
    {
        var (store, _) = await OpenAsync();
        var first = Conversation("19:abc@thread.tacv2;messageid=1", "alexw@example.com", s_monday);
        var second = first with { ServiceUrl = "https://smba.trafficmanager.net/emea/", ReferenceJson = "{\"v\":2}", UpdatedAt = s_monday.AddMinutes(5) };

        await store.SaveAsync(first);
        var read = await (await OpenAsync()).References.GetAsync("msteams", first.ConversationId);
        await store.SaveAsync(second);

        Assert.Equal(first, read);
        Assert.Equal(second, await (await OpenAsync()).References.GetAsync("msteams", first.ConversationId));
        Assert.Null(await store.GetAsync("webchat", first.ConversationId));
        Assert.Null(await store.GetAsync("msteams", "other"));
    }

    [ContractFact]
    public async Task AUsersConversationsComeNewestFirstWhateverTheCaseOfTheEmail()
    {
        var (store, _) = await OpenAsync();
        var old = Conversation("c-old", "AlexW@example.com", s_monday);
        var recent = Conversation("c-recent", "alexw@example.com", s_monday.AddDays(1));
        var anonymous = Conversation("c-anonymous", null, s_monday.AddDays(2));
        var someoneElse = Conversation("c-megan", "meganb@example.com", s_monday.AddDays(3));
        foreach (var conversation in new[] { old, anonymous, someoneElse, recent })
        {
            await store.SaveAsync(conversation);
        }

        Assert.Equal([recent, old], await store.GetByUserAsync("ALEXW@EXAMPLE.COM"));
        Assert.Empty(await store.GetByUserAsync("nobody@example.com"));
    }

    [ContractFact]
    public async Task TheStateIsKeptPerConversationAndReplaced()
    {
        var (_, context) = await OpenAsync();

        await context.SetStateAsync("msteams", "c-1", "A-100");
        await context.SetStateAsync("msteams", "c-2", "A-200");
        await context.SetStateAsync("msteams", "c-1", "A-101");

        var (_, reopened) = await OpenAsync();
        Assert.Equal("A-101", await reopened.GetStateAsync("msteams", "c-1"));
        Assert.Equal("A-200", await reopened.GetStateAsync("msteams", "c-2"));
        Assert.Null(await reopened.GetStateAsync("webchat", "c-1"));
    }

    [ContractFact]
    public async Task RemovingAConversationForgetsItsReferenceAndContextOnly()
    {
        var (store, context) = await OpenAsync();
        await store.SaveAsync(Conversation("c-gone", "alexw@example.com", s_monday));
        await store.SaveAsync(Conversation("c-kept", "alexw@example.com", s_monday));
        await context.SetStateAsync("msteams", "c-gone", "A-100");
        await context.SetStateAsync("msteams", "c-kept", "A-200");

        await store.RemoveAsync("msteams", "c-gone");
        await store.RemoveAsync("msteams", "never-seen");

        var (references, reopened) = await OpenAsync();
        Assert.Null(await references.GetAsync("msteams", "c-gone"));
        Assert.Null(await reopened.GetStateAsync("msteams", "c-gone"));
        Assert.Equal("c-kept", Assert.Single(await references.GetByUserAsync("alexw@example.com")).ConversationId);
        Assert.Equal("A-200", await reopened.GetStateAsync("msteams", "c-kept"));
    }

    [ContractFact]
    public async Task ConcurrentWritesToOneConversationNeitherFailNorLoseOtherConversations()
    {
        var (store, context) = await OpenAsync();
        var writes = Enumerable.Range(0, 40).Select(async i =>
        {
            await store.SaveAsync(Conversation("c-shared", "alexw@example.com", s_monday.AddSeconds(i)));
            await store.SaveAsync(Conversation($"c-{i}", "alexw@example.com", s_monday.AddSeconds(i)));
            await context.SetStateAsync("msteams", "c-shared", $"A-{i:D3}");
        });

        await Task.WhenAll(writes);

        var conversations = await (await OpenAsync()).References.GetByUserAsync("alexw@example.com");
        Assert.Equal(41, conversations.Count);
        Assert.Matches("^A-0[0-3][0-9]$", await context.GetStateAsync("msteams", "c-shared"));
    }

    private static StoredConversation Conversation(string id, string? email, DateTimeOffset at) =>
        new("msteams", id, "https://smba.trafficmanager.net/amer/", email, $"{{\"conversation\":{{\"id\":\"{id}\"}},\"bot\":{{\"name\":\"Copilot \\u00e9\"}}}}", at);
}

public sealed class InMemoryConversationStoreTests : ConversationStoreContractTests
{
    private readonly InMemoryConversationStore _store = new();

    protected override Task<(IConversationReferenceStore, IConversationContextStore)> OpenAsync() =>
        Task.FromResult<(IConversationReferenceStore, IConversationContextStore)>((_store, _store));
}

public sealed class SqliteConversationStoreTests : ConversationStoreContractTests, IDisposable
{
    private readonly TempDirectory _directory = new();

    protected override Task<(IConversationReferenceStore, IConversationContextStore)> OpenAsync()
    {
        var store = new SqliteConversationStore(
            Options.Create(new BotOptions { StatePath = _directory.Combine("state", "bot-state.db") }), Options.Create(new CopilotOptions()));
        return Task.FromResult<(IConversationReferenceStore, IConversationContextStore)>((store, store));
    }

    public void Dispose() => _directory.Dispose();
}

[RequiresPostgres]
public sealed class PostgresConversationStoreTests(PostgresTestDatabase server)
    : ConversationStoreContractTests, IClassFixture<PostgresTestDatabase>, IAsyncLifetime
{
    private readonly PostgresTestSchema _schema = new(server);

    public Task InitializeAsync() => _schema.InitializeAsync();

    public Task DisposeAsync() => _schema.DisposeAsync();

    // Each call is another process's pool on the same database, as two bot instances are.
    protected override Task<(IConversationReferenceStore, IConversationContextStore)> OpenAsync()
    {
        var store = new PostgresConversationStore(_schema.Open());
        return Task.FromResult<(IConversationReferenceStore, IConversationContextStore)>((store, store));
    }
}
