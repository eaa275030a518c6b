using System.Text.Json.Nodes;
using CopilotBot.Bot.Cards;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Tests.Bot.Fakes;

namespace CopilotBot.Tests.Bot;

public sealed class CardTests
{
    [Fact]
    public void Health_card_leads_with_score_band_and_why_then_folds_components_trend_and_flags()
    {
        var card = HealthCard.Build(SampleData.ContosoHealth(), "msteams");
        var texts = Texts(card).ToList();

        Assert.Equal("AdaptiveCard", (string?)card["type"]);
        Assert.Equal("1.5", (string?)card["version"]);
        Assert.Equal("attention", (string?)card["body"]![0]!["style"]);
        Assert.Equal("Health · Contoso Ltd (A-100)", texts[0]);
        Assert.Contains("38", texts);
        Assert.Contains("Red · health score out of 100", texts);
        // The band's reason: the forcing flag, not the score.
        Assert.Contains("Red because champion Dana Lee left the company: a critical flag makes an account red whatever its score.", texts);
        // Components say what "biggest drag" means: points lost after weighting.
        Assert.Contains("weight 25% · 20 points lost · biggest drag", texts);
        Assert.Contains("weight 30% · 20.7 points lost", texts);
        Assert.Contains("missing", texts);
        // The trend is a table of dated scores, newest first, with the week's change; no block characters anywhere.
        var facts = FactsOf(card).ToList();
        Assert.Equal(("2026-11-16", "38 (-2)"), facts[0]);
        Assert.Equal(("2026-09-28", "64"), facts[^1]);
        Assert.Equal(HealthCard.TrendWeeks, facts.Count);
        Assert.DoesNotContain(texts, t => t.Contains('█') || t.Contains('▁') || t.Contains('░'));
        // Details are folded behind titles the reader opens in the card.
        Assert.Contains("▸ Components", texts);
        Assert.Contains("▸ Trend, last 8 weeks · falling fast", texts);
        Assert.Contains("▸ Flags and signals (2)", texts);
        Assert.Equal(3, Hidden(card).Count());
        Assert.Contains("⚠ Champion Dana Lee left the company", texts);
        Assert.Contains(texts, t => t.StartsWith("contacts.csv#C-7 — “Dana Lee", StringComparison.Ordinal));
        Assert.Contains("Missing data: surveys", texts);
        var actions = card["actions"]!.AsArray();
        Assert.Equal(["remediation-plan", "discovery-questions", "renewal-talking-points"], actions.Select(a => (string?)a!["data"]!["kind"]));
        Assert.All(actions, a => Assert.Equal("Action.Execute", (string?)a!["type"]));
    }

