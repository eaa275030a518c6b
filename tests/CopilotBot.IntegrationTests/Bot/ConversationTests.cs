using System.Net;
using System.Text.Json.Nodes;
using CopilotBot.Tests.Bot.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace CopilotBot.IntegrationTests.Bot;

/// <summary>Replies reaching a local connector, Teams behaviour and the copilot calls behind them.</summary>
public sealed class ConversationTests
{
    [Fact]
    public async Task Reply_keeps_the_service_url_path_escapes_ids_and_swaps_from_and_recipient()
    {
        await using var host = await BotHost.StartAsync();
        const string ChannelConversation = "19:abc@thread.tacv2;messageid=1481567603816";
        var activity = host.Activity("playground-channel-message", conversationId: ChannelConversation);
        activity["text"] = "<at>Test Bot</at> health Contoso";
        activity["id"] = "1481567603816|a/b";

        using var response = await host.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = await host.Stub.WaitForMessageAsync();
        Assert.Equal("POST", reply.Method);
        Assert.Equal(
            $"{ChannelStub.ConnectorPrefix}/v3/conversations/{Uri.EscapeDataString(ChannelConversation)}/activities/{Uri.EscapeDataString("1481567603816|a/b")}",
            reply.RawTarget);
        Assert.Equal("00000000-0000-0000-0000-00000000000011", (string?)reply.Body["from"]!["id"]);
        Assert.Equal("user-id-0", (string?)reply.Body["recipient"]!["id"]);
        Assert.Equal(ChannelConversation, (string?)reply.Body["conversation"]!["id"]);
        Assert.Equal("1481567603816|a/b", (string?)reply.Body["replyToId"]);
        Assert.Null(reply.Body["id"]);
        Assert.Null(reply.Authorization); // development mode sends no token
        var ask = Assert.Single(host.Copilot.AskRequests);
        Assert.Equal("health Contoso", ask.Question);
        Assert.Equal(SampleData.AlexEmail, ask.UserEmail);
    }

    [Theory]
    [InlineData("playground-channel-message", "hi channel")]
    [InlineData("playground-groupchat-mention-message", "hello group")]
    public async Task Mention_of_the_bot_is_stripped_in_channels_and_group_chats(string fixture, string expected)
    {
        await using var host = await BotHost.StartAsync();

        using var response = await host.PostAsync(host.Activity(fixture));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await host.Stub.WaitForMessageAsync();
        Assert.Equal(expected, Assert.Single(host.Copilot.AskRequests).Question);
    }

    [Fact]
    public async Task Typing_is_sent_when_a_draft_takes_a_while()
    {
        await using var host = await BotHost.StartAsync(new Dictionary<string, string?> { ["Bot:TypingDelay"] = "00:00:00.100" });
        host.Copilot.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var activity = host.Activity("playground-personal-message");
        activity["text"] = "health Contoso";

        await host.PostAsync(activity);
        await host.Stub.WaitForAsync(cs => cs.Any(c => c.Type == "typing"));
        host.Copilot.Gate.SetResult();

        var calls = (await host.Stub.WaitForAsync(cs => cs.Any(c => c.Type == "message"))).ToList();
        var typing = calls.First(c => c.Type == "typing");
        Assert.EndsWith("/activities", typing.RawTarget, StringComparison.Ordinal);
        Assert.True(calls.IndexOf(typing) < calls.FindIndex(c => c.Type == "message"));
    }

    [Fact]
    public async Task A_quick_answer_comes_without_typing()
    {
        // Far longer than any answer of the fake copilot takes, even on a loaded machine.
        await using var host = await BotHost.StartAsync(new Dictionary<string, string?> { ["Bot:TypingDelay"] = "00:00:30" });
        var activity = host.Activity("playground-personal-message");
        activity["text"] = "health Contoso";

        await host.PostAsync(activity);

        var calls = await host.Stub.WaitForAsync(cs => cs.Any(c => c.Type == "message"));
        Assert.DoesNotContain(calls, c => c.Type == "typing");
    }

