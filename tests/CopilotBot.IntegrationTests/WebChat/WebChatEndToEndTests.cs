using CopilotBot.Copilot.Drafting;
using CopilotBot.Core.Storage;
using CopilotBot.Tests.Bot.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CopilotBot.IntegrationTests.WebChat;

/// <summary>
/// The page against the real bot in real headless Chromium: Web Chat, the local Direct Line, the bot's
/// /api/messages, its replies through the connector endpoints of the same host, its Adaptive Cards and their
/// Action.Submit; first with the bot tests' hand-written copilot and store (exact answers to check), then with the
/// whole real app on the seeded sample portfolio.
/// </summary>
public sealed class WebChatEndToEndTests
{
    [WebChatFact]
    public async Task A_csm_asks_the_bot_for_an_accounts_health_and_drafts_from_its_card()
    {
        await using var host = WebChatHost.Start(
            new Dictionary<string, string?>(),
            services => services.AddSingleton<IPortfolioStore, FakePortfolioStore>());
        var copilot = (FakeCopilot)host.Services.GetRequiredService<ICopilot>();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await Chromium.OpenChatAsync(browser, host.BaseAddress, SampleData.AlexEmail);

        await Chromium.SayAsync(page, "health Contoso");

        var healthCard = page.Locator(".ac-adaptiveCard").Filter(new() { HasText = "Contoso Ltd" }).Last;
        await Assertions.Expect(healthCard).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.Equal(SampleData.AlexEmail, Assert.Single(copilot.AskRequests).UserEmail);
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("webchat-end-to-end.png") });

        await healthCard.Locator("button.ac-pushButton", new() { HasText = "Draft discovery questions" }).ClickAsync();
        // A draft leads with its first lines as the message text; its card (sources, other drafts) follows.
        var draftCard = page.Locator(".webchat__stacked-layout").Filter(new() { HasText = "Who owns the Sync rollout" }).Last;
        await Assertions.Expect(draftCard).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(draftCard).ToContainTextAsync("Discovery questions · Contoso Ltd (A-100)");
        var draft = Assert.Single(copilot.DraftRequests);
        Assert.Equal(DraftKind.DiscoveryQuestions, draft.Kind);
        Assert.Equal(SampleData.AlexEmail, draft.UserEmail);
        await draftCard.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("webchat-end-to-end-draft.png") });
        await Assertions.Expect(page.GetByText("could not deliver", new() { Exact = false })).ToHaveCountAsync(0);
    }

    [WebChatFact]
    public async Task With_the_real_copilot_and_the_seeded_sample_a_csm_gets_a_health_card_for_their_account()
    {
        await using var host = WebChatHost.Start(
            new Dictionary<string, string?> { ["Copilot:SeedSampleOnFirstRun"] = "true", ["Copilot:AsOf"] = "2026-11-20" },
            realCopilot: true);
        var store = host.Services.GetRequiredService<IPortfolioStore>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await store.HasPortfolioAsync())
        {
            Assert.True(DateTime.UtcNow < deadline, "the sample portfolio was not seeded on first run");
            await Task.Delay(250);
        }

        var account = (await store.GetAccountsAsync()).First(a => a.CsmEmail == SampleData.AlexEmail);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await Chromium.OpenChatAsync(browser, host.BaseAddress, SampleData.AlexEmail);

        await Chromium.SayAsync(page, $"health {account.Name}");

        var card = page.Locator(".ac-adaptiveCard").Filter(new() { HasText = account.Name }).Last;
        await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await card.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("webchat-real-copilot.png") });
    }
}