    [Fact]
    public void A_green_account_is_green_by_its_score()
    {
        Assert.Equal("Green by its score of 81.", HealthCard.BandReason(SampleData.FabrikamHealth()));
        Assert.Equal("red: champion left overrides the score", HealthCard.ShortBandReason(SampleData.ContosoHealth()));
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
    public async Task Draft_card_names_the_account_folds_each_section_and_hides_the_sources_behind_their_count()
    {
        var draft = await new FakeCopilot().DraftAsync(new DraftRequest(DraftKind.RemediationPlan, "A-100", SampleData.AlexEmail));

        var card = DraftCard.Build(draft, "msteams");
        var texts = Texts(card).ToList();

        Assert.Equal("Remediation plan · Contoso Ltd (A-100)", texts[0]);
        // The first lines are the answer, with markers numbered as Teams numbers citations.
        Assert.Equal("• Escalate T-1042 with engineering and agree a fix date with the customer. [1]", texts[1]);
        Assert.Equal("• Map a new champion to replace Dana Lee before the QBR. [2] [3]", texts[2]);
        Assert.Contains("▸ Rebuild adoption (1)", texts);
        Assert.Contains("▸ Sources (5)", texts);
        Assert.Contains("[3] playbooks/champion-loss.md#first-30-days — “Within 30 days, identify and meet a new champion.”", texts);
        var sources = Hidden(card).Single(c => (string?)c["id"] == "sources");
        var header = card["body"]!.AsArray().OfType<JsonObject>().Single(n => (string?)n["id"] == "sources-header");
        Assert.Equal("Action.ToggleVisibility", (string?)header["selectAction"]!["type"]);
        Assert.Equal("sources", (string?)header["selectAction"]!["targetElements"]![0]);
        Assert.Equal(5, sources["items"]!.AsArray().Count);
        Assert.Equal(["Discovery questions", "Renewal talking points"], card["actions"]!.AsArray().Select(a => (string?)a!["title"]));
    }

    [Fact]
    public async Task Draft_card_without_body_keeps_only_the_sources()
    {
        var draft = await new FakeCopilot().DraftAsync(new DraftRequest(DraftKind.RemediationPlan, "A-100", SampleData.AlexEmail));

        var texts = Texts(DraftCard.Build(draft, "msteams", includeBody: false)).ToList();

        Assert.DoesNotContain(texts, t => t.Contains("Stabilise", StringComparison.Ordinal) || t.Contains("Escalate", StringComparison.Ordinal));
        Assert.Contains("▸ Sources (5)", texts);
    }

    [Fact]
    public void Portfolio_card_shows_the_filter_as_read_the_totals_and_per_row_band_reasons_and_renewal_days()
    {
        var rows = SampleData.PortfolioOf(SampleData.AlexEmail);
        var draft = PortfolioDraft(rows, "1 of your accounts renewing in the next 90 days (2026-11-16 to 2027-02-14), 240k USD ARR in all, worst first. The first 10 by name.");
        var card = PortfolioCard.Build(draft, rows, "webchat");
        var texts = Texts(card).ToList();

        Assert.Equal("Your accounts", texts[0]);
        Assert.Equal("1 of your accounts renewing in the next 90 days (2026-11-16 to 2027-02-14), 240k USD ARR in all, worst first.", texts[1]);
        Assert.Contains("240k USD", texts);
        Assert.Contains("ARR at risk (red)", texts);
        Assert.Contains("Contoso Ltd", texts);
        Assert.Contains("A-100 · red: champion left overrides the score", texts);
        Assert.Contains("38 ↓", texts);
        Assert.Contains("in 76 d", texts);
        Assert.Contains("2027-01-31", texts);
        // A row opens the account's health, as a question the copilot answers with the asker's access.
        var row = card["body"]!.AsArray().OfType<JsonObject>().First(n => n["selectAction"] is not null);
        Assert.Equal("ask", (string?)row["selectAction"]!["data"]!["action"]);
        Assert.Equal("health of A-100", (string?)row["selectAction"]!["data"]!["question"]);
        Assert.Null(card["actions"]); // nothing to show beyond what is shown
    }

    [Fact]
    public void A_teams_list_shows_its_line_per_csm_under_the_rows()
    {
        var rows = SampleData.PortfolioOf(SampleData.AlexEmail);
        var list = PortfolioDraft(rows, "3 of your accounts renewing in the next 90 days, worst first.");
        var draft = list with { Sections = [.. list.Sections, new("By CSM", [new DraftItem("Alex Wilber: 2 accounts, USD 240,000 ARR, 1 red.", ["C1"])])] };

        var texts = Texts(PortfolioCard.Build(draft, rows, "webchat")).ToList();

        Assert.Contains("By CSM", texts);
        Assert.Contains("• Alex Wilber: 2 accounts, USD 240,000 ARR, 1 red.", texts);
        Assert.True(texts.IndexOf("By CSM") > texts.IndexOf("Contoso Ltd"));
    }

    [Fact]
    public void A_long_list_shows_the_first_rows_and_the_rest_behind_show_all()
    {
        var rows = Enumerable.Range(1, 30).Select(i => new CopilotBot.Core.Portfolio.PortfolioRow(
            SampleData.Contoso with { AccountId = $"A-{i:000}", Name = $"Account {i}" }, SampleData.FabrikamHealth() with { AccountId = $"A-{i:000}" })).ToList();
        var card = PortfolioCard.Build(PortfolioDraft(rows, "30 of your accounts, 7.2M USD ARR in all, worst first."), rows, "msteams");

        // As many rows as fit Teams' size limit; the card says how many it holds.
        var more = Hidden(card).Single(c => (string?)c["id"] == "more-rows");
        var held = PortfolioCard.VisibleRows + more["items"]!.AsArray().Count;
        Assert.InRange(held, 15, 30);
        var showAll = Assert.Single(card["actions"]!.AsArray());
        Assert.Equal("Action.ToggleVisibility", (string?)showAll!["type"]);
        Assert.Equal(held == 30 ? "Show all 30" : $"Show {held} of 30", (string?)showAll["title"]);
        Assert.Equal("more-rows", (string?)showAll["targetElements"]![0]);
        Assert.DoesNotContain(Texts(card), t => t.Contains("more.", StringComparison.Ordinal));
    }

    [Fact]
    public void Summary_card_puts_the_figures_first_then_where_to_step_in_with_buttons_then_a_line_per_csm()
    {
        var rows = SampleData.PortfolioOf(SampleData.AlexEmail).Concat(SampleData.PortfolioOf(SampleData.BobEmail)).ToList();
        var draft = new Draft("account-summary", null, "offline", "md",
        [
            new("Portfolio at a glance", [new DraftItem("2 accounts, 330k USD ARR; 1 red, 0 yellow, 1 green.", ["C1", "C2"])]),
            new("By CSM", [new DraftItem("Alex Wilber: 1 account, 1 red, 0 yellow, 0 green; 240k USD ARR at risk.", ["C1"]), new DraftItem("Isaiah Langer: 1 account, 0 red; nothing red.", ["C2"])]),
            new("Renewals in the next 90 days", [new DraftItem("Contoso Ltd: 2027-01-31, 240k USD, red at 38.", ["C1"])]),
            new("Where to step in", [new DraftItem("Contoso Ltd (76 days to renewal): Champion Dana Lee left the company.", ["C1", "C3"])]),
        ],
        [
            new("C1", "data", "accounts.csv#A-100", "Contoso Ltd"), new("C2", "data", "accounts.csv#A-200", "Fabrikam Inc"),
            new("C3", "data", "contacts.csv#C-7", "Dana Lee, champion, left"),
        ], [], false)
        { PortfolioRows = rows, Title = "Account summary", Subtitle = "Your portfolio · as of 2026-11-16 · offline" };

        var card = SummaryCard.Build(draft, rows, "webchat");
        var texts = Texts(card).ToList();

        Assert.Equal("Your team's portfolio", texts[0]);
        var figures = texts.IndexOf("ARR at risk (red)");
        var stepIn = texts.IndexOf("Where to step in");
        var byCsm = texts.IndexOf("By CSM, most ARR at risk first");
        Assert.True(figures > 0 && figures < stepIn && stepIn < byCsm, string.Join(" | ", texts));
        Assert.Equal("240k USD", texts[figures - 1]);
        Assert.Contains("• Contoso Ltd (76 days to renewal): Champion Dana Lee left the company. [1] [3]", texts);
        var stepInRow = card["body"]!.AsArray().OfType<JsonObject>().Single(n => n.ToJsonString().Contains("Champion Dana Lee", StringComparison.Ordinal));
        var links = stepInRow["columns"]!.AsArray().Skip(1).Select(c => c!["selectAction"]!).ToList();
        Assert.Equal(["Health ›", "Plan ›"], stepInRow["columns"]!.AsArray().Skip(1).Select(c => (string?)c!["items"]![0]!["text"]));
        Assert.Equal("health of A-100", (string?)links[0]["data"]!["question"]);
        Assert.Equal(("remediation-plan", "A-100"), ((string?)links[1]["data"]!["kind"], (string?)links[1]["data"]!["accountId"]));
        Assert.Contains("• Alex Wilber: 1 account, 1 red, 0 yellow, 0 green; 240k USD ARR at risk. [1]", texts);
        Assert.Contains("▸ Renewals in the next 90 days (1)", texts);
    }

    [Fact]
    public void Card_actions_round_trip_from_invoke_and_submit()
    {
        var teams = CardActions.Draft(DraftKind.RenewalTalkingPoints, "A-100", "t", "msteams");
        var webchat = CardActions.Draft(DraftKind.RenewalTalkingPoints, "A-100", "t", "webchat");

        var fromInvoke = CardActions.FromInvoke(new JsonObject { ["action"] = teams.DeepClone(), ["trigger"] = "manual" });
        var fromSubmit = CardActions.FromSubmit(webchat["data"]!.DeepClone());

        Assert.Equal(new CardActionRequest("draft", DraftKind.RenewalTalkingPoints, "A-100"), fromInvoke);
        Assert.Equal("health of A-100", CardActions.FromSubmit(CardActions.Ask("health of A-100", "Health", "webchat")["data"]!.DeepClone())!.Question);
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

    private static Draft PortfolioDraft(IReadOnlyList<CopilotBot.Core.Portfolio.PortfolioRow> rows, string subtitle) =>
        new("portfolio", null, "offline", "md", [new("Accounts", [new DraftItem("x", ["C1"])])], [new("C1", "data", "accounts.csv#A-100", "x")], [], false)
        { PortfolioRows = rows, Title = "Your accounts", Subtitle = subtitle };

    /// <summary>The containers a reader has to open (isVisible false).</summary>
    internal static IEnumerable<JsonObject> Hidden(JsonNode? node) => node switch
    {
        JsonObject o when o["isVisible"] is JsonValue v && v.TryGetValue<bool>(out var visible) && !visible => [o],
        JsonObject o => o.SelectMany(p => Hidden(p.Value)),
        JsonArray a => a.SelectMany(Hidden),
        _ => [],
    };

    private static IEnumerable<(string, string)> FactsOf(JsonNode? node) => node switch
    {
        JsonObject o when (string?)o["type"] == "FactSet" => o["facts"]!.AsArray().Select(f => ((string)f!["title"]!, (string)f["value"]!)),
        JsonObject o => o.SelectMany(p => FactsOf(p.Value)),
        JsonArray a => a.SelectMany(FactsOf),
        _ => [],
    };

    internal static IEnumerable<string> Texts(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key is "text" && p.Value is JsonValue v && v.TryGetValue<string>(out var t) ? [t] : Texts(p.Value)),
        JsonArray a => a.SelectMany(Texts),
        _ => [],
    };
}
