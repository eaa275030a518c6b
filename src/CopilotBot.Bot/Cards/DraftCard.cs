using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Core.Portfolio;
using static CopilotBot.Bot.Cards.AdaptiveCard;

namespace CopilotBot.Bot.Cards;

/// <summary>
/// A drafted artefact or answer, short: the answer's first lines travel as the message text (with Teams citations,
/// see <see cref="AnswerMessage"/>), the card carries the title with the account's name, every other section folded
/// behind its title, the sources behind "Sources (n)", and buttons for the account's other drafts.
/// </summary>
internal static partial class DraftCard
{
    /// <summary>Items of the first section that make the answer's first lines.</summary>
    public const int LeadItems = 3;

    /// <param name="includeBody">False when the whole text was streamed and the card only carries the sources.</param>
    /// <param name="rows">Accounts the answer is about (a model's answer over a portfolio), folded under the text.</param>
    /// <param name="withLead">Whether the answer's first lines open the card (false when they travel as the message text).</param>
    /// <param name="compact">Clips folded items and source excerpts, for a draft too long for Teams' card size limit.</param>
    public static JsonObject Build(Draft draft, string? channelId, bool includeBody = true, bool withLead = true, IReadOnlyList<PortfolioRow>? rows = null, bool compact = false)
    {
        var clip = compact ? CompactText : int.MaxValue;
        var title = Title(draft);
        // Led by the message text, which opens with the title: the card continues it instead of repeating it.
        var body = new List<JsonNode>();
        if (withLead || !includeBody)
        {
            body.Add(Text(title, size: "Medium", weight: "Bolder"));
        }

        if (draft.AccountId is null && draft.Subtitle is { } subtitle)
        {
            body.Add(Text(SafeText.Neutralize(PortfolioCard.FirstSentence(subtitle)), size: "Small", subtle: true, spacing: "None"));
        }

        var positions = Positions(draft);
        if (includeBody && withLead)
        {
            body.AddRange(LeadLines(draft).Select(line => (JsonNode)Text("• " + line, spacing: "Small")));
        }

        if (includeBody)
        {
            var index = 0;
            foreach (var (section, items) in Folded(draft))
            {
                body.AddRange(Collapsible($"section-{index++}", $"{SafeText.Neutralize(section)} ({items.Count})",
                    items.Select(item => (JsonNode)Text("• " + Clip(ItemText(item, positions), clip), size: "Small", spacing: "Small"))));
            }
        }

        if (rows is { Count: > 0 })
        {
            body.AddRange(Collapsible("accounts", $"Accounts ({rows.Count})", [PortfolioCard.Figures(rows)]));
        }

        AddSources(body, draft, compact ? CompactText / 2 : SourceExcerpt);
        AddFooter(body, draft);

        var actions = draft.AccountId is null
            ? []
            : HealthCard.Actions
                .Where(kind => !string.Equals(DraftCatalogue.Of(kind).Name, draft.Kind, StringComparison.OrdinalIgnoreCase))
                .Select(kind => (JsonNode)CardActions.Draft(kind, draft.AccountId, DraftCatalogue.Of(kind).Title, channelId));
        return Card(body, actions, fallbackText: title);
    }

    /// <summary>"Remediation plan · Contoso Pharmaceuticals (A-1040)": the account's name in every title, so a wrong account shows.</summary>
    public static string Title(Draft draft)
    {
        var title = draft.Title ?? DraftCatalogue.TitleOf(draft.Kind);
        var about = draft.AccountId is null ? null : draft.Subtitle?.Split(" · ")[0] ?? draft.AccountId;
        return SafeText.Neutralize(about is null || title.Contains(about, StringComparison.Ordinal) ? title : $"{title} · {about}");
    }

    /// <summary>The answer's first lines, as markdown, with citation markers as Teams numbers them ([1], [2]).</summary>
    public static IReadOnlyList<string> LeadLines(Draft draft)
    {
        var positions = Positions(draft);
        return draft.Sections.Count == 0 ? [] : [.. draft.Sections[0].Items.Take(LeadItems).Select(item => ItemText(item, positions))];
    }

    /// <summary>Every section after the first lines: the first section's remaining items, then each other section.</summary>
    private static IEnumerable<(string Title, IReadOnlyList<DraftItem> Items)> Folded(Draft draft)
    {
        if (draft.Sections.Count == 0)
        {
            yield break;
        }

        if (draft.Sections[0].Items.Count > LeadItems)
        {
            yield return ($"More on {draft.Sections[0].Title.ToLowerInvariant()}", [.. draft.Sections[0].Items.Skip(LeadItems)]);
        }

        foreach (var section in draft.Sections.Skip(1).Where(s => s.Items.Count > 0))
        {
            yield return (section.Title, section.Items);
        }
    }

    /// <summary>Citation ids ("C3") by the number Teams shows for them: their position in the draft's list, from 1.</summary>
    public static IReadOnlyDictionary<string, int> Positions(Draft draft) =>
        draft.Citations.Select((c, i) => (c.Id, Position: i + 1)).ToDictionary(p => p.Id, p => p.Position, StringComparer.Ordinal);

    /// <summary>An item's text made inert, its markers renumbered, and the markers it cites without showing added.</summary>
    public static string ItemText(DraftItem item, IReadOnlyDictionary<string, int> positions)
    {
        var missing = item.Citations.Where(id => !item.Text.Contains($"[{id}]", StringComparison.Ordinal)).ToList();
        var text = item.Text + (missing.Count == 0 ? string.Empty : " " + string.Concat(missing.Select(id => $"[{id}]")));
        // "[1] [3]", not "[1][3]": in markdown the latter is a link "1" to reference 3, and Web Chat shows it as "13".
        var numbered = Marker().Replace(SafeText.Neutralize(text), m => positions.TryGetValue(m.Groups[1].Value, out var n) ? $"[{n}]" : string.Empty);
        return AdjacentMarkers().Replace(numbered, "] ");
    }

    /// <summary>Characters of a source's excerpt a card shows; the full excerpt is in the CLI's and the markdown's sources.</summary>
    public const int SourceExcerpt = 240;

    public const int CompactText = 160;

    public static void AddSources(List<JsonNode> body, Draft draft, int excerpt = SourceExcerpt)
    {
        if (draft.Citations.Count == 0)
        {
            return;
        }

        body.AddRange(Collapsible("sources", $"Sources ({draft.Citations.Count})", draft.Citations.Select((citation, i) => (JsonNode)Text(
            $"[{i + 1}] {SafeText.Neutralize(citation.Source)} — {SafeText.Quote(Clip(citation.Excerpt, excerpt))}",
            size: "Small", subtle: true, spacing: "None"))));
    }

    public static void AddFooter(List<JsonNode> body, Draft draft)
    {
        foreach (var warning in draft.Warnings)
        {
            body.Add(Text("⚠ " + SafeText.Neutralize(warning), size: "Small", color: "Warning"));
        }

        body.Add(Text(draft.Mode == "llm"
            ? "AI generated with the language model; check every cited source."
            : "Composed by the copilot from your data and playbooks; check the cited sources.", size: "Small", subtle: true));
    }

    public static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";

    [GeneratedRegex(@"\[(C\d+)\]")]
    private static partial Regex Marker();

    [GeneratedRegex(@"\](?=\[\d+\])")]
    private static partial Regex AdjacentMarkers();
}
