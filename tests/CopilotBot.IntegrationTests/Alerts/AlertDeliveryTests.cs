using System.Net;
using System.Text.Json.Nodes;
using CopilotBot.Bot.Alerts;
using CopilotBot.Core;
using CopilotBot.Core.Alerts;
using CopilotBot.Core.Import;
using CopilotBot.Core.Portfolio;
using CopilotBot.Core.Sample;
using CopilotBot.IntegrationTests.Bot;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CopilotBot.IntegrationTests.Alerts;

/// <summary>
/// The real bot host over the real sample (SQLite store, health model): the sample as of 2026-11-20, then four weeks
/// later; alerts go to the channel stub as proactive Adaptive Cards, and the card's buttons change the alert's state.
/// </summary>
public sealed class AlertDeliveryTests
{
    private const string AlexEmail = "alexw@example.com";
    private const string ChampionLeft = "A-1015|critical_flag|champion_left";

    [Fact]
    public async Task Alex_gets_the_Trey_Research_alert_card_snoozes_it_then_marks_it_handled()
    {
        await using var host = await StartWithBothImportsAsync();
        var alerts = host.Factory.Services.GetRequiredService<AlertService>();
        var dispatcher = host.Factory.Services.GetRequiredService<AlertDispatcher>();

        // Nobody talked to the bot yet: everything stays pending.
        Assert.Equal(0, await dispatcher.DeliverPendingAsync(CancellationToken.None));
        Assert.Contains(await alerts.GetPendingDeliveriesAsync(), p => p.Alert.Key == ChampionLeft && p.Recipient == AlexEmail);

        await TalkAsync(host, "conv-alex");
        host.Stub.Clear();
        var delivered = await dispatcher.DeliverPendingAsync(CancellationToken.None);

        var alexAlerts = await alerts.ListAsync(await ScopeAsync(host, AlexEmail), AlertFilter.Open);
        Assert.Equal(alexAlerts.Count, delivered); // Alex is the only one reachable; his alerts' other recipients stay pending
        var calls = await host.Stub.WaitForAsync(c => c.Count >= delivered);
        Assert.All(calls, c => Assert.Equal($"{ChannelStub.ConnectorPrefix}/v3/conversations/conv-alex/activities", c.RawTarget));
        var card = calls.Select(c => c.Card).Single(c => c!.ToJsonString().Contains(ChampionLeft, StringComparison.Ordinal))!;
        Assert.Equal("1.5", (string?)card["version"]);
        Assert.Contains("Trey Research: champion_left", card.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("contacts.csv#", card.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(
            ["Remediation plan", "Discovery questions", "Snooze 7 days", "Mark handled"],
            card["actions"]!.AsArray().Select(a => (string?)a!["title"]));
        Assert.All(card["actions"]!.AsArray(), a => Assert.Equal("Action.Execute", (string?)a!["type"]));
        var pending = await alerts.GetPendingDeliveriesAsync();
        Assert.DoesNotContain(pending, p => p.Recipient == AlexEmail);
        Assert.Contains(pending, p => p.Recipient == "meganb@example.com"); // sales owner of Alex's renewals/expansions, never talked to the bot
        Assert.Equal(0, await dispatcher.DeliverPendingAsync(CancellationToken.None));

        var snoozed = await InvokeAsync(host, "alert-snooze", ChampionLeft);
        Assert.Contains("Snoozed until", snoozed.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Mark handled", snoozed.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(AlertStatus.Snoozed, (await alerts.GetAsync(await ScopeAsync(host, AlexEmail), ChampionLeft)).StatusAt(DateTimeOffset.UtcNow));

        var handled = await InvokeAsync(host, "alert-handled", ChampionLeft);
        Assert.Contains("Handled by alexw@example.com", handled.ToJsonString(), StringComparison.Ordinal);
        var state = await alerts.GetAsync(await ScopeAsync(host, AlexEmail), ChampionLeft);
        Assert.Equal(AlertStatus.Handled, state.StatusAt(DateTimeOffset.UtcNow));
        Assert.Equal(AlexEmail, state.HandledBy);
    }

    [Fact]
    public async Task A_card_cannot_snooze_an_alert_of_an_account_the_user_may_not_see()
    {
        await using var host = await StartWithBothImportsAsync();
        const string Johannas = "A-1017|critical_flag|stale_p1";

        using var response = await host.PostAsync(AlertInvoke(host, "alert-snooze", Johannas));

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("application/vnd.microsoft.activity.message", (string?)body["type"]);
        Assert.Contains("No alert", (string?)body["value"], StringComparison.Ordinal);
        var admin = await ScopeAsync(host, "pattif@example.com");
        Assert.Equal(AlertStatus.Open, (await host.Factory.Services.GetRequiredService<AlertService>().GetAsync(admin, Johannas)).StatusAt(DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task Web_Chat_gets_Action_Submit_and_the_refreshed_card_as_a_reply()
    {
        await using var host = await StartWithBothImportsAsync();
        var submit = host.Activity("playground-action-submit-message");
        submit["text"] = null;
        submit["value"] = new JsonObject { ["action"] = "alert-handled", ["alertKey"] = ChampionLeft };

        await host.PostAsync(submit);

        var reply = await host.Stub.WaitForMessageAsync(c => c.Card is not null);
        Assert.Contains("Handled by alexw@example.com", reply.Card!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_due_digest_is_delivered_once_per_period()
    {
        var today = DateTime.UtcNow.DayOfWeek.ToString();
        await using var host = await StartWithBothImportsAsync(new Dictionary<string, string?>
        {
            ["Alerts:CsmDigest:Day"] = today,
            ["Alerts:CsmDigest:Time"] = "00:00:00",
            ["Alerts:ManagerDigest:Enabled"] = "false",
        });
        await TalkAsync(host, "conv-digest");
        host.Stub.Clear();
        var dispatcher = host.Factory.Services.GetRequiredService<AlertDispatcher>();

        Assert.Equal(1, await dispatcher.SendDueDigestsAsync(CancellationToken.None)); // only Alex is reachable
        Assert.Equal(0, await dispatcher.SendDueDigestsAsync(CancellationToken.None));

        var digest = await host.Stub.WaitForMessageAsync();
        Assert.Contains("Weekly digest for Alex Wilber", digest.Text, StringComparison.Ordinal);
        Assert.Contains("Renewals in the next 90 days", digest.Text, StringComparison.Ordinal);
    }

    private static async Task<BotHost> StartWithBothImportsAsync(Dictionary<string, string?>? settings = null)
    {
        var host = await BotHost.StartAsync(settings, realPortfolio: true);
        await ImportBothAsync(host.Factory);
        return host;
    }

    /// <summary>The sample as of 2026-11-20 (the baseline), then the same portfolio four weeks later.</summary>
    internal static async Task ImportBothAsync(BotAppFactory factory)
    {
        var copilot = factory.Services.GetRequiredService<IOptions<CopilotOptions>>().Value;
        var importer = factory.Services.GetRequiredService<PortfolioImporter>();

        // PortfolioService reads the as-of date from the options on every call: moving it is moving "today".
        copilot.AsOf = SampleOptions.DefaultAsOf;
        Assert.True((await importer.ImportAsync(Path.Combine(RepositoryRoot(), "knowledge", "sample-portfolio"))).Succeeded);
        var later = Path.Combine(factory.DataDirectory, "four-weeks-later");
        PortfolioCsvWriter.Write(SamplePortfolioGenerator.Generate(new SampleOptions { ShiftWeeks = 4 }), later);
        copilot.AsOf = SampleOptions.DefaultAsOf.AddDays(28);
        Assert.True((await importer.ImportAsync(later)).Succeeded);
    }

    private static Task<Core.Access.AccessScope> ScopeAsync(BotHost host, string email) =>
        host.Factory.Services.GetRequiredService<PortfolioService>().GetScopeAsync(email);

    /// <summary>Alex says "help" in Teams once, which stores the conversation reference.</summary>
    private static async Task TalkAsync(BotHost host, string conversationId)
    {
        var activity = host.Activity("playground-personal-message", conversationId: conversationId);
        activity["text"] = "help";
        await host.PostAsync(activity);
        await host.Stub.WaitForMessageAsync();
    }

    private static JsonObject AlertInvoke(BotHost host, string verb, string key)
    {
        var activity = host.Activity("playground-invoke-adaptiveCard-action");
        activity["value"]!["action"]!["verb"] = verb;
        activity["value"]!["action"]!["data"] = new JsonObject { ["action"] = verb, ["alertKey"] = key };
        return activity;
    }

    /// <summary>Presses an alert button in Teams and returns the refreshed card the invoke answers with.</summary>
    private static async Task<JsonNode> InvokeAsync(BotHost host, string verb, string key)
    {
        using var response = await host.PostAsync(AlertInvoke(host, verb, key));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)body["type"]);
        return body["value"]!;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CopilotBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("CopilotBot.sln not found above " + AppContext.BaseDirectory);
    }
}
