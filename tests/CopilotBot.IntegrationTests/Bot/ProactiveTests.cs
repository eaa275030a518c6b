using System.Net;
using CopilotBot.Bot.Conversation;
using CopilotBot.Tests.Bot.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace CopilotBot.IntegrationTests.Bot;

public sealed class ProactiveTests
{
    [Fact]
    public async Task A_user_who_talked_to_the_bot_can_be_messaged_later_through_the_stored_reference()
    {
        await using var host = await BotHost.StartAsync();
        var messenger = await TalkOnceAsync(host, "conv-proactive");
        host.Stub.Clear();

        var sent = await messenger.SendToUserAsync(SampleData.AlexEmail, "Contoso dropped to Red", card: null, CancellationToken.None);
        var unknown = await messenger.SendToUserAsync("nobody@example.com", "x", card: null, CancellationToken.None);

        Assert.True(sent);
        Assert.False(unknown);
        var call = await host.Stub.WaitForMessageAsync();
        Assert.Equal($"{ChannelStub.ConnectorPrefix}/v3/conversations/conv-proactive/activities", call.RawTarget);
        Assert.Equal("user-id-0", (string?)call.Body["recipient"]!["id"]);
        Assert.Equal("Contoso dropped to Red", call.Text);
    }

    [Fact]
    public async Task A_reference_the_channel_refuses_with_403_is_forgotten()
    {
        await using var host = await BotHost.StartAsync();
        var messenger = await TalkOnceAsync(host, "conv-gone");
        host.Stub.FailWith = HttpStatusCode.Forbidden;

        var sent = await messenger.SendToUserAsync(SampleData.AlexEmail, "hello?", card: null, CancellationToken.None);

        Assert.False(sent);
        var references = host.Factory.Services.GetRequiredService<CopilotBot.Core.Storage.IConversationReferenceStore>();
        Assert.Empty(await references.GetByUserAsync(SampleData.AlexEmail));
    }

    /// <summary>Alex says "help" once, which stores the conversation reference.</summary>
    private static async Task<ProactiveMessenger> TalkOnceAsync(BotHost host, string conversationId)
    {
        var activity = host.Activity("playground-personal-message", conversationId: conversationId);
        activity["text"] = "help";
        await host.PostAsync(activity);
        await host.Stub.WaitForMessageAsync();
        return host.Factory.Services.GetRequiredService<ProactiveMessenger>();
    }
}
