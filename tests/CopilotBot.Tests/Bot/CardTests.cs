using System.Text.Json.Nodes;
using CopilotBot.Bot.Cards;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Tests.Bot.Fakes;

namespace CopilotBot.Tests.Bot;

public sealed class CardTests
{
    [Fact]
    public void Health_card_shows_band_components_trend_flags_and_draft_buttons()
    {
        var card = HealthCard.Build(SampleData.ContosoHealth(), "msteams");
        var texts = Texts(card).ToList();

        Assert.Equal("AdaptiveCard", (string?)card["type"]);
        Assert.Equal("1.5", (string?)card["version"]);
        Assert.Equal("attention", (string?)card["body"]![0]!["style"]);
        Assert.Contains("38", texts);
        Assert.Contains("Red · health score out of 100", texts);
        Assert.Contains("███░░░░░░░", texts);           // adoption 31
        Assert.Contains("··········", texts);           // sentiment missing
        Assert.Contains("20 · biggest drag", texts);
        // 72 → 38, drawn on the account's own range: the slide runs from the top block to the bottom one.
        Assert.Contains(texts, t => t.Length == 13 && t[0] == '█' && t[^1] == '▁');
        Assert.Contains("⚠ Champion Dana Lee left the company", texts);
        Assert.Contains(texts, t => t.StartsWith("contacts.csv#C-7 — “Dana Lee", StringComparison.Ordinal));
        Assert.Contains("Missing data: surveys", texts);
        var actions = card["actions"]!.AsArray();
        Assert.Equal(["remediation-plan", "discovery-questions", "renewal-talking-points"], actions.Select(a => (string?)a!["data"]!["kind"]));
        Assert.All(actions, a => Assert.Equal("Action.Execute", (string?)a!["type"]));
    }

    [Theory]
    [InlineData("webchat")]
    [InlineData("directline")]
    public void Web_chat_gets_Action_Submit_because_it_cannot_execute(string channel)
    {
        var card = HealthCard.Build(SampleData.ContosoHealth(), channel);

        Assert.All(card["actions"]!.AsArray(), a =>
        {
            Assert.Equal("Action.Submit", (string?)a!["type"]);
            Assert.Equal("draft", (string?)a["data"]!["action"]);
            Assert.Equal("A-100", (string?)a["data"]!["accountId"]);
        });
    }

