using System.Net;
using System.Net.WebSockets;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CopilotBot.Core.Import;
using CopilotBot.Core.Storage;
using CopilotBot.Tests.Bot.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace CopilotBot.IntegrationTests.WebChat;

/// <summary>The local Direct Line channel over real HTTP, between a Direct Line client and a bot on its own port.</summary>
public sealed class DirectLineTests : IAsyncLifetime
{
    private const string Welcome = "Welcome to the fake bot.";
    private FakeBot _bot = null!;
    private WebChatHost _host = null!;
    private DirectLineClient _client = null!;

    public async Task InitializeAsync()
    {
        _bot = await FakeBot.StartAsync();
        _host = WebChatHost.Start(new Dictionary<string, string?>
        {
            ["DirectLine:BotEndpoint"] = _bot.Endpoint.ToString(),
            ["DirectLine:MaxConversations"] = "3",
            ["DirectLine:MaxActivitiesPerConversation"] = "20",
        }, services => services.AddSingleton<IPortfolioStore, FakePortfolioStore>());
        _client = new DirectLineClient(_host.Client);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _bot.DisposeAsync();
    }

    [Fact]
    public async Task Starting_a_conversation_with_a_generated_token_tells_the_bot_who_joined()
    {
        var session = await _client.GenerateAsync("ana@example.com", "Ana Ruiz");

        using var started = await _client.SendAsync(HttpMethod.Post, "v3/directline/conversations", session.Token, new JsonObject { ["user"] = new JsonObject { ["id"] = "someone-else" } });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        Assert.Equal(session.ConversationId, (string?)(await DirectLineClient.ReadAsync(started))["conversationId"]);

        var update = await _bot.WaitForAsync(a => (string?)a["type"] == "conversationUpdate");
        Assert.Equal(session.ConversationId, (string?)update["conversation"]!["id"]);
        Assert.Equal(_host.BaseAddress.ToString(), (string?)update["serviceUrl"]);
        var members = update["membersAdded"]!.AsArray().Select(m => (string?)m!["id"]).ToList();
        Assert.Equal(["ana@example.com", "copilotbot"], members);

        // Web Chat reconnecting with the same token must not welcome the user twice.
        using var again = await _client.SendAsync(HttpMethod.Post, "v3/directline/conversations", session.Token);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await Task.Delay(200);
        Assert.Single(_bot.Received, a => (string?)a["type"] == "conversationUpdate");
    }

    [Fact]
    public async Task A_posted_message_is_echoed_with_its_client_id_delivered_stamped_and_answered_through_the_connector()
    {
        var session = await _client.StartAsync("ana@example.com", "Ana Ruiz", Welcome);
        var (_, watermark) = await _client.PollAsync(session, null);

        var posted = await _client.PostMessageAsync(session, "hello bot", clientActivityId: "client-42", fromId: "forged@example.com");

        var received = await _bot.WaitForAsync(a => (string?)a["text"] == "hello bot");
        Assert.Equal(posted, (string?)received["id"]);
        Assert.Equal("ana@example.com", (string?)received["from"]!["id"]);
        Assert.Equal("copilotbot", (string?)received["recipient"]!["id"]);
        Assert.Equal("webchat", (string?)received["channelId"]);
        Assert.Equal(_host.BaseAddress.ToString(), (string?)received["serviceUrl"]);
        Assert.Equal(session.ConversationId, (string?)received["conversation"]!["id"]);
        Assert.NotNull(received["timestamp"]);

        var seen = await _client.PollUntilAsync(session, watermark, all => all.Any(a => (string?)a["text"] == "echo: hello bot"));
        var echo = Assert.Single(seen, a => (string?)a["id"] == posted);
        Assert.Equal("client-42", (string?)echo["channelData"]!["clientActivityID"]);
        var reply = Assert.Single(seen, a => (string?)a["text"] == "echo: hello bot");
        Assert.Equal(posted, (string?)reply["replyToId"]);
        Assert.Equal("copilotbot", (string?)reply["from"]!["id"]);
        Assert.Equal((string?)reply["id"], (string?)Assert.Single(_bot.ReplyResponses, r => (string?)r["id"] == (string?)reply["id"])["id"]);
        Assert.True(seen.IndexOf(echo) < seen.IndexOf(reply));
    }

    [Fact]
    public async Task Polling_with_the_returned_watermark_yields_only_newer_activities()
    {
        var session = await _client.StartAsync("ana@example.com", null, Welcome);
        await _client.PostMessageAsync(session, "one");
        var first = await _client.PollUntilAsync(session, null, all => all.Any(a => (string?)a["text"] == "echo: one"));
        var (_, watermark) = await _client.PollAsync(session, null);

        var (nothing, unchanged) = await _client.PollAsync(session, watermark);
        Assert.Empty(nothing);
        Assert.Equal(watermark, unchanged);

        await _client.PostMessageAsync(session, "two");
        var newer = await _client.PollUntilAsync(session, watermark, all => all.Any(a => (string?)a["text"] == "echo: two"));
        Assert.Equal(["two", "echo: two"], newer.Where(a => (string?)a["type"] == "message").Select(a => (string?)a["text"]));
        Assert.DoesNotContain(newer, a => first.Any(f => (string?)f["id"] == (string?)a["id"]));
    }