    [Fact]
    public async Task Unknown_user_gets_a_polite_refusal_and_nothing_else()
    {
        await using var host = await BotHost.StartAsync();
        var activity = host.Activity("playground-personal-message", aadObjectId: SampleData.StrangerAad);
        activity["text"] = "health Contoso";

        await host.PostAsync(activity);

        var refusal = await host.Stub.WaitForMessageAsync();
        Assert.Contains("couldn't find you", refusal.Text, StringComparison.Ordinal);
        await Task.Delay(300);
        Assert.Single(host.Stub.Calls);
        Assert.Empty(host.Copilot.AskRequests);
        Assert.Empty(host.Copilot.DraftRequests);
    }

    [Fact]
    public async Task Teams_user_is_never_identified_by_an_email_in_from_id()
    {
        await using var host = await BotHost.StartAsync();
        var activity = host.Activity("playground-personal-message");
        activity["from"] = new JsonObject { ["id"] = SampleData.AlexEmail, ["name"] = "Alex" };

        await host.PostAsync(activity);

        var refusal = await host.Stub.WaitForMessageAsync();
        Assert.Equal(CopilotBot.Bot.Conversation.CopilotTeamsBot.Refusal, refusal.Text);
    }

    [Fact]
    public async Task Web_chat_user_is_identified_by_email_and_cards_use_Action_Submit()
    {
        await using var host = await BotHost.StartAsync();
        var activity = host.Activity("playground-webchat-message");
        activity["from"] = new JsonObject { ["id"] = SampleData.AlexEmail, ["name"] = "Alex", ["role"] = "user" };
        activity["text"] = "health Contoso";

        await host.PostAsync(activity);

        var reply = await host.Stub.WaitForMessageAsync();
        var actions = reply.Card!["actions"]!.AsArray();
        Assert.Equal(3, actions.Count);
        Assert.All(actions, a => Assert.Equal("Action.Submit", (string?)a!["type"]));
        Assert.Equal(SampleData.AlexEmail, Assert.Single(host.Copilot.AskRequests).UserEmail);
    }

    [Fact]
    public async Task Web_chat_Action_Submit_drafts_for_the_account_in_the_card()
    {
        await using var host = await BotHost.StartAsync();
        var activity = host.Activity("playground-webchat-message");
        activity["from"] = new JsonObject { ["id"] = SampleData.AlexEmail, ["role"] = "user" };
        activity.Remove("text");
        activity["value"] = new JsonObject { ["action"] = "draft", ["kind"] = "discovery-questions", ["accountId"] = "A-100" };
        activity["channelData"] = new JsonObject { ["postBack"] = true };

        await host.PostAsync(activity);

        var reply = await host.Stub.WaitForMessageAsync();
        Assert.Contains("Discovery questions", reply.Card!.ToJsonString(), StringComparison.Ordinal);
        var draft = Assert.Single(host.Copilot.DraftRequests);
        Assert.Equal(CopilotBot.Copilot.Drafting.DraftKind.DiscoveryQuestions, draft.Kind);
        Assert.Equal(SampleData.AlexEmail, draft.UserEmail);
    }

    [Fact]
    public async Task Health_answer_is_a_health_card_with_Action_Execute_buttons_in_Teams()
    {
        await using var host = await BotHost.StartAsync();
        var activity = host.Activity("playground-personal-message");
        activity["text"] = "health Contoso";

        await host.PostAsync(activity);

        var card = (await host.Stub.WaitForMessageAsync()).Card!;
        var actions = card["actions"]!.AsArray();
        Assert.Equal(["Draft remediation plan", "Draft discovery questions", "Draft renewal talking points"], actions.Select(a => (string?)a!["title"]));
        Assert.All(actions, a =>
        {
            Assert.Equal("Action.Execute", (string?)a!["type"]);
            Assert.Equal("A-100", (string?)a["data"]!["accountId"]);
            Assert.Equal("Action.Submit", (string?)a["fallback"]!["type"]);
        });
    }