    [Fact]
    public void Evidence_from_data_never_becomes_a_link()
    {
        var json = HealthCard.Build(SampleData.ContosoHealth(), "msteams").ToJsonString();
        var evidence = Texts(HealthCard.Build(SampleData.ContosoHealth(), "msteams")).Single(t => t.StartsWith("interactions.csv#I-9", StringComparison.Ordinal));

        Assert.DoesNotContain("](", evidence, StringComparison.Ordinal);
        Assert.DoesNotContain("://", evidence, StringComparison.Ordinal);
        Assert.DoesNotContain("www.", evidence, StringComparison.Ordinal);
        Assert.Contains("our portal", evidence, StringComparison.Ordinal);
        Assert.DoesNotContain("https://evil", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Draft_card_has_sections_citation_markers_and_footnotes()
    {
        var draft = await new FakeCopilot().DraftAsync(new DraftRequest(DraftKind.RemediationPlan, "A-100", SampleData.AlexEmail));

        var card = DraftCard.Build(draft, "msteams");
        var texts = Texts(card).ToList();

        Assert.Equal("Remediation plan · A-100", texts[0]);
        Assert.Contains("Stabilise (first 30 days)", texts);
        Assert.Contains("• Map a new champion to replace Dana Lee before the QBR. [C2][C3]", texts);
        Assert.Contains("Sources", texts);
        Assert.Contains("[C3] playbooks/champion-loss.md#first-30-days — “Within 30 days, identify and meet a new champion.”", texts);
        Assert.Equal(["Discovery questions", "Renewal talking points"], card["actions"]!.AsArray().Select(a => (string?)a!["title"]));
    }

    [Fact]
    public async Task Draft_card_without_body_keeps_only_the_sources()
    {
        var draft = await new FakeCopilot().DraftAsync(new DraftRequest(DraftKind.RemediationPlan, "A-100", SampleData.AlexEmail));

        var texts = Texts(DraftCard.Build(draft, "msteams", includeBody: false)).ToList();

        Assert.DoesNotContain("Stabilise (first 30 days)", texts);
        Assert.Contains("Sources", texts);
    }

    [Fact]
    public void Portfolio_card_lists_accounts_with_score_arr_and_renewal()
    {
        var card = PortfolioCard.Build(SampleData.PortfolioOf(SampleData.AlexEmail));
        var texts = Texts(card).ToList();

        Assert.Contains("Portfolio · 1 account", texts);
        Assert.Contains("Contoso Ltd", texts);
        Assert.Contains("A-100 · champion_left, stale_p1", texts);
        Assert.Contains("38 ↓", texts);
        Assert.Contains("240k USD", texts);
        Assert.Contains("2027-01-31", texts);
    }

    [Fact]
    public void Card_actions_round_trip_from_invoke_and_submit()
    {
        var teams = CardActions.Draft(DraftKind.RenewalTalkingPoints, "A-100", "t", "msteams");
        var webchat = CardActions.Draft(DraftKind.RenewalTalkingPoints, "A-100", "t", "webchat");

        var fromInvoke = CardActions.FromInvoke(new JsonObject { ["action"] = teams.DeepClone(), ["trigger"] = "manual" });
        var fromSubmit = CardActions.FromSubmit(webchat["data"]!.DeepClone());

        Assert.Equal(new CardActionRequest("draft", DraftKind.RenewalTalkingPoints, "A-100"), fromInvoke);
        Assert.Equal(fromInvoke, fromSubmit);
        Assert.Null(CardActions.FromInvoke(new JsonObject { ["action"] = webchat.DeepClone() })); // not Action.Execute
        Assert.Null(CardActions.FromSubmit(JsonValue.Create("just text")));
    }

    [Theory]
    [InlineData("[x](https://evil.example)", "[x]\u200B(https:\u200B//evil.example)")]
    [InlineData("see www.evil.example", "see www\u200B.evil.example")]
    [InlineData("<a href='x'>y</a>", "<\u200Ba href='x'>y<\u200B/a>")]
    [InlineData("{{DATE(2026-01-01)}}", "{\u200B{DATE(2026-01-01)}}")]
    [InlineData("plain text, nothing to do", "plain text, nothing to do")]
    public void Neutralize_breaks_links_tags_and_templates(string input, string expected) =>
        Assert.Equal(expected, SafeText.Neutralize(input));

    [Fact]
    public void Quote_is_one_line_with_literal_emphasis()
    {
        Assert.Equal("“line one line *two* \\_x\\_”".Replace("*", "\\*", StringComparison.Ordinal), SafeText.Quote("line one\nline *two* _x_"));
    }

    [Fact]
    public void The_welcome_card_greets_the_user_and_lists_the_examples_it_is_given()
    {
        var card = RoleGuide.WelcomeCard(SampleData.Users[0], [new("health of Fabrikam Logistics", "score, band, trend and flags")]);

        Assert.StartsWith("Hi Alex Wilber", (string?)card["body"]![0]!["text"], StringComparison.Ordinal);
        Assert.Contains("health of Fabrikam Logistics", card.ToJsonString(), StringComparison.Ordinal);
        Assert.StartsWith("Hi, I'm CopilotBot", (string?)RoleGuide.WelcomeCard(null, [])["body"]![0]!["text"], StringComparison.Ordinal);
    }

    internal static IEnumerable<string> Texts(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key is "text" && p.Value is JsonValue v && v.TryGetValue<string>(out var t) ? [t] : Texts(p.Value)),
        JsonArray a => a.SelectMany(Texts),
        _ => [],
    };
}
