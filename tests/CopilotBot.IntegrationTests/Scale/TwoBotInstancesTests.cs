using System.Net;
using CopilotBot.Bot.Alerts;
using CopilotBot.Bot.Conversation;
using CopilotBot.Cli.Soak;
using CopilotBot.Core;
using CopilotBot.Core.Alerts;
using CopilotBot.Core.Sample;
using CopilotBot.Core.Storage;
using CopilotBot.Core.Storage.Postgres;
using CopilotBot.IntegrationTests.Alerts;
using CopilotBot.IntegrationTests.Bot;
using CopilotBot.IntegrationTests.Reliability;
using CopilotBot.Tests.Bot.Fakes;
using CopilotBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CopilotBot.IntegrationTests.Scale;

/// <summary>
/// Two bot instances behind one load balancer, sharing a PostgreSQL database (<c>Copilot:Store</c> = postgres, the
/// bot's state following it): a conversation may hop from one to the other between turns.
/// </summary>
public sealed class TwoBotInstancesTests(PostgresTestDatabase server) : IClassFixture<PostgresTestDatabase>
{
    [PostgresFact]
    public async Task What_one_instance_learns_about_a_conversation_the_other_uses()
    {
        var (first, second) = await StartTwoAsync();
        await using var _ = first;
        await using var __ = second;
        const string ConversationId = "conv-shared";

        // Turn 1 reaches the first instance: it stores the reference and that the conversation is about Contoso.
        var ask = first.Activity("playground-personal-message", conversationId: ConversationId);
        ask["text"] = "health Contoso";
        await first.PostAsync(ask);
        await first.Stub.WaitForMessageAsync();

        // Turn 2 reaches the second: the follow-up is understood in the context the first one kept.
        var followUp = second.Activity("playground-personal-message", conversationId: ConversationId);
        followUp["text"] = "and its renewal?";
        await second.PostAsync(followUp);
        await second.Stub.WaitForMessageAsync();

        Assert.Equal("A-100", Assert.Single(second.Copilot.AskRequests).Conversation?.AccountId);
        var stored = await first.Factory.Services.GetRequiredService<IConversationReferenceStore>().GetAsync("msteams", ConversationId);
        Assert.Equal(second.Stub.ServiceUrl, stored?.ServiceUrl);
    }

    /// <summary>
    /// The first instance keeps which references it saved lately, to skip rewriting them; the other removing one (an
    /// uninstall) must not leave it forgotten after the app is installed again through the first.
    /// </summary>
    [PostgresFact]
    public async Task A_reference_removed_by_one_instance_is_stored_again_by_the_other_on_reinstall()
    {
        var (first, second) = await StartTwoAsync();
        await using var _ = first;
        await using var __ = second;
        const string ConversationId = "conv-reinstall";
        var references = first.Factory.Services.GetRequiredService<IConversationReferenceStore>();
        var hello = first.Activity("playground-personal-message", conversationId: ConversationId);
        hello["text"] = "help";
        await first.PostAsync(hello);
        await first.Stub.WaitForMessageAsync();

        await second.PostAsync(second.Activity("playground-template-uninstall", conversationId: ConversationId));
        await ConversationTests.WaitUntilAsync(async () => await references.GetAsync("msteams", ConversationId) is null);
        // The same conversation, user and bot as the message: only the install itself tells the first instance to write.
        var install = hello.DeepClone().AsObject();
        install["type"] = "installationUpdate";
        install["action"] = "add";
        install["id"] = "install-1";
        install.Remove("text");
        await first.PostAsync(install);
        await ConversationTests.WaitUntilAsync(async () => await references.GetAsync("msteams", ConversationId) is not null);

        Assert.Equal(SampleData.AlexEmail, (await references.GetAsync("msteams", ConversationId))?.UserEmail);
    }