    [Fact]
    public async Task Forged_account_id_in_a_card_action_gets_the_not_found_answer()
    {
        await using var host = await BotHost.StartAsync();
        var invoke = MessagesEndpointTests.CardInvoke(host, "remediation-plan", "A-200"); // Bob's account
        invoke["value"]!["action"]!["data"]!["userEmail"] = SampleData.BobEmail; // the card cannot choose who asks

        using var response = await host.PostAsync(invoke);

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("application/vnd.microsoft.activity.message", (string?)body["type"]);
        Assert.Equal("I couldn't find an account 'A-200' among the accounts you can see.", (string?)body["value"]);
        Assert.DoesNotContain("Fabrikam", body.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(host.Copilot.DraftRequests);
    }

    [Fact]
    public async Task Forged_account_id_in_a_web_chat_submit_gets_the_same_not_found_answer()
    {
        await using var host = await BotHost.StartAsync();
        var activity = host.Activity("playground-webchat-message");
        activity["from"] = new JsonObject { ["id"] = SampleData.AlexEmail, ["role"] = "user" };
        activity.Remove("text");
        activity["value"] = new JsonObject { ["action"] = "draft", ["kind"] = "renewal-talking-points", ["accountId"] = "A-200" };

        await host.PostAsync(activity);

        var reply = await host.Stub.WaitForMessageAsync();
        Assert.Equal("I couldn't find an account 'A-200' among the accounts you can see.", reply.Text);
        Assert.Empty(host.Copilot.DraftRequests);
    }

    [Fact]
    public async Task Manager_may_act_on_the_accounts_of_their_reports()
    {
        await using var host = await BotHost.StartAsync();
        var activity = host.Activity("playground-webchat-message");
        activity["from"] = new JsonObject { ["id"] = "megan@example.com", ["role"] = "user" };
        activity.Remove("text");
        activity["value"] = new JsonObject { ["action"] = "draft", ["kind"] = "remediation-plan", ["accountId"] = "A-200" };

        await host.PostAsync(activity);

        var reply = await host.Stub.WaitForMessageAsync();
        // The draft's title and first lines travel as the message text, the card continues them.
        Assert.StartsWith("**Remediation plan · ", reply.Text, StringComparison.Ordinal);
        Assert.Contains("A-200", reply.Text + reply.Card!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("megan@example.com", Assert.Single(host.Copilot.DraftRequests).UserEmail);
    }

    [Fact]
    public async Task Last_account_discussed_is_passed_as_context_for_follow_ups()
    {
        await using var host = await BotHost.StartAsync();
        var conversation = "conv-followup";
        var first = host.Activity("playground-personal-message", conversationId: conversation);
        first["text"] = "health Contoso";
        await host.PostAsync(first);
        await host.Stub.WaitForMessageAsync();

        var second = host.Activity("playground-personal-message", conversationId: conversation);
        second["text"] = "and its renewal?";
        second["id"] = "second";
        await host.PostAsync(second);
        var reply = await host.Stub.WaitForMessageAsync(c => (string?)c.Body["replyToId"] == "second");

        Assert.Equal("A-100", host.Copilot.AskRequests.Last().Conversation?.AccountId);
        Assert.Contains("Renewal talking points", reply.Card!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Welcome_card_on_install_and_only_once_when_conversationUpdate_follows()
    {
        await using var host = await BotHost.StartAsync();
        const string Conversation = "conv-install";

        await host.PostAsync(host.Activity("playground-onload-installationUpdate", conversationId: Conversation));
        var welcome = await host.Stub.WaitForMessageAsync();
        await host.PostAsync(host.Activity("playground-onload-conversationUpdate", conversationId: Conversation));
        await Task.Delay(400);

        Assert.StartsWith("Hi Alex Wilber", (string?)welcome.Card!["body"]![0]!["text"], StringComparison.Ordinal);
        Assert.Single(host.Stub.Calls, c => c.Type == "message");
    }

    [Fact]
    public async Task Welcome_card_when_the_bot_is_among_membersAdded_but_not_for_other_members()
    {
        await using var host = await BotHost.StartAsync();

        await host.PostAsync(host.Activity("playground-template-userAdded"));
        await host.PostAsync(host.Activity("playground-onload-conversationUpdate"));

        var welcome = await host.Stub.WaitForMessageAsync();
        await Task.Delay(300);
        Assert.Equal("AdaptiveCard", (string?)welcome.Card!["type"]);
        Assert.Single(host.Stub.Calls, c => c.Type == "message");
    }

    [Theory]
    [InlineData("help")]
    [InlineData("Hello!")]
    public async Task Help_lists_what_the_role_can_do_with_suggested_actions(string text)
    {
        await using var host = await BotHost.StartAsync();
        var activity = host.Activity("playground-personal-message");
        activity["text"] = text;

        await host.PostAsync(activity);

        var help = await host.Stub.WaitForMessageAsync();
        // The copilot answers help (the bot has no help of its own): examples naming the user's own account, as buttons.
        Assert.Contains("health Contoso Ltd", help.Text, StringComparison.Ordinal);
        var suggestions = help.Body["suggestedActions"]!["actions"]!.AsArray();
        Assert.InRange(suggestions.Count, 1, 3);
        Assert.Contains(suggestions, s => (string?)s!["value"] == "health Contoso Ltd");
        Assert.Equal(text, Assert.Single(host.Copilot.AskRequests).Question);
    }

    [Fact]
    public async Task Data_text_in_markdown_answers_never_becomes_a_link()
    {
        await using var host = await BotHost.StartAsync();
        var activity = host.Activity("playground-personal-message");
        activity["text"] = "last note on Contoso";

        await host.PostAsync(activity);

        var reply = await host.Stub.WaitForMessageAsync();
        Assert.Contains("our portal", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("](", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uninstall_forgets_the_conversation_reference()
    {
        await using var host = await BotHost.StartAsync();
        const string Conversation = "conv-uninstall";
        var references = host.Factory.Services.GetService(typeof(Core.Storage.IConversationReferenceStore)) as Core.Storage.IConversationReferenceStore;
        var message = host.Activity("playground-personal-message", conversationId: Conversation);
        message["text"] = "help";
        await host.PostAsync(message);
        await host.Stub.WaitForMessageAsync();
        var stored = await references!.GetAsync("msteams", Conversation);

        await host.PostAsync(host.Activity("playground-template-uninstall", conversationId: Conversation));
        await WaitUntilAsync(async () => await references.GetAsync("msteams", Conversation) is null);

        Assert.NotNull(stored);
        Assert.Equal(SampleData.AlexEmail, stored.UserEmail);
        Assert.Equal(host.Stub.ServiceUrl, stored.ServiceUrl);
        Assert.Contains("\"bot\":", stored.ReferenceJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unchanged_conversation_reference_is_not_written_on_every_message_but_is_again_after_an_uninstall()
    {
        await using var host = await BotHost.StartAsync();
        const string Conversation = "conv-rewrite";
        var references = host.Factory.Services.GetRequiredService<Core.Storage.IConversationReferenceStore>();
        async Task<Core.Storage.StoredConversation?> AfterMessageAsync(string text)
        {
            var message = host.Activity("playground-personal-message", conversationId: Conversation);
            message["text"] = text;
            message["id"] = Guid.NewGuid().ToString("N");
            await host.PostAsync(message);
            await host.Stub.WaitForMessageAsync(c => (string?)c.Body["replyToId"] == (string?)message["id"]);
            return await references.GetAsync("msteams", Conversation);
        }

        var first = await AfterMessageAsync("help");
        await Task.Delay(20);
        var second = await AfterMessageAsync("what can you do");
        await host.PostAsync(host.Activity("playground-template-uninstall", conversationId: Conversation));
        await WaitUntilAsync(async () => await references.GetAsync("msteams", Conversation) is null);
        var third = await AfterMessageAsync("help");

        Assert.NotNull(first);
        Assert.Equal(first.UpdatedAt, second!.UpdatedAt);
        Assert.NotNull(third);
        Assert.True(third.UpdatedAt > first.UpdatedAt);
    }

    [Fact]
    public async Task Reactions_are_accepted_and_need_no_answer()
    {
        await using var host = await BotHost.StartAsync();
        var activity = host.Activity("playground-personal-message");
        activity["type"] = "messageReaction";
        activity.Remove("text");
        activity["reactionsAdded"] = new JsonArray(new JsonObject { ["type"] = "like" });
        activity["replyToId"] = "1795371928306";

        using var response = await host.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Task.Delay(300);
        Assert.Empty(host.Stub.Calls);
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("condition not met in 5 s");
    }
}