    [Fact]
    public async Task The_websocket_stream_pushes_the_echo_and_the_bots_reply()
    {
        var session = await _client.StartAsync("ana@example.com", null, Welcome);
        using var reconnect = await _client.SendAsync(HttpMethod.Post, "v3/directline/conversations", session.Token);
        var streamUrl = new Uri((string)(await DirectLineClient.ReadAsync(reconnect))["streamUrl"]!);
        Assert.Equal("ws", streamUrl.Scheme);

        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await socket.ConnectAsync(streamUrl, timeout.Token);
        var posted = await _client.PostMessageAsync(session, "over the socket");

        var seen = new List<JsonNode>();
        var buffer = new byte[64 * 1024];
        while (!seen.Any(a => (string?)a["text"] == "echo: over the socket"))
        {
            var frame = await socket.ReceiveAsync(buffer, timeout.Token);
            Assert.Equal(WebSocketMessageType.Text, frame.MessageType);
            Assert.True(frame.EndOfMessage);
            var group = JsonNode.Parse(buffer.AsSpan(0, frame.Count))!;
            Assert.False(string.IsNullOrEmpty((string?)group["watermark"]));
            seen.AddRange(group["activities"]!.AsArray().Select(a => a!));
        }

        // The stream starts from the beginning, then carries the echo before the reply.
        Assert.Equal([Welcome, "over the socket", "echo: over the socket"], seen.Select(a => (string?)a["text"]));
        Assert.Equal(posted, (string?)seen[1]["id"]);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);

