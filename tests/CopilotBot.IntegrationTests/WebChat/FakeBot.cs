using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace CopilotBot.IntegrationTests.WebChat;

/// <summary>
/// A stand-in bot on its own loopback port for the channel's protocol tests: it records what the channel
/// delivers and answers the way a Bot Framework bot does, through the activity's serviceUrl.
/// </summary>
internal sealed class FakeBot : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _connector = new();

    private FakeBot(WebApplication app) => _app = app;

    public ConcurrentQueue<JsonObject> Received { get; } = new();

    /// <summary>The connector API's answers to the bot's replies, in order.</summary>
    public ConcurrentQueue<JsonObject> ReplyResponses { get; } = new();

    public Uri Endpoint { get; private set; } = null!;

    public static async Task<FakeBot> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var bot = new FakeBot(app);
        app.MapPost("/api/messages", bot.OnActivityAsync);
        await app.StartAsync();
        bot.Endpoint = new Uri(app.Urls.First() + "/api/messages");
        return bot;
    }

    public async Task<JsonObject> WaitForAsync(Func<JsonObject, bool> predicate, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            if (Received.FirstOrDefault(predicate) is { } found)
            {
                return found;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException("The bot did not receive the expected activity.");
    }

    private async Task<IResult> OnActivityAsync(HttpRequest request)
    {
        var activity = (JsonObject)(await JsonNode.ParseAsync(request.Body))!;
        Received.Enqueue(activity);
        var text = (string?)activity["text"];
        JsonObject? reply = (string?)activity["type"] switch
        {
            "conversationUpdate" => Reply(activity, "Welcome to the fake bot."),
            "message" when text == "card" => CardReply(activity),
            "message" when activity["value"] is JsonObject value => Reply(activity, $"submitted {value.ToJsonString()}"),
            "message" => Reply(activity, $"echo: {text}"),
            _ => null,
        };
        if (reply is not null)
        {
            var url = new Uri(new Uri((string)activity["serviceUrl"]!),
                $"v3/conversations/{Uri.EscapeDataString((string)activity["conversation"]!["id"]!)}/activities/{Uri.EscapeDataString((string)activity["id"]!)}");
            using var response = await _connector.PostAsJsonAsync(url, reply);
            response.EnsureSuccessStatusCode();
            ReplyResponses.Enqueue((await response.Content.ReadFromJsonAsync<JsonObject>())!);
        }

        return Results.Ok();
    }

    private static JsonObject Reply(JsonObject incoming, string text) => new()
    {
        ["type"] = "message",
        ["text"] = text,
        ["from"] = incoming["recipient"]!.DeepClone(),
        ["recipient"] = incoming["from"]!.DeepClone(),
        ["conversation"] = incoming["conversation"]!.DeepClone(),
        ["replyToId"] = incoming["id"]!.DeepClone(),
    };

    private static JsonObject CardReply(JsonObject incoming)
    {
        var reply = Reply(incoming, "Here is a card.");
        reply["attachments"] = JsonNode.Parse("""
            [ { "contentType": "application/vnd.microsoft.card.adaptive",
                "content": { "type": "AdaptiveCard", "version": "1.5",
                  "body": [ { "type": "TextBlock", "text": "Fake health card", "weight": "Bolder" },
                            { "type": "Input.Text", "id": "note", "placeholder": "Add a note" } ],
                  "actions": [ { "type": "Action.Submit", "title": "Draft a plan", "data": { "action": "draft" } } ] } } ]
            """);
        return reply;
    }

    public async ValueTask DisposeAsync()
    {
        _connector.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
