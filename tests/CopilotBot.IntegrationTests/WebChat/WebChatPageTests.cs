using System.Text.Json.Nodes;
using CopilotBot.Core.Storage;
using CopilotBot.Tests.Bot.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CopilotBot.IntegrationTests.WebChat;

/// <summary>
/// The local test page in real headless Chromium, against the channel and a stand-in bot on its own port: user
/// picker, typing, replies, an Adaptive Card and its Action.Submit. The same page against the real bot is in
/// <see cref="WebChatEndToEndTests"/>.
/// </summary>
public sealed class WebChatPageTests
{
    [WebChatFact]
    public async Task A_picked_user_chats_with_the_bot_and_submits_an_adaptive_card()
    {
        await using var bot = await FakeBot.StartAsync();
        await using var host = WebChatHost.Start(
            new Dictionary<string, string?> { ["DirectLine:BotEndpoint"] = bot.Endpoint.ToString() },
            services => services.AddSingleton<IPortfolioStore, FakePortfolioStore>());
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1100, Height = 900 } });

        await page.GotoAsync(host.BaseAddress.ToString());
        var picker = page.Locator("#user-picker");
        await Assertions.Expect(picker.Locator("option")).ToHaveCountAsync(4);
        await picker.SelectOptionAsync("megan@example.com");
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-conversation-user", "megan@example.com");
        await Assertions.Expect(Chromium.Said(page, "Welcome to the fake bot.")).ToBeVisibleAsync(new() { Timeout = 15_000 });

        await Chromium.SayAsync(page, "hello from the page");
        await Assertions.Expect(Chromium.Said(page, "echo: hello from the page")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        var message = await bot.WaitForAsync(a => (string?)a["text"] == "hello from the page");
        Assert.Equal("megan@example.com", (string?)message["from"]!["id"]);
        Assert.Equal("Megan Bowen", (string?)message["from"]!["name"]);
        Assert.Equal("webchat", (string?)message["channelId"]);

        await Chromium.SayAsync(page, "card");
        await Assertions.Expect(Chromium.Said(page, "Fake health card")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Add a note" }).FillAsync("call the sponsor");
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("webchat-page-card.png") });
        await page.Locator("button.ac-pushButton", new() { HasText = "Draft a plan" }).ClickAsync();

        var submitted = await bot.WaitForAsync(a => a["value"] is JsonObject);
        Assert.Equal("draft", (string?)submitted["value"]!["action"]);
        Assert.Equal("call the sponsor", (string?)submitted["value"]!["note"]);
        Assert.Equal("megan@example.com", (string?)submitted["from"]!["id"]);
        await Assertions.Expect(Chromium.Said(page, "submitted {")).ToBeVisibleAsync(new() { Timeout = 15_000 });

        // The choice survives a reload.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#user-picker")).ToHaveValueAsync("megan@example.com");
    }
}