        using var forbidden = new ClientWebSocket();
        var wrongToken = new UriBuilder(streamUrl) { Query = "t=nope" }.Uri;
        await Assert.ThrowsAnyAsync<WebSocketException>(() => forbidden.ConnectAsync(wrongToken, timeout.Token));
    }

    [Fact]
    public async Task An_updated_bot_activity_reaches_pollers_again_under_the_same_id()
    {
        var session = await _client.StartAsync("ana@example.com", null, Welcome);
        var sent = await _client.PostFromBotAsync(session.ConversationId, new JsonObject { ["type"] = "message", ["text"] = "draft v1" });
        var (_, watermark) = await _client.PollAsync(session, null);

        using var update = await _client.SendAsync(HttpMethod.Put, $"v3/conversations/{session.ConversationId}/activities/{Uri.EscapeDataString(sent)}", null,
            new JsonObject { ["type"] = "message", ["text"] = "draft v2" });
        update.EnsureSuccessStatusCode();

        var (after, _) = await _client.PollAsync(session, watermark);
        var updated = Assert.Single(after);
        Assert.Equal(sent, (string?)updated["id"]);
        Assert.Equal("draft v2", (string?)updated["text"]);
        var (all, _) = await _client.PollAsync(session, null);
        Assert.Single(all, a => (string?)a["id"] == sent);

        using var missing = await _client.SendAsync(HttpMethod.Put, $"v3/conversations/{session.ConversationId}/activities/nope", null, new JsonObject { ["type"] = "message" });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_connector_answers_404_for_an_unknown_conversation_and_400_without_a_type()
    {
        using var unknown = await _client.SendAsync(HttpMethod.Post, "v3/conversations/no-such/activities", null, new JsonObject { ["type"] = "message" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("ConversationNotFound", (string?)(await DirectLineClient.ReadAsync(unknown))["error"]!["code"]);

        var session = await _client.StartAsync("ana@example.com", null, Welcome);
        using var untyped = await _client.SendAsync(HttpMethod.Post, $"v3/conversations/{session.ConversationId}/activities", null, new JsonObject { ["text"] = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, untyped.StatusCode);
    }

    [Fact]
    public async Task A_token_only_opens_its_own_conversation()
    {
        var ana = await _client.StartAsync("ana@example.com", null, Welcome);
        var ben = await _client.StartAsync("ben@example.com", null, Welcome);

        using var crossed = await _client.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{ana.ConversationId}/activities", ben.Token);
        Assert.Equal(HttpStatusCode.Forbidden, crossed.StatusCode);
        using var anonymous = await _client.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{ana.ConversationId}/activities", null);
        Assert.Equal(HttpStatusCode.Forbidden, anonymous.StatusCode);
        var tampered = ana.Token[..^4] + (ana.Token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        using var forged = await _client.SendAsync(HttpMethod.Post, $"v3/directline/conversations/{ana.ConversationId}/activities", tampered,
            new JsonObject { ["type"] = "message", ["text"] = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);

        using var refreshed = await _client.SendAsync(HttpMethod.Post, "v3/directline/tokens/refresh", ana.Token);
        var newToken = (string)(await DirectLineClient.ReadAsync(refreshed))["token"]!;
        var (activities, _) = await _client.PollAsync(ana with { Token = newToken }, null);
        Assert.NotNull(activities);
    }

    [Fact]
    public async Task The_least_recently_used_conversation_is_dropped_beyond_the_bound()
    {
        var oldest = await _client.StartAsync("a@example.com", null, Welcome);
        await _client.StartAsync("b@example.com", null, Welcome);
        await _client.StartAsync("c@example.com", null, Welcome);
        await _client.StartAsync("d@example.com", null, Welcome);

        using var gone = await _client.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{oldest.ConversationId}/activities", oldest.Token);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task A_conversation_keeps_only_its_latest_activities()
    {
        var session = await _client.StartAsync("ana@example.com", null, Welcome);
        for (var i = 0; i < 25; i++)
        {
            await _client.PostFromBotAsync(session.ConversationId, new JsonObject { ["type"] = "message", ["text"] = $"m{i}" });
        }

        var (all, _) = await _client.PollAsync(session, null);
        Assert.Equal([.. Enumerable.Range(5, 20).Select(i => $"m{i}")], all.Select(a => (string?)a["text"]));
    }

    [Fact]
    public async Task The_user_list_comes_from_the_portfolio_store()
    {
        var users = await _host.Client.GetFromJsonAsync<JsonArray>("api/local/users");
        Assert.Equal(
            ["csm:alexw@example.com:Alex Wilber", "csm:bob@example.com:Bob Vance", "sales:mallory@example.com:Mallory Sales", "manager:megan@example.com:Megan Bowen"],
            users!.Select(u => $"{u!["role"]}:{u["email"]}:{u["name"]}"));
    }

    [Fact]
    public async Task The_web_chat_page_and_its_bundle_are_served_at_the_root()
    {
        var page = await _host.Client.GetStringAsync("");
        Assert.Contains("local test channel", page, StringComparison.Ordinal);
        Assert.Contains("lib/webchat.js", page, StringComparison.Ordinal);
        using var script = await _host.Client.GetAsync("app.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

}

/// <summary>Whether the channel comes up, decided by configuration.</summary>
public sealed class DirectLineModeTests
{
    [Fact]
    public async Task A_configured_bot_registration_turns_the_channel_and_the_page_off()
    {
        await using var host = WebChatHost.Start(new Dictionary<string, string?>
        {
            ["Bot:MicrosoftAppId"] = "00000000-0000-0000-0000-000000000001",
            ["Bot:MicrosoftAppPassword"] = "not-used-here",
        });

        using var generate = await host.Client.PostAsync("v3/directline/tokens/generate", null);
        Assert.Equal(HttpStatusCode.NotFound, generate.StatusCode);
        using var page = await host.Client.GetAsync("");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }

    [Fact]
    public async Task The_user_picker_lists_users_csv_once_the_sample_portfolio_is_imported()
    {
        await using var host = WebChatHost.Start(new Dictionary<string, string?>());
        Assert.Empty((await host.Client.GetFromJsonAsync<JsonArray>("api/local/users"))!);

        var sample = Path.GetFullPath(NodeModulesFactAttribute.Folder(Path.Combine("..", "..", "knowledge", "sample-portfolio")));
        var imported = await host.Services.GetRequiredService<PortfolioImporter>().ImportAsync(sample);
        Assert.True(imported.Succeeded);

        var users = (await host.Client.GetFromJsonAsync<JsonArray>("api/local/users"))!;
        var csv = (await File.ReadAllLinesAsync(Path.Combine(sample, "users.csv"))).Skip(1).Where(l => l.Length > 0).ToList();
        Assert.Equal(csv.Count, users.Count);
        Assert.Contains(users, u => (string?)u!["email"] == "alexw@example.com" && (string?)u["name"] == "Alex Wilber" && (string?)u["role"] == "csm");
    }

    [Fact]
    public async Task A_bot_that_cannot_be_reached_is_reported_in_the_transcript()
    {
        await using var host = WebChatHost.Start(new Dictionary<string, string?> { ["DirectLine:BotEndpoint"] = "http://127.0.0.1:9/api/messages" });
        var client = new DirectLineClient(host.Client);
        var session = await client.StartAsync("ana@example.com", null);

        var activities = await client.PollUntilAsync(session, null, all => all.Count > 0);
        var notice = Assert.Single(activities);
        Assert.Contains("could not deliver the conversationUpdate activity", (string?)notice["text"], StringComparison.Ordinal);
    }
}
