using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace CopilotBot.IntegrationTests.WebChat;

/// <summary>What directlinejs does against the local channel, as plain HTTP calls, plus the bot's connector calls.</summary>
internal sealed class DirectLineClient(HttpClient http)
{
    public async Task<Session> GenerateAsync(string userId, string? name)
    {
        using var response = await SendAsync(HttpMethod.Post, "v3/directline/tokens/generate", null,
            new JsonObject { ["user"] = new JsonObject { ["id"] = userId, ["name"] = name } });
        response.EnsureSuccessStatusCode();
        var body = await ReadAsync(response);
        Assert.True((int)body["expires_in"]! > 0);
        return new Session((string)body["conversationId"]!, (string)body["token"]!);
    }

    /// <summary>Generates a token and starts its conversation; with <paramref name="firstBotText"/>, waits for that reply.</summary>
    public async Task<Session> StartAsync(string userId, string? name, string? firstBotText = null)
    {
        var session = await GenerateAsync(userId, name);
        using var started = await SendAsync(HttpMethod.Post, "v3/directline/conversations", session.Token, new JsonObject());
        started.EnsureSuccessStatusCode();
        if (firstBotText is not null)
        {
            var first = await PollUntilAsync(session, null, all => all.Any(a => (string?)a["text"] == firstBotText));
            Assert.Single(first, a => (string?)a["text"] == firstBotText);
        }

        return session;
    }

    public async Task<string> PostMessageAsync(Session session, string text, string? clientActivityId = null, string fromId = "ignored")
    {
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["text"] = text,
            ["channelId"] = "webchat",
            ["from"] = new JsonObject { ["id"] = fromId, ["role"] = "user" },
            ["channelData"] = new JsonObject { ["clientActivityID"] = clientActivityId ?? Guid.NewGuid().ToString("N") },
        };
        using var response = await SendAsync(HttpMethod.Post, $"v3/directline/conversations/{session.ConversationId}/activities", session.Token, activity);
        response.EnsureSuccessStatusCode();
        return (string)(await ReadAsync(response))["id"]!;
    }

    /// <summary>What the bot does to send into a conversation (no reply-to).</summary>
    public async Task<string> PostFromBotAsync(string conversationId, JsonObject activity)
    {
        using var response = await SendAsync(HttpMethod.Post, $"v3/conversations/{conversationId}/activities", null, activity);
        response.EnsureSuccessStatusCode();
        return (string)(await ReadAsync(response))["id"]!;
    }

    public async Task<(List<JsonObject> Activities, string Watermark)> PollAsync(Session session, string? watermark)
    {
        using var response = await SendAsync(HttpMethod.Get,
            $"v3/directline/conversations/{session.ConversationId}/activities?watermark={watermark}", session.Token);
        response.EnsureSuccessStatusCode();
        var body = await ReadAsync(response);
        return (body["activities"]!.AsArray().Select(a => (JsonObject)a!).ToList(), (string)body["watermark"]!);
    }

    /// <summary>Polls until <paramref name="done"/> holds or 10 s pass, and returns the last poll.</summary>
    public async Task<List<JsonObject>> PollUntilAsync(Session session, string? watermark, Func<List<JsonObject>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var (activities, _) = await PollAsync(session, watermark);
            if (done(activities) || DateTime.UtcNow > deadline)
            {
                return activities;
            }

            await Task.Delay(50);
        }
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, JsonObject? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await http.SendAsync(request);
    }

    public static async Task<JsonObject> ReadAsync(HttpResponseMessage response) =>
        (JsonObject)(await JsonNode.ParseAsync(await response.Content.ReadAsStreamAsync()))!;

    public sealed record Session(string ConversationId, string Token);
}
