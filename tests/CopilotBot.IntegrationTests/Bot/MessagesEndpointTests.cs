using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CopilotBot.Tests.Bot.Fakes;

namespace CopilotBot.IntegrationTests.Bot;

/// <summary>The HTTP contract of /api/messages, as the Bot Framework adapter answers it.</summary>
public sealed class MessagesEndpointTests
{
    [Fact]
    public async Task Ordinary_message_gets_200_with_an_empty_body_and_the_reply_goes_through_serviceUrl()
    {
        await using var host = await BotHost.StartAsync();
        var activity = host.Activity("playground-personal-message");
        activity["text"] = "health Contoso";

        using var response = await host.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
        var reply = await host.Stub.WaitForMessageAsync();
        Assert.Equal("AdaptiveCard", (string?)reply.Card?["type"]);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"text\":\"hi\",\"channelId\":\"msteams\",\"conversation\":{\"id\":\"c\"}}")]
    [InlineData("{\"type\":\"message\",\"conversation\":{\"id\":\"c\"}}")]
    [InlineData("{\"type\":\"message\",\"channelId\":\"msteams\"}")]
    [InlineData("{\"type\":\"invoke\",\"channelId\":\"msteams\",\"conversation\":{\"id\":\"c\"}}")]
    [InlineData("")]
    public async Task Body_that_is_not_an_activity_gets_400(string body)
    {
        await using var host = await BotHost.StartAsync();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await host.Factory.CreateClient().PostAsync("/api/messages", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(host.Copilot.AskRequests);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Other_methods_get_405(string method)
    {
        await using var host = await BotHost.StartAsync();

        using var response = await host.Factory.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), "/api/messages"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("POST", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task Oversized_body_gets_413_with_a_configurable_limit()
    {
        await using var host = await BotHost.StartAsync(new Dictionary<string, string?> { ["Bot:MaxRequestBodyBytes"] = "4096" });
        var small = host.Activity("playground-personal-message");
        small["text"] = "help";
        var large = host.Activity("playground-personal-message");
        large["text"] = new string('x', 5000);

        using var accepted = await host.PostAsync(small);
        using var refused = await host.PostAsync(large);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
    }

    [Theory]
    [InlineData("somethingNew")]
    [InlineData("typing")]
    [InlineData("endOfConversation")]
    [InlineData("event")]
    [InlineData("messageUpdate")]
    public async Task Unknown_and_uninteresting_types_get_200_and_nothing_is_sent(string type)
    {
        await using var host = await BotHost.StartAsync();
        var activity = host.Activity("playground-personal-message");
        activity["type"] = type;
        activity["name"] = "custom/event";

        using var response = await host.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Task.Delay(300);
        Assert.Empty(host.Stub.Calls);
        Assert.Empty(host.Copilot.AskRequests);
    }

    [Fact]
    public async Task Unhandled_invoke_gets_501()
    {
        await using var host = await BotHost.StartAsync();
        var activity = host.Activity("playground-invoke-adaptiveCard-action");
        activity["name"] = "composeExtension/query";

        using var response = await host.PostAsync(activity);

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
    }

    [Fact]
    public async Task Card_invoke_returns_the_refreshed_card_synchronously()
    {
        await using var host = await BotHost.StartAsync();
        var activity = CardInvoke(host, "remediation-plan", "A-100");

        using var response = await host.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(200, (int)body["statusCode"]!);
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)body["type"]);
        Assert.Equal("1.5", (string?)body["value"]!["version"]);
        Assert.Contains("Remediation plan", body["value"]!.ToJsonString(), StringComparison.Ordinal);
        var request = Assert.Single(host.Copilot.DraftRequests);
        Assert.Equal(SampleData.AlexEmail, request.UserEmail);
        Assert.Equal("A-100", request.Account);
    }

    [Fact]
    public async Task Card_invoke_that_is_not_Action_Execute_gets_400()
    {
        await using var host = await BotHost.StartAsync();
        var activity = host.Activity("playground-invoke-adaptiveCard-action");
        activity["value"]!["action"]!["type"] = "Action.Submit";

        using var response = await host.PostAsync(activity);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("application/vnd.microsoft.error", (string?)body["type"]);
    }

    [Fact]
    public async Task ExpectReplies_returns_the_buffered_replies_and_posts_nothing()
    {
        await using var host = await BotHost.StartAsync();
        var activity = host.Activity("playground-personal-message");
        activity["text"] = "renewal talking points for Contoso";
        activity["deliveryMode"] = "expectReplies";

        using var response = await host.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var replies = body["activities"]!.AsArray();
        var reply = Assert.Single(replies);
        Assert.Equal("message", (string?)reply!["type"]);
        Assert.Equal((string?)activity["id"], (string?)reply["replyToId"]);
        Assert.Contains("Renewal talking points", reply.ToJsonString(), StringComparison.Ordinal);
        await Task.Delay(300);
        Assert.Empty(host.Stub.Calls);
    }

    [Fact]
    public async Task Turn_errors_become_an_apology_for_messages_and_500_for_invokes()
    {
        await using var host = await BotHost.StartAsync();
        host.Copilot.Failure = new InvalidOperationException("copilot is down");
        var message = host.Activity("playground-personal-message");
        message["text"] = "health Contoso";

        using var messageResponse = await host.PostAsync(message);
        using var invokeResponse = await host.PostAsync(CardInvoke(host, "remediation-plan", "A-100"));

        Assert.Equal(HttpStatusCode.OK, messageResponse.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, invokeResponse.StatusCode);
        var apology = await host.Stub.WaitForMessageAsync();
        Assert.StartsWith("Sorry, something went wrong", apology.Text, StringComparison.Ordinal);
    }

    internal static JsonObject CardInvoke(BotHost host, string kind, string accountId, string? conversationId = null)
    {
        var activity = host.Activity("playground-invoke-adaptiveCard-action", conversationId: conversationId);
        activity["value"]!["action"]!["verb"] = "draft";
        activity["value"]!["action"]!["data"] = new JsonObject { ["action"] = "draft", ["kind"] = kind, ["accountId"] = accountId };
        return activity;
    }
}
