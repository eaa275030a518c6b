using CopilotBot.Bot.Cards;
using CopilotBot.Core.Alerts;
using CopilotBot.Core.Health;

namespace CopilotBot.Tests.Alerts;

public sealed class AlertCardTests
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 18, 9, 0, 0, TimeSpan.Zero);

    private static readonly Alert s_alert = new(
        "A-1015|critical_flag|champion_left", "A-1015", "Trey Research", AlertKind.CriticalFlag, "champion_left",
        "Trey Research: champion_left", "Champion left; see https://evil.example/x",
        [new Evidence("contacts.csv#C-1015-2", "Champion Dana left on 2026-12-01 [click](https://evil.example)")],
        ["alexw@example.com"], new DateOnly(2026, 12, 18), s_now);

    [Fact]
    public void Web_Chat_gets_Action_Submit_buttons_carrying_the_alert_key_and_data_is_neutralized()
    {
        var card = AlertCard.Build(s_alert, "webchat", s_now);

        var actions = card["actions"]!.AsArray();
        Assert.All(actions, a => Assert.Equal("Action.Submit", (string?)a!["type"]));
        var snooze = actions.Single(a => (string?)a!["title"] == "Snooze 7 days")!;
        Assert.Equal("alert-snooze", (string?)snooze["data"]!["action"]);
        Assert.Equal(s_alert.Key, (string?)snooze["data"]!["alertKey"]);
        var request = CardActions.FromSubmit(snooze["data"]);
        Assert.Equal(s_alert.Key, request!.AlertKey);
        Assert.DoesNotContain("https://evil", card.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("](https", card.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("contacts.csv#C-1015-2", card.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_handled_alert_keeps_the_draft_buttons_and_says_who_handled_it()
    {
        var handled = s_alert with { HandledAt = s_now, HandledBy = "alexw@example.com" };

        var card = AlertCard.Build(handled, "msteams", s_now);

        Assert.Equal(["Remediation plan", "Discovery questions"], card["actions"]!.AsArray().Select(a => (string?)a!["title"]));
        Assert.Equal("draft", (string?)card["actions"]![0]!["verb"]);
        Assert.Contains("Handled by alexw@example.com on 2026-12-18", card.ToJsonString(), StringComparison.Ordinal);
    }
}
