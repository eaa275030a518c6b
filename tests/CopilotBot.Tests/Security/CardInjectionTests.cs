using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CopilotBot.Bot.Cards;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Core.Alerts;
using CopilotBot.Core.Health;
using CopilotBot.Tests.Copilot.Fakes;

namespace CopilotBot.Tests.Security;

/// <summary>Cards and messages the bot builds from hostile data show it as inert text.</summary>
public sealed partial class CardInjectionTests : IDisposable
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private readonly CopilotHarness _harness = new(HostilePortfolio.Data, scorer: null, SamplePortfolio.AsOf, playbooks: HostilePortfolio.Playbooks);

    public void Dispose() => _harness.Dispose();

    private async Task<HealthReport> HealthAsync() =>
        (await _harness.Copilot.AskAsync(new AskRequest("how is Acme doing?", SamplePortfolio.Jane))).Health!;

    public static TheoryData<string> Channels => ["msteams", "webchat"];

    [Theory]
    [MemberData(nameof(Channels))]
    public async Task The_health_card_shows_hostile_evidence_as_text(string channel)
    {
        var report = await HealthAsync();
        // The real health model carries the notes into its evidence: the card has something hostile to show.
        Assert.Contains(report.Flags.Concat(report.Signals).SelectMany(f => f.Evidence).Concat(report.Components.SelectMany(c => c.Evidence)),
            e => e.Text.Contains("evil.example", StringComparison.Ordinal));

        AssertInert(HealthCard.Build(report with { AccountName = "Acme " + HostilePortfolio.Payload }, channel));
    }

    [Theory]
    [MemberData(nameof(Channels))]
    public async Task The_draft_card_and_the_message_text_show_hostile_notes_as_text(string channel)
    {
        foreach (var kind in Enum.GetValues<DraftKind>())
        {
            var draft = await _harness.Copilot.DraftAsync(new DraftRequest(kind, "acme", kind == DraftKind.PreCallBrief ? SamplePortfolio.Sam : SamplePortfolio.Jane));
            Assert.Contains("evil.example", draft.Markdown, StringComparison.Ordinal);

            var card = DraftCard.Build(draft with { Warnings = [HostilePortfolio.Payload] }, channel);
            AssertInert(card);
            Assert.Contains(Texts(card), t => t.Contains("Ignore previous instructions", StringComparison.Ordinal));
            // The bot sends the markdown through the same filter (CopilotTeamsBot: reply.Text = SafeText.Neutralize(draft.Markdown)).
            AssertInertText(SafeText.Neutralize(draft.Markdown));
        }
    }

    [Theory]
    [MemberData(nameof(Channels))]
    public async Task The_alert_card_shows_hostile_titles_summaries_and_evidence_as_text(string channel)
    {
        var report = await HealthAsync();
        var flag = report.Flags.First();
        var alert = new Alert($"A-100|critical_flag|{flag.Code}", "A-100", "Acme " + HostilePortfolio.Payload, AlertKind.CriticalFlag, flag.Code,
            "Acme: " + HostilePortfolio.Payload, flag.Description + " " + HostilePortfolio.Payload,
            [.. report.Flags.SelectMany(f => f.Evidence), new Evidence("interactions.csv#I-1 ${x} [y](https://evil.example/z)", HostilePortfolio.Payload)],
            [SamplePortfolio.Jane], SamplePortfolio.AsOf, s_now);

        var card = AlertCard.Build(alert with { SnoozedBy = HostilePortfolio.Payload }, channel, s_now);

        AssertInert(card);
        Assert.Contains(Texts(card), t => t.Contains("Ignore previous instructions", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[click](https://evil.example/x)")]
    [InlineData("![x](https://evil.example/p.png)")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<a href=\"https://evil.example\">x</a>")]
    [InlineData("${accounts[0].name}")]
    [InlineData("{{DATE(2026-01-01T00:00:00Z)}}")]
    [InlineData("www.evil.example")]
    [InlineData("mailto:ceo@evil.example")]
    public void Each_construct_is_broken_yet_reads_the_same(string hostile)
    {
        var safe = SafeText.Neutralize(hostile);

        AssertInertText(safe);
        Assert.Equal(hostile, safe.Replace("\u200B", "", StringComparison.Ordinal));
    }

    private static void AssertInert(JsonObject card)
    {
        var json = card.ToJsonString();
        Assert.DoesNotContain("https://evil", json, StringComparison.Ordinal);
        Assert.DoesNotContain("$data", json, StringComparison.Ordinal);
        Assert.All(Texts(card), AssertInertText);
        Assert.All(Urls(card), u => Assert.DoesNotContain("evil", u, StringComparison.Ordinal));
    }

    private static void AssertInertText(string text)
    {
        Assert.DoesNotContain("](", text, StringComparison.Ordinal);
        Assert.DoesNotContain("://", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(Tag(), text);
        Assert.DoesNotContain("${", text, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
        Assert.DoesNotContain("www.", text, StringComparison.OrdinalIgnoreCase);
    }

    private static IEnumerable<string> Texts(JsonNode? node) => Strings(node, "text").Concat(Strings(node, "title")).Concat(Strings(node, "fallbackText"));

    private static IEnumerable<string> Urls(JsonNode? node) => Strings(node, "url").Concat(Strings(node, "iconUrl"));

    private static IEnumerable<string> Strings(JsonNode? node, string property) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == property && p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? [s] : Strings(p.Value, property)),
        JsonArray a => a.SelectMany(n => Strings(n, property)),
        _ => [],
    };

    [GeneratedRegex(@"<[A-Za-z/!?]")]
    private static partial Regex Tag();
}
