using System.Globalization;
using CopilotBot.Core.Feedback;
using CopilotBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CopilotBot.IntegrationTests.WebChat;

/// <summary>
/// Each answer's card as a person sees it: the real app on the seeded sample portfolio, Web Chat in Chromium at 1280
/// px wide, one user of each role. Each step takes a screenshot (screenshots/cards-*.png next to the test assembly),
/// checks what the card says first, and records the answer's height in px (screenshots/card-heights.txt).
/// </summary>
public sealed class WebChatCardsTests(ITestOutputHelper output)
{
    private const int Width = 1280;

    // Tall enough that an answer is seen whole, under the page's own header.
    private const int Height = 2400;
    private const string Csm = "alexw@example.com";
    private const string Sales = "meganb@example.com";
    private const string Manager = "adelev@example.com";
    private const string Admin = "pattif@example.com";

    [WebChatFact]
    public async Task Each_role_gets_the_card_of_its_answer_with_the_answer_first_labelled_cited_and_open_to_feedback()
    {
        await using var host = WebChatHost.Start(
            new Dictionary<string, string?> { ["Copilot:SeedSampleOnFirstRun"] = "true", ["Copilot:AsOf"] = "2026-11-20" },
            realCopilot: true);
        var store = host.Services.GetRequiredService<IPortfolioStore>();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await store.HasPortfolioAsync())
        {
            Assert.True(DateTime.UtcNow < deadline, "the sample portfolio was not seeded on first run");
            await Task.Delay(250);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var heights = new List<string>();

        // A manager: the ARR at risk first, where to step in with buttons, a line per CSM.
        var manager = await Chromium.OpenChatAsync(browser, host.BaseAddress, Manager, Width, Height);
        await Chromium.SayAsync(manager, "how much ARR is at risk?");
        var summary = await AnswerAsync(manager, "ARR at risk (red)");
        await Assertions.Expect(summary).ToContainTextAsync("Your team");
        await Assertions.Expect(summary).ToContainTextAsync("Where to step in");
        await Assertions.Expect(summary).ToContainTextAsync("By CSM, most ARR at risk first");
        await Assertions.Expect(summary).ToContainTextAsync("Alex Wilber:");
        await Assertions.Expect(summary.GetByText("Plan ›").First).ToBeVisibleAsync();
        heights.Add(await ShootAsync(manager, summary, "summary", "manager"));

        // A CSM: a list shows the filter as read, the count and total, each band's reason and days to renewal.
        var csm = await Chromium.OpenChatAsync(browser, host.BaseAddress, Csm, Width, Height);
        await Chromium.SayAsync(csm, "which of my accounts are red?");
        var list = await AnswerAsync(csm, "Account · why its band");
        await Assertions.Expect(list).ToContainTextAsync("ARR at risk (red)");
        await Assertions.Expect(list).ToContainTextAsync("overrides the score");
        await Assertions.Expect(list.GetByText(new System.Text.RegularExpressions.Regex(@"^in \d+ d$")).First).ToBeVisibleAsync();
        heights.Add(await ShootAsync(csm, list, "portfolio-red", "csm"));

        // Its health: the band's reason in the header, the trend as dated scores once opened.
        await Chromium.SayAsync(csm, "health of Contoso Pharmaceuticals");
        var health = await AnswerAsync(csm, "Red because");
        await Assertions.Expect(health).ToContainTextAsync("a critical flag makes an account red whatever its score");
        await health.GetByText("▸ Trend, last").ClickAsync();
        await Assertions.Expect(health.Locator(".ac-factset").First).ToContainTextAsync("2026-11-");
        heights.Add(await ShootAsync(csm, health, "health", "csm"));

        // A plan from the health card: its first lines as text with citations, the AI label, feedback stored.
        await health.Locator("button.ac-pushButton", new() { HasText = "Draft remediation plan" }).ClickAsync();
        var plan = await AnswerAsync(csm, "Remediation plan · Contoso Pharmaceuticals");
        await Assertions.Expect(plan.Locator(".webchat__activity-status__originator")).ToHaveTextAsync("AI generated");
        await Assertions.Expect(plan).ToContainTextAsync("▸ Sources (");
        heights.Add(await ShootAsync(csm, plan, "plan", "csm"));
        var reference = plan.Locator(".webchat__link-definitions__list-item-box--as-button").First;
        var source = (await reference.Locator(".webchat__link-definitions__list-item-text").InnerTextAsync()).Trim();
        await reference.ClickAsync();
        var dialog = csm.Locator(".webchat__citation-modal-dialog");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await Assertions.Expect(dialog).ToContainTextAsync(source);
        Assert.True((await dialog.Locator(".webchat__citation-modal-dialog__body").InnerTextAsync()).Trim().Length > 10, "the citation shows its excerpt");
        await csm.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("cards-csm-citation.png") });
        await csm.Keyboard.PressAsync("Escape");
        await plan.Locator(".webchat__thumb-button").First.ClickAsync();
        var feedback = host.Services.GetRequiredService<IAnswerFeedbackStore>();
        var given = await EventuallyAsync(async () => (await feedback.ListFeedbackAsync(10)).FirstOrDefault());
        Assert.Equal(("like", "remediation-plan", Csm), (given.Reaction, given.Kind, given.UserEmail));
        Assert.NotNull(given.AnswerId);

        // An admin: a filtered list of every account they may see.
        var admin = await Chromium.OpenChatAsync(browser, host.BaseAddress, Admin, Width, Height);
        await Chromium.SayAsync(admin, "which accounts are red?");
        var red = await AnswerAsync(admin, "ARR at risk (red)");
        heights.Add(await ShootAsync(admin, red, "red-accounts", "admin"));

        // Sales: a pre-call brief names the account in its title and leads with its first lines.
        var sales = await Chromium.OpenChatAsync(browser, host.BaseAddress, Sales, Width, Height);
        await Chromium.SayAsync(sales, "pre-call brief for Northwind Traders");
        var brief = await AnswerAsync(sales, "Pre-call brief · Northwind Traders");
        await Assertions.Expect(brief.Locator(".webchat__activity-status__originator")).ToHaveTextAsync("AI generated");
        heights.Add(await ShootAsync(sales, brief, "brief", "sales"));

        // A CSM's whole book: the first rows shown and the rest behind "Show all".
        await Chromium.SayAsync(csm, "list my accounts");
        var portfolio = await AnswerAsync(csm, "of your accounts");
        await Assertions.Expect(portfolio).ToContainTextAsync("Account · why its band");
        heights.Add(await ShootAsync(csm, portfolio, "portfolio", "csm"));
        var showAll = portfolio.Locator("button", new() { HasText = "Show" }).Last;
        if (await showAll.CountAsync() > 0)
        {
            var before = (await portfolio.BoundingBoxAsync())!.Height;
            await showAll.ClickAsync();
            await Assertions.Expect(portfolio.Locator("#more-rows")).ToBeVisibleAsync();
            Assert.True((await portfolio.BoundingBoxAsync())!.Height > before, "Show all opens the other rows");
        }

        await File.WriteAllLinesAsync(Chromium.ScreenshotPath("card-heights.txt"), heights);
        foreach (var line in heights)
        {
            output.WriteLine(line);
        }

        await Assertions.Expect(csm.GetByText("could not deliver", new() { Exact = false })).ToHaveCountAsync(0);
    }

    /// <summary>The last bot message (text and card together) holding <paramref name="text"/>.</summary>
    private static async Task<ILocator> AnswerAsync(IPage page, string text)
    {
        var answer = page.Locator(".webchat__stacked-layout").Filter(new() { HasText = text }).Last;
        await Assertions.Expect(answer).ToBeVisibleAsync(new() { Timeout = 90_000 });
        return answer;
    }

    private static async Task<string> ShootAsync(IPage page, ILocator answer, string kind, string role)
    {
        await answer.ScrollIntoViewIfNeededAsync();
        Directory.CreateDirectory(Path.GetDirectoryName(Chromium.ScreenshotPath("x"))!);
        await answer.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath($"cards-{role}-{kind}.png") });
        var box = await answer.BoundingBoxAsync();
        return string.Create(CultureInfo.InvariantCulture, $"{kind} ({role}): {box!.Height:0} px at {Width} px wide");
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> read) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (await read() is { } value)
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(200);
        }
    }
}
