using Microsoft.Playwright;

namespace CopilotBot.IntegrationTests.WebChat;

/// <summary>Debian's Chromium driven by Playwright (which cannot download browsers here).</summary>
internal static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        // Expectations wait 5 s by default: a cold browser loading the Web Chat bundle on two busy cores can take longer.
        Assertions.SetDefaultExpectTimeout(30_000);
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>Opens the page and picks the user to chat as; returns once Web Chat runs as that user.</summary>
    public static async Task<IPage> OpenChatAsync(IBrowser browser, Uri baseAddress, string userEmail, int width = 1100, int height = 1100)
    {
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        await page.GotoAsync(baseAddress.ToString());
        await page.Locator("#user-picker").SelectOptionAsync(userEmail);
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-conversation-user", userEmail);
        return page;
    }

    /// <summary>Types into Web Chat's send box and sends.</summary>
    public static async Task SayAsync(IPage page, string text)
    {
        var sendBox = page.Locator("[data-id='webchat-sendbox-input']");
        await sendBox.FillAsync(text);
        await sendBox.PressAsync("Enter");
    }

    /// <summary>The last transcript paragraph (message text or card text block) containing <paramref name="text"/>.</summary>
    public static ILocator Said(IPage page, string text) =>
        page.GetByRole(AriaRole.Paragraph).Filter(new() { HasText = text }).Last;

    /// <summary>Where screenshots go: the test output folder, next to the test assembly.</summary>
    public static string ScreenshotPath(string name) => Path.Combine(AppContext.BaseDirectory, "screenshots", name);
}

/// <summary>
/// A test that drives the Web Chat page in Chromium. Skipped, saying so, when the browser or the Web Chat bundle
/// (built from src/CopilotBot.Bot/webchat/node_modules) is absent; CI installs both.
/// </summary>
public sealed class WebChatFactAttribute : FactAttribute
{
    public WebChatFactAttribute()
    {
        var bundle = Path.Combine(NodeModulesFactAttribute.Folder(""), "..", "..", "src", "CopilotBot.Bot", "webchat", "node_modules", "botframework-webchat", "dist", "webchat.js");
        if (!File.Exists(Chromium.ExecutablePath))
        {
            Skip = $"{Chromium.ExecutablePath} is absent: apt-get install -y chromium";
        }
        else if (!File.Exists(bundle))
        {
            Skip = "Web Chat is not installed: npm ci in src/CopilotBot.Bot/webchat (the Bot build does it when npm is available)";
        }
    }
}
