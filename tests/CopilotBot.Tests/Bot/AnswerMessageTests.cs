using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CopilotBot.Bot.Cards;
using CopilotBot.Bot.Protocol;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Core;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Portfolio;
using CopilotBot.Tests.Bot.Fakes;

namespace CopilotBot.Tests.Bot;

/// <summary>The reply message around a card: Teams' AI conventions (label, citations, feedback) and its size limit.</summary>
public sealed class AnswerMessageTests
{
    /// <summary>Teams refuses a message whose payload exceeds about 28 KB.</summary>
    private const int TeamsMessageLimit = 28 * 1024;

    [Fact]
    public async Task A_drafted_answer_in_Teams_leads_with_its_first_lines_cited_labelled_AI_generated_with_feedback_on()
    {
        var draft = await new FakeCopilot().DraftAsync(new DraftRequest(DraftKind.RemediationPlan, "A-100", SampleData.AlexEmail));
        var reply = new Activity { Type = ActivityTypes.Message };

        AnswerMessage.Render(reply, draft, "msteams", "answer-1", NextQuestions.After(draft, UserRole.Csm));

        Assert.StartsWith("**Remediation plan · Contoso Ltd (A-100)**", reply.Text, StringComparison.Ordinal);
        Assert.Contains("- Map a new champion to replace Dana Lee before the QBR. [2] [3]", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("cite:", reply.Text, StringComparison.Ordinal); // Teams reads citations from the entity alone
        var entity = Assert.Single(reply.Entities!);
        Assert.Equal("https://schema.org/Message", (string?)entity["type"]);
        Assert.Equal("Message", (string?)entity["@type"]);
        Assert.Equal("AIGeneratedContent", (string?)entity["additionalType"]![0]);
        var citations = entity["citation"]!.AsArray();
        Assert.Equal([1, 2, 3], citations.Select(c => (int)c!["position"]!));
        Assert.Equal("playbooks/champion-loss.md#first-30-days", (string?)citations[2]!["appearance"]!["name"]);
        Assert.Equal("Within 30 days, identify and meet a new champion.", (string?)citations[2]!["appearance"]!["abstract"]);
        Assert.True((bool)reply.ChannelData!["feedbackLoopEnabled"]!);
        Assert.Null(entity["potentialAction"]);
        // The card does not repeat the first lines the text holds.
        var card = (JsonObject)reply.Attachments![0].Content!;
        Assert.DoesNotContain(CardTests.Texts(card), t => t.Contains("Map a new champion", StringComparison.Ordinal) || t.StartsWith("Remediation plan", StringComparison.Ordinal));
        Assert.Equal(["health of Contoso Ltd", "discovery questions for Contoso Ltd", "renewal talking points for Contoso Ltd"],
            reply.SuggestedActions!.Actions.Select(a => a.Value?.ToString()));
    }

    [Fact]
    public async Task In_Web_Chat_citations_are_link_definitions_and_feedback_buttons_carry_the_answer_id()
    {
        var draft = await new FakeCopilot().DraftAsync(new DraftRequest(DraftKind.RemediationPlan, "A-100", SampleData.AlexEmail));
        var reply = new Activity { Type = ActivityTypes.Message };

        AnswerMessage.Render(reply, draft, "webchat", "answer-1", []);

        Assert.Contains("[3]: cite:3 \"playbooks/champion-loss.md#first-30-days\"", reply.Text, StringComparison.Ordinal);
        var entity = Assert.Single(reply.Entities!);
        Assert.Equal("AI generated", (string?)entity["citation"]![0]!["claimInterpreter"]!["slogan"]);
        Assert.Equal(["answer-1:like", "answer-1:dislike"], entity["potentialAction"]!.AsArray().Select(a => (string?)a!["@id"]));
        Assert.Null(reply.ChannelData);
    }

    [Fact]
    public void Plain_answers_and_refusals_carry_no_AI_label_and_offer_their_choices()
    {
        var question = new Draft("answer", null, "offline", "Which account do you mean?", [], [], [], false) { Choices = ["Contoso Ltd", "Contoso Pharma"] };
        var reply = new Activity { Type = ActivityTypes.Message };

        AnswerMessage.Render(reply, question, "msteams", "answer-2", ["anything I should worry about?"]);

        Assert.Null(reply.Entities);
        Assert.Null(reply.Attachments);
        Assert.Equal(["Contoso Ltd", "Contoso Pharma"], reply.SuggestedActions!.Actions.Select(a => a.Title));
    }

    [Fact]
    public void Next_questions_follow_the_role_and_the_account_and_never_repeat_the_answer_given()
    {
        var health = new Draft("health", "A-100", "offline", "md", [], [], [], false) { Health = SampleData.ContosoHealth() };
        var list = new Draft("portfolio", null, "offline", "md", [], [], [], false);

        Assert.DoesNotContain("health of Contoso Ltd", NextQuestions.After(health, UserRole.Csm));
        Assert.Equal("remediation plan for Contoso Ltd", NextQuestions.After(health, UserRole.Csm)[0]);
        Assert.Equal("pre-call brief for Contoso Ltd", NextQuestions.After(health, UserRole.Sales)[0]);
        Assert.Equal("account summary for Contoso Ltd", NextQuestions.After(health, UserRole.Manager)[0]);
        Assert.Contains("how much ARR is at risk?", NextQuestions.After(list, UserRole.Manager));
        Assert.DoesNotContain("how much ARR is at risk?", NextQuestions.After(list, UserRole.Csm));
    }

    [Theory]
    [InlineData("msteams")]
    [InlineData("webchat")]
    public async Task Every_card_kind_fits_Teams_message_limit_even_for_a_large_portfolio_and_a_long_draft(string channel)
    {
        // 200 accounts with long names and two flags; a draft longer than any the copilot writes (8 sections of 6 long
        // items, 30 citations with long excerpts).
        var health = SampleData.ContosoHealth();
        var rows = Enumerable.Range(1, 200).Select(i => new PortfolioRow(
            SampleData.Contoso with { AccountId = $"A-{i:0000}", Name = $"Northwind Traders International Holdings Division {i}" },
            health with { AccountId = $"A-{i:0000}" })).ToList();
        var citations = Enumerable.Range(1, 30).Select(i => new Citation($"C{i}", "data", $"interactions.csv#I-{i:0000}", new string('x', 300))).ToList();
        var sections = Enumerable.Range(1, 8).Select(s => new DraftSection($"Section {s}",
            [.. Enumerable.Range(1, 6).Select(i => new DraftItem(new string('y', 200) + $" [C{(s * i % 30) + 1}]", [$"C{(s * i % 30) + 1}"]))])).ToList();
        var draft = new Draft("pre-call-brief", "A-0001", "offline", "md", sections, citations, [], false)
        { Title = "Pre-call brief", Subtitle = "Northwind (A-0001) · as of 2026-11-16 · offline" };
        var drafts = new[]
        {
            draft,
            new Draft("health", "A-0001", "offline", "md", sections, citations, [], false) { Health = health },
            new Draft("portfolio", null, "offline", "md", sections, citations, [], false) { PortfolioRows = rows, Title = "Your accounts", Subtitle = "200 of your accounts." },
            new Draft("account-summary", null, "offline", "md", sections, citations, [], false) { PortfolioRows = rows, Title = "Account summary", Subtitle = "Your portfolio · as of 2026-11-16" },
        };

        foreach (var answer in drafts)
        {
            var reply = new Activity { Type = ActivityTypes.Message, ChannelId = channel };
            AnswerMessage.Render(reply, answer, channel, Guid.NewGuid().ToString("N"), NextQuestions.After(answer, UserRole.Manager));
            var size = Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(reply, ActivityJson.Options));
            Assert.True(size < TeamsMessageLimit, $"{answer.Kind} in {channel}: {size} bytes");
            Assert.NotNull(reply.Attachments);
        }
    }

    [Fact]
    public void A_relative_data_folder_is_the_repository_roots_from_any_folder_below_it_else_the_users()
    {
        using var repo = new CopilotBot.Tests.Storage.TempDirectory();
        Directory.CreateDirectory(repo.Combine("src", "CopilotBot.Bot"));
        File.WriteAllText(repo.Combine(DataFolder.SolutionFile), "");
        using var elsewhere = new CopilotBot.Tests.Storage.TempDirectory();
        Directory.CreateDirectory(elsewhere.Path);

        Assert.Equal(repo.Combine("data"), DataFolder.Resolve("data", [repo.Combine("src", "CopilotBot.Bot")]));
        Assert.Equal(repo.Combine("data"), DataFolder.Resolve("data", [repo.Path]));
        Assert.Equal(Path.Combine(DataFolder.PerUserFolder, "data"), DataFolder.Resolve("data", [elsewhere.Path]));
        Assert.Equal(elsewhere.Combine("mine"), DataFolder.Resolve(elsewhere.Combine("mine"), [repo.Path]));
    }
}
