using System.Text.Json.Nodes;
using CopilotBot.Bot.Alerts;
using CopilotBot.IntegrationTests.Bot;
using CopilotBot.IntegrationTests.Playground;
using Microsoft.Extensions.DependencyInjection;

namespace CopilotBot.IntegrationTests.Alerts;

/// <summary>The real Agents Playground as the channel: Alex receives the Trey Research alert card and marks it handled.</summary>
public sealed class AlertPlaygroundTests
{
    private const string Conversation = "pg-alerts";

    [PlaygroundFact]
    public async Task Alex_receives_an_alert_card_in_the_Playground_and_marks_it_handled()
    {
        await using var stub = await ChannelStub.StartAsync();
        await using var factory = new BotAppFactory(stub, realPortfolio: true);
        factory.UseKestrel(0);
        factory.StartServer();
        await AlertDeliveryTests.ImportBothAsync(factory);
        var botEndpoint = new Uri(factory.ClientOptions.BaseAddress, "/api/messages").ToString().Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
        await using var playground = await PlaygroundProcess.StartAsync(botEndpoint, Conversation);

        // Alex talks once (the bot keeps the Playground's conversation reference), then the delivery round runs.
        await playground.SendMessageAsync(Conversation, "help");
        await playground.WaitForBotMessageAsync(_ => true);
        Assert.True(await factory.Services.GetRequiredService<AlertDispatcher>().DeliverPendingAsync(CancellationToken.None) > 0);

        var alert = await playground.WaitForBotMessageAsync(m => CardJson(m).Contains("Trey Research: champion_left", StringComparison.Ordinal));
        var card = JsonNode.Parse(CardJson(alert))!;
        var handle = card["actions"]!.AsArray().Single(a => (string?)a!["title"] == "Mark handled")!;
        var answer = await playground.InvokeAsync(Conversation, (string)alert["messageId"]!, new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = (string?)handle["verb"], ["data"] = handle["data"]!.DeepClone() },
            ["trigger"] = "manual",
        });
        Assert.Contains("Handled by alexw@example.com", answer.ToJsonString(), StringComparison.Ordinal);
    }

    private static string CardJson(JsonObject message) =>
        message["attachments"]?.AsArray().Select(a => a?["content"]).OfType<JsonNode>().FirstOrDefault()?.ToJsonString() ?? "{}";
}
