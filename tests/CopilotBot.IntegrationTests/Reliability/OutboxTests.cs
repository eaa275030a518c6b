using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CopilotBot.Cli.Soak;
using CopilotBot.Core.Storage;
using CopilotBot.IntegrationTests.Bot;
using CopilotBot.Tests.Bot.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace CopilotBot.IntegrationTests.Reliability;

/// <summary>
/// Replies go through the durable outbox: a connector that fails, throttles or is down delays them, and a restart of
/// the host over the same state file still delivers them, each exactly once and in order per conversation.
/// </summary>
public sealed class OutboxTests : IAsyncLifetime
{
    internal const int Conversations = 3;
    internal const int MessagesEach = 4;

    private readonly string _statePath = Path.Combine(Path.GetTempPath(), "copilotbot-outbox-" + Guid.NewGuid().ToString("N"), "bot-state.db");
    private ChannelStub _channel = null!;
    private ConnectorSink _sink = null!;

    public async Task InitializeAsync()
    {
        _channel = await ChannelStub.StartAsync();
        _sink = await ConnectorSink.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _sink.DisposeAsync();
        await _channel.DisposeAsync();
    }

    [Fact]
    public async Task Replies_survive_server_errors_and_429_with_retry_after_arriving_once_and_in_order()
    {
        var calls = 0;
        _sink.Fault = _ => Interlocked.Increment(ref calls) switch
        {
            <= 3 => new SinkFault(HttpStatusCode.InternalServerError),
            <= 5 => new SinkFault(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(1)),
            7 => new SinkFault(HttpStatusCode.BadGateway),
            _ => null,
        };
        await using var host = CreateHost();

        await PostConversationsAsync(host, 0, MessagesEach);

        await AssertDeliveredOnceInOrderAsync(MessagesEach);
        Assert.True(_sink.Calls > Conversations * MessagesEach, "the faults were exercised");
        var store = host.Services.GetRequiredService<IPendingReplyStore>();
        Assert.Empty(await store.ListAsync(PendingReplyState.Pending));
        Assert.Empty(await store.ListAsync(PendingReplyState.DeadLettered));
    }

    [Fact]
    public async Task Replies_recorded_while_the_connector_is_down_are_sent_by_a_new_host_after_a_restart()
    {
        await _sink.StopAsync();
        await using (var first = CreateHost())
        {
            await PostConversationsAsync(first, 0, 2);
            var store = first.Services.GetRequiredService<IPendingReplyStore>();
            await WaitUntilAsync(async () => (await store.ListAsync(PendingReplyState.Pending)).Count(r => r.Attempts > 0) >= Conversations);
            Assert.Empty(_sink.Accepted);
        }

        await _sink.StartAgainAsync();
        await using var second = CreateHost();
        _ = second.Services; // starts the host, and with it the sender
        await AssertDeliveredOnceInOrderAsync(2);

        // the new host answers new turns after the old replies, still in order
        await PostConversationsAsync(second, 2, 2);
        await AssertDeliveredOnceInOrderAsync(4);
    }

    [Fact]
    public async Task A_reply_the_channel_refuses_is_dead_lettered_and_visible_and_does_not_block_the_conversation()
    {
        _sink.Fault = a => a.ReplyToId == "outbox-c0-m0" ? new SinkFault(HttpStatusCode.Forbidden) : null;
        await using var host = CreateHost();

        await PostConversationsAsync(host, 0, 2);

        await WaitUntilAsync(() => Task.FromResult(_sink.Accepted.Count == (Conversations * 2) - 1));
        var dead = Assert.Single(await host.Services.GetRequiredService<IPendingReplyStore>().ListAsync(PendingReplyState.DeadLettered));
        Assert.Equal("HTTP 403", dead.LastError);
        Assert.Equal("outbox-c0-m0", (string?)JsonNode.Parse(dead.Payload)!["replyToId"]);
        Assert.Contains(_sink.Accepted, a => a.ReplyToId == "outbox-c0-m1");
        using var readiness = await host.CreateClient().GetAsync("/readyz");
        var ready = await readiness.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("Degraded", (string?)ready!["checks"]!["outbox"]!["status"]);
    }

