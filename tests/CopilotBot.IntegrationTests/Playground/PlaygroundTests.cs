using System.Text.Json.Nodes;
using CopilotBot.Core.Feedback;
using CopilotBot.Core.Storage;
using CopilotBot.IntegrationTests.Bot;
using Microsoft.Extensions.DependencyInjection;

namespace CopilotBot.IntegrationTests.Playground;

/// <summary>
/// The bot on a real Kestrel port, talked to by the real Agents Playground client: a personal message, a channel
/// message with an @mention, and an Action.Execute click answered with the refreshed card.
/// </summary>
public sealed class PlaygroundTests
{
    private const string PersonalConversation = "pg-personal";

    [PlaygroundFact]
    public async Task Playground_chats_with_the_bot_in_personal_and_channel_conversations_and_executes_a_card_action()
    {
        await using var stub = await ChannelStub.StartAsync();
        await using var factory = new BotAppFactory(stub);
        factory.UseKestrel(0);
        factory.StartServer();
        var botEndpoint = new Uri(factory.ClientOptions.BaseAddress, "/api/messages").ToString().Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
        await using var playground = await PlaygroundProcess.StartAsync(botEndpoint, PersonalConversation);

        // 1. Personal chat: a health question comes back as a health card.
        await playground.SendMessageAsync(PersonalConversation, "health Contoso");
        var healthCard = await playground.WaitForBotMessageAsync(m => CardText(m).Contains("Contoso Ltd", StringComparison.Ordinal));
        Assert.Contains("Draft remediation plan", CardText(healthCard), StringComparison.Ordinal);
        var asked = factory.Copilot.AskRequests.Single();
        Assert.Equal("alexw@example.com", asked.UserEmail);

        // 2. Channel: the @mention is stripped before the copilot sees the question.
        var config = await playground.GetConfigAsync();
        var channelId = (string)config["teams"]![0]!["channels"]![0]!["id"]!;
        // Account data is answered only in a personal chat (issue 20, item 9): everyone in a channel reads the answer.
        await playground.SendMessageAsync(channelId, "<at>Test Bot</at> my portfolio", mentionBot: true);
        var withheld = await playground.WaitForBotMessageAsync(m => ((string?)m["text"])?.Contains("personal chat", StringComparison.Ordinal) == true);
        Assert.DoesNotContain("Portfolio", CardText(withheld), StringComparison.Ordinal);
        Assert.Equal("my portfolio", factory.Copilot.AskRequests.Last().Question);
        var references = factory.Services.GetRequiredService<IConversationReferenceStore>();
        var conversations = await references.GetByUserAsync("alexw@example.com");
        Assert.DoesNotContain(conversations, c => c.ConversationId.StartsWith(channelId, StringComparison.Ordinal));

        // 3. Action.Execute on the health card: the invoke answer is the refreshed card.
        var button = JsonNode.Parse(CardJson(healthCard))!["actions"]![0]!;
        var answer = await playground.InvokeAsync(PersonalConversation, (string)healthCard["messageId"]!, new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = (string?)button["verb"], ["data"] = button["data"]!.DeepClone() },
            ["trigger"] = "manual",
        });
        var refreshed = FindCard(answer);
        Assert.NotNull(refreshed);
        Assert.Contains("Remediation plan · Contoso Ltd (A-100)", Texts(refreshed));
        Assert.Equal("A-100", factory.Copilot.DraftRequests.Single().Account);
    }

    [PlaygroundFact]
    public async Task Playground_against_the_real_app_health_card_its_plan_button_and_a_channel_portfolio()
    {
        await using var stub = await ChannelStub.StartAsync();
        await using var factory = new BotAppFactory(stub, realCopilot: true);
        factory.UseKestrel(0);
        factory.StartServer();
        var botEndpoint = new Uri(factory.ClientOptions.BaseAddress, "/api/messages").ToString().Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
        await using var playground = await PlaygroundProcess.StartAsync(botEndpoint, PersonalConversation);

        // Alex Wilber is the Playground's default user and a CSM of the sample: his red account's health card.
        await playground.SendMessageAsync(PersonalConversation, "health of Contoso Pharmaceuticals");
        var healthCard = await playground.WaitForBotMessageAsync(m => CardText(m).Contains("Contoso Pharmaceuticals", StringComparison.Ordinal));
        Assert.Contains("Draft remediation plan", CardText(healthCard), StringComparison.Ordinal);
        Assert.Contains("Priya Raman", CardText(healthCard), StringComparison.Ordinal);

        // Its first button drafts the remediation plan, cited, in the refreshed card.
        var button = JsonNode.Parse(CardJson(healthCard))!["actions"]![0]!;
        var answer = await playground.InvokeAsync(PersonalConversation, (string)healthCard["messageId"]!, new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = (string?)button["verb"], ["data"] = button["data"]!.DeepClone() },
            ["trigger"] = "manual",
        });
        var plan = string.Join("\n", Texts(FindCard(answer) ?? throw new Xunit.Sdk.XunitException("no card in the invoke answer")));
        Assert.Contains("Remediation plan", plan, StringComparison.Ordinal);
        Assert.Contains("Priya Raman", plan, StringComparison.Ordinal);
        Assert.Contains("playbooks/", plan, StringComparison.Ordinal);

        // In a channel, "@bot portfolio" is answered with where to ask instead of Alex's portfolio card.
        var config = await playground.GetConfigAsync();
        var channelId = (string)config["teams"]![0]!["channels"]![0]!["id"]!;
        await playground.SendMessageAsync(channelId, "<at>Test Bot</at> portfolio", mentionBot: true);
        var withheld = await playground.WaitForBotMessageAsync(m => ((string?)m["text"])?.Contains("personal chat", StringComparison.Ordinal) == true);
        Assert.DoesNotContain("Contoso Pharmaceuticals", CardText(withheld) + (string?)withheld["text"], StringComparison.Ordinal);
    }

    [PlaygroundFact]
    public async Task Playground_shows_a_drafted_answer_labelled_AI_generated_with_a_citation_and_stores_the_feedback_given_on_it()
    {
        await using var stub = await ChannelStub.StartAsync();
        await using var factory = new BotAppFactory(stub, realCopilot: true);
        factory.UseKestrel(0);
        factory.StartServer();
        var botEndpoint = new Uri(factory.ClientOptions.BaseAddress, "/api/messages").ToString().Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
        await using var playground = await PlaygroundProcess.StartAsync(botEndpoint, PersonalConversation);

        await playground.SendMessageAsync(PersonalConversation, "remediation plan for Contoso Pharmaceuticals");
        var plan = await playground.WaitForBotMessageAsync(
            m => ((string?)m["text"])?.Contains("Remediation plan · Contoso Pharmaceuticals", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(90));

        // The text cites with [n]; the entity labels the message AI generated and names each cited source.
        var text = (string)plan["text"]!;
        // The Playground shows the schema.org Message entity as the message's aiEntity, and the feedback buttons from channelData.
        var entity = plan["aiEntity"] as JsonObject ?? throw new Xunit.Sdk.XunitException(plan.ToJsonString());
        Assert.True((bool?)plan["feedbackLoopEnabled"]);
        Assert.DoesNotContain("[[", text, StringComparison.Ordinal);
        // The Playground shows the text and the card of one activity as two messages: the card follows, folded.
        var card = await playground.WaitForBotMessageAsync(m => CardText(m).Contains("Sources (", StringComparison.Ordinal));
        Assert.DoesNotContain("Contoso Pharmaceuticals is red at", CardText(card), StringComparison.Ordinal);
        Assert.Equal("AIGeneratedContent", (string?)entity["additionalType"]![0]);
        var citation = entity["citation"]!.AsArray().OfType<JsonObject>().First();
        var position = (int)citation["position"]!;
        Assert.Contains($"[{position}]", text, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace((string?)citation["appearance"]!["name"]));
        Assert.False(string.IsNullOrWhiteSpace((string?)citation["appearance"]!["abstract"]));

        // Thumbs down with a comment: Teams' message/submitAction invoke on the message, stored with the answer's kind.
        await playground.InvokeAsync(PersonalConversation, (string)plan["messageId"]!, new JsonObject
        {
            ["actionName"] = "feedback",
            ["actionValue"] = new JsonObject { ["reaction"] = "dislike", ["feedback"] = "{\"feedbackText\":\"names the wrong champion\"}" },
        }, name: "message/submitAction");
        var feedback = await factory.Services.GetRequiredService<IAnswerFeedbackStore>().ListFeedbackAsync(10);
        var given = Assert.Single(feedback);
        Assert.Equal(("dislike", "remediation-plan", "names the wrong champion", "alexw@example.com"), (given.Reaction, given.Kind, given.Comment, given.UserEmail));
        Assert.NotNull(given.AnswerId);
    }

    private static string CardJson(JsonObject message) =>
        message["attachments"]?.AsArray().Select(a => a?["content"]).OfType<JsonNode>().FirstOrDefault()?.ToJsonString() ?? "{}";

    /// <summary>Every text and title in the message's card, unescaped.</summary>
    private static string CardText(JsonObject message) => string.Join("\n", Texts(JsonNode.Parse(CardJson(message))));

    private static IEnumerable<string> Texts(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key is "text" or "title" && p.Value is JsonValue v && v.TryGetValue<string>(out var t) ? [t] : Texts(p.Value)),
        JsonArray a => a.SelectMany(Texts),
        _ => [],
    };

    /// <summary>The Playground relays the bot's invoke body; find the AdaptiveCard wherever it nests it.</summary>
    private static JsonObject? FindCard(JsonNode? node) => node switch
    {
        JsonObject o when (string?)o["type"] == "AdaptiveCard" => o,
        JsonObject o => o.Select(p => FindCard(p.Value)).FirstOrDefault(c => c is not null),
        JsonArray a => a.Select(FindCard).FirstOrDefault(c => c is not null),
        _ => null,
    };
}