    [PostgresFact]
    public async Task A_proactive_message_goes_out_from_the_instance_that_never_saw_the_user()
    {
        var (first, second) = await StartTwoAsync();
        await using var _ = first;
        await using var __ = second;
        var hello = first.Activity("playground-personal-message", conversationId: "conv-proactive");
        hello["text"] = "help";
        await first.PostAsync(hello);
        await first.Stub.WaitForMessageAsync();
        first.Stub.Clear();

        var sent = await second.Factory.Services.GetRequiredService<ProactiveMessenger>()
            .SendToUserAsync(SampleData.AlexEmail, "Contoso dropped to Red", card: null, CancellationToken.None);

        Assert.True(sent);
        var call = await first.Stub.WaitForMessageAsync();
        Assert.Equal($"{ChannelStub.ConnectorPrefix}/v3/conversations/conv-proactive/activities", call.RawTarget);
        Assert.Equal("Contoso dropped to Red", call.Text);
    }

    [PostgresFact]
    public async Task Turns_of_one_conversation_on_both_instances_at_once_all_succeed_and_lose_nothing()
    {
        var (first, second) = await StartTwoAsync();
        await using var _ = first;
        await using var __ = second;
        const int TurnsEach = 10;
        const string ConversationId = "conv-busy";

        var responses = await Task.WhenAll(Enumerable.Range(0, TurnsEach).SelectMany(i => new[] { first, second }.Select(host =>
        {
            var activity = host.Activity("playground-personal-message", conversationId: ConversationId);
            activity["text"] = "health Contoso";
            return host.PostAsync(activity);
        })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var host in new[] { first, second })
        {
            var calls = await host.Stub.WaitForAsync(cs => cs.Count(c => c.Type == "message") >= TurnsEach, TimeSpan.FromSeconds(60));
            Assert.Equal(TurnsEach, calls.Count(c => c.Type == "message"));
        }

        // Both instances' stores, hammered at once on the same conversation and on one each: no error, no lost row.
        var stores = new[] { first, second }.Select(h => h.Factory.Services).ToList();
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            var services = stores[i % 2];
            var at = DateTimeOffset.UnixEpoch.AddDays(20_000).AddSeconds(i);
            await services.GetRequiredService<IConversationReferenceStore>().SaveAsync(
                new StoredConversation("msteams", ConversationId, $"https://instance-{i % 2}.test/", "lynner@example.com", "{}", at));
            await services.GetRequiredService<IConversationReferenceStore>().SaveAsync(
                new StoredConversation("msteams", $"conv-{i}", "https://instance.test/", "lynner@example.com", "{}", at));
            await services.GetRequiredService<IConversationContextStore>().SetStateAsync("msteams", ConversationId, $"A-{i:D3}");
        })));

        var seen = await stores[0].GetRequiredService<IConversationReferenceStore>().GetByUserAsync("lynner@example.com");
        Assert.Equal(41, seen.Count);
        Assert.Matches("^A-0[0-3][0-9]$", await stores[1].GetRequiredService<IConversationContextStore>().GetStateAsync("msteams", ConversationId));
    }

    [PostgresFact]
    public async Task Replies_recorded_on_both_instances_while_the_connector_is_down_go_out_once_each_and_in_order_when_it_is_back()
    {
        await using var channel = await ChannelStub.StartAsync();
        await using var sink = await ConnectorSink.StartAsync();
        await sink.StopAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Copilot:Store"] = "postgres",
            ["ConnectionStrings:Postgres"] = await server.CreateSchemaAsync(),
            ["Bot:StateStore"] = null, // follows Copilot:Store: the outbox is shared
            ["Bot:OutboxBaseDelay"] = "00:00:00.200",
            ["Bot:OutboxMaxDelay"] = "00:00:01",
            ["Bot:OutboxPollInterval"] = "00:00:00.200",
            ["Bot:OutboxLease"] = "00:00:05",
            ["Bot:OutboxMaxAttempts"] = "100", // the connector is down for longer than the default ten attempts take here
        };
        await using var first = new BotAppFactory(channel, settings);
        await using var second = new BotAppFactory(channel, settings);
        var store = first.Services.GetRequiredService<IPendingReplyStore>();
        _ = second.Services; // both hosts run, and with them both senders

        await OutboxTests.PostConversationsAsync(sink, [first, second], 0, OutboxTests.MessagesEach);
        await OutboxTests.WaitUntilAsync(async () =>
            (await store.ListAsync(PendingReplyState.Pending)).Count(r => r.Attempts > 0) >= OutboxTests.Conversations);
        Assert.Empty(sink.Accepted);

        await sink.StartAgainAsync();

        await OutboxTests.AssertDeliveredOnceInOrderAsync(sink, OutboxTests.MessagesEach);
        Assert.IsType<PostgresPendingReplyStore>(store);
        Assert.Empty(await second.Services.GetRequiredService<IPendingReplyStore>().ListAsync(PendingReplyState.Pending));
        Assert.Empty(await store.ListAsync(PendingReplyState.DeadLettered));
    }

    [PostgresFact]
    public async Task Alert_rounds_on_both_instances_at_once_deliver_each_alert_and_digest_once()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Copilot:Store"] = "postgres",
            ["ConnectionStrings:Postgres"] = await server.CreateSchemaAsync(),
            ["Bot:StateStore"] = null,
            ["Alerts:CsmDigest:Day"] = DateTime.UtcNow.DayOfWeek.ToString(), // due now
            ["Alerts:CsmDigest:Time"] = "00:00:00",
            ["Alerts:ManagerDigest:Enabled"] = "false",
        };
        await using var first = await BotHost.StartAsync(settings, realPortfolio: true);
        await using var second = await BotHost.StartAsync(settings, realPortfolio: true);
        await AlertDeliveryTests.ImportBothAsync(first.Factory);
        second.Factory.Services.GetRequiredService<IOptions<CopilotOptions>>().Value.AsOf = SampleOptions.DefaultAsOf.AddDays(28);
        var hello = first.Activity("playground-personal-message", conversationId: "conv-alex");
        hello["text"] = "help";
        await first.PostAsync(hello); // Alex becomes reachable, through the first instance's channel
        await first.Stub.WaitForMessageAsync();
        first.Stub.Clear();
        var alexAlerts = (await second.Factory.Services.GetRequiredService<AlertService>().GetPendingDeliveriesAsync())
            .Where(p => p.Recipient == SampleData.AlexEmail).Select(p => p.Alert.Key).ToList();
        Assert.NotEmpty(alexAlerts);

        // Both schedulers fire at once, twice each, then once more each: every round detects and delivers what is pending.
        var workers = new[] { first, second }.Select(h => h.Factory.Services.GetRequiredService<AlertWorker>()).ToList();
        await Task.WhenAll(workers.Concat(workers).Select(w => Task.Run(() => w.RunOnceAsync(CancellationToken.None))));
        foreach (var worker in workers)
        {
            await worker.RunOnceAsync(CancellationToken.None);
        }

        var calls = await first.Stub.WaitForAsync(cs => cs.Count(c => c.Type == "message") >= alexAlerts.Count + 1);
        await Task.Delay(300); // a duplicate would arrive now
        var messages = first.Stub.Calls.Where(c => c.Type == "message").ToList();
        Assert.All(alexAlerts, key => Assert.Single(messages, c => c.Card?.ToJsonString().Contains(key, StringComparison.Ordinal) == true));
        Assert.Single(messages, c => c.Text?.Contains("Weekly digest for Alex Wilber", StringComparison.Ordinal) == true);
        Assert.Equal(alexAlerts.Count + 1, messages.Count);
        Assert.DoesNotContain(await second.Factory.Services.GetRequiredService<AlertService>().GetPendingDeliveriesAsync(), p => p.Recipient == SampleData.AlexEmail);
    }

    /// <summary>Two hosts, started together, on a fresh schema of the class's database.</summary>
    private async Task<(BotHost First, BotHost Second)> StartTwoAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Copilot:Store"] = "postgres",
            ["ConnectionStrings:Postgres"] = await server.CreateSchemaAsync(),
            ["Bot:StateStore"] = null, // follows Copilot:Store
        };
        var hosts = await Task.WhenAll(BotHost.StartAsync(settings), BotHost.StartAsync(settings));
        await Task.WhenAll(hosts.Select(h => Task.Run(() => h.Factory.Services)));
        return (hosts[0], hosts[1]);
    }
}