    private BotAppFactory CreateHost() => new(_channel, new Dictionary<string, string?>
    {
        ["Bot:StateStore"] = "sqlite",
        ["Bot:StatePath"] = _statePath,
        ["Bot:OutboxBaseDelay"] = "00:00:00.200",
        ["Bot:OutboxMaxDelay"] = "00:00:01",
        ["Bot:OutboxPollInterval"] = "00:00:00.200",
        ["Bot:OutboxLease"] = "00:00:05",
    });

    private Task PostConversationsAsync(BotAppFactory host, int from, int count) => PostConversationsAsync(_sink, [host], from, count);

    private Task AssertDeliveredOnceInOrderAsync(int messagesEach) => AssertDeliveredOnceInOrderAsync(_sink, messagesEach);

    /// <summary>
    /// Posts messages <paramref name="from"/>.. in every conversation, message m of conversation c to host (m + c) mod
    /// the number of hosts; each waits until the previous reply is recorded in the (shared) outbox, so the order the
    /// outbox must keep is the order of the posts.
    /// </summary>
    internal static async Task PostConversationsAsync(ConnectorSink sink, IReadOnlyList<BotAppFactory> hosts, int from, int count)
    {
        var store = hosts[0].Services.GetRequiredService<IPendingReplyStore>();
        var clients = hosts.Select(h => h.CreateClient()).ToList();
        try
        {
            for (var m = from; m < from + count; m++)
            {
                for (var c = 0; c < Conversations; c++)
                {
                    var activity = Fixtures.Activity("playground-personal-message", sink.ServiceUrl, conversationId: $"outbox-c{c}");
                    activity["id"] = $"outbox-c{c}-m{m}";
                    activity["text"] = "hello";
                    using var response = await clients[(m + c) % clients.Count].PostAsJsonAsync("/api/messages", activity);
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                }

                // Every conversation's own reply, not a total: a row more elsewhere must not let the next post overtake.
                var expected = m + 1;
                await WaitUntilAsync(async () => (await RecordedAsync(store)).All(perConversation => perConversation >= expected));
            }
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    /// <summary>Rows recorded per conversation, in every state (typing never goes through the outbox: every row is a reply).</summary>
    private static async Task<int[]> RecordedAsync(IPendingReplyStore store)
    {
        var rows = new List<PendingReply>();
        foreach (var state in Enum.GetValues<PendingReplyState>())
        {
            rows.AddRange(await store.ListAsync(state));
        }

        // One list per state, read one after another: a reply delivered in between is in two of them. Counted twice,
        // it let the next post go before the reply it must follow was recorded, and the two replies swapped.
        var recorded = rows.DistinctBy(r => r.Id).ToList();
        return [.. Enumerable.Range(0, Conversations).Select(c => recorded.Count(r => r.ConversationKey.EndsWith($"|outbox-c{c}", StringComparison.Ordinal)))];
    }

    internal static async Task AssertDeliveredOnceInOrderAsync(ConnectorSink sink, int messagesEach)
    {
        await WaitUntilAsync(() => Task.FromResult(sink.Accepted.Count(a => a.Type == "message") >= Conversations * messagesEach));
        await Task.Delay(300); // a duplicate would arrive now
        var accepted = sink.Accepted.Where(a => a.Type == "message").ToList();
        for (var c = 0; c < Conversations; c++)
        {
            var replies = accepted.Where(a => a.ConversationId == $"outbox-c{c}").Select(a => a.ReplyToId).ToList();
            Assert.Equal([.. Enumerable.Range(0, messagesEach).Select(m => $"outbox-c{c}-m{m}")], replies);
        }
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(50);
        }
    }
}
