using System.Net;
using System.Text.Json.Nodes;
using CopilotBot.Bot.Conversation;
using CopilotBot.Core.Storage;
using CopilotBot.Tests.Bot.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace CopilotBot.IntegrationTests.Bot;

/// <summary>
/// Item 9 of issue 20, the policy: account data is answered only in a personal chat. In a group chat or a channel
/// everyone reads the answer (also members who join later), and not all of them may see that account.
/// </summary>
public sealed class GroupChatPolicyTests
{
    [Theory]
    [InlineData("playground-groupchat-mention-message", "<at>Test Bot</at> health Contoso")]
    [InlineData("playground-groupchat-mention-message", "<at>Test Bot</at> renewal talking points for Contoso")]
    [InlineData("playground-channel-message", "<at>Test Bot</at> my portfolio")]
    [InlineData("playground-channel-message", "<at>Test Bot</at> health Fabrikam")]
    public async Task Item9_account_data_is_answered_only_in_a_personal_chat(string fixture, string text)
    {
        await using var host = await BotHost.StartAsync();
        var activity = host.Activity(fixture);
        activity["text"] = text;

        await host.PostAsync(activity);

        var reply = await host.Stub.WaitForMessageAsync();
        Assert.Equal(CopilotTeamsBot.PersonalChatOnly, reply.Text);
        Assert.Null(reply.Card);
        Assert.DoesNotContain(host.Stub.Calls, c => c.Card is not null || c.Text?.Contains("Contoso Ltd", StringComparison.Ordinal) == true);

        // The same question in the asker's personal chat is answered.
        var personal = host.Activity("playground-personal-message");
        personal["text"] = text.Replace("<at>Test Bot</at> ", "", StringComparison.Ordinal);
        await host.PostAsync(personal);
        await host.Stub.WaitForAsync(cs => cs.Count(c => c.Type == "message") == 2);
        Assert.NotEqual(CopilotTeamsBot.PersonalChatOnly, host.Stub.Calls.Last(c => c.Type == "message").Text);
    }

    [Fact]
    public async Task Item9_an_answer_without_account_data_is_given_in_a_group_chat()
    {
        await using var host = await BotHost.StartAsync();
        var activity = host.Activity("playground-groupchat-mention-message");
        activity["text"] = "<at>Test Bot</at> what should we do when a champion quits?";

        await host.PostAsync(activity);

        var reply = await host.Stub.WaitForMessageAsync();
        Assert.StartsWith("Which account do you mean?", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Item9_a_card_action_in_a_group_chat_drafts_nothing()
    {
        await using var host = await BotHost.StartAsync();
        var invoke = MessagesEndpointTests.CardInvoke(host, "remediation-plan", "A-100");
        invoke["conversation"] = new JsonObject { ["id"] = "group-" + Guid.NewGuid().ToString("N")[..8], ["conversationType"] = "groupChat", ["isGroup"] = true };

        using var response = await host.PostAsync(invoke);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(CopilotTeamsBot.PersonalChatOnly, (string?)body["value"]);
        Assert.Empty(host.Copilot.DraftRequests);
    }

    [Fact]
    public async Task Item9_a_group_chat_is_never_where_a_users_alerts_and_digests_go()
    {
        await using var host = await BotHost.StartAsync();
        var group = host.Activity("playground-groupchat-mention-message");
        await host.PostAsync(group);
        await host.Stub.WaitForMessageAsync();

        var references = host.Factory.Services.GetRequiredService<IConversationReferenceStore>();
        Assert.DoesNotContain(await references.GetByUserAsync(SampleData.AlexEmail), c => c.ConversationId == (string?)group["conversation"]!["id"]);
    }

    [Fact]
    public async Task Item8_group_chat_help_never_suggests_an_account_another_member_asked_about()
    {
        await using var host = await BotHost.StartAsync();
        var help = host.Activity("playground-groupchat-mention-message");
        help["text"] = "<at>Test Bot</at> help";
        var conversationId = (string)help["conversation"]!["id"]!;
        var context = host.Factory.Services.GetRequiredService<IConversationContextStore>();
        await context.SetStateAsync("msteams", conversationId, "{\"AccountId\":\"A-200\"}"); // asked about by another member

        await host.PostAsync(help);

        var reply = await host.Stub.WaitForMessageAsync();
        Assert.DoesNotContain("A-200", reply.Body.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Fabrikam", reply.Body.ToJsonString(), StringComparison.Ordinal);
    }
}
