using System.Text.Json.Nodes;
using CopilotBot.Copilot.Drafting;
using static CopilotBot.Bot.Cards.AdaptiveCard;

namespace CopilotBot.Bot.Cards;

/// <summary>A drafted artefact: sections with citation markers, and the citations as footnotes.</summary>
internal static class DraftCard
{
    /// <param name="includeBody">False when the text was already streamed and the card only carries the sources.</param>
    public static JsonObject Build(Draft draft, string? channelId, bool includeBody = true)
    {
        var title = DraftCatalogue.TitleOf(draft.Kind) + (draft.AccountId is null ? string.Empty : $" · {SafeText.Neutralize(draft.AccountId)}");
        var body = new List<JsonNode> { Text(title, size: "Medium", weight: "Bolder") };
        if (includeBody)
        {
            foreach (var section in draft.Sections)
            {
                body.Add(Text(SafeText.Neutralize(section.Title), weight: "Bolder", spacing: "Medium"));
                foreach (var item in section.Items)
                {
                    body.Add(Text("• " + SafeText.Neutralize(item.Text) + Markers(item), spacing: "Small"));
                }
            }
        }

        if (draft.Citations.Count > 0)
        {
            body.Add(Text("Sources", weight: "Bolder", spacing: "Medium", size: "Small"));
            foreach (var citation in draft.Citations)
            {
                body.Add(Text(
                    $"[{SafeText.Neutralize(citation.Id)}] {SafeText.Neutralize(citation.Source)} — {SafeText.Quote(citation.Excerpt)}",
                    size: "Small", subtle: true, spacing: "None"));
            }
        }

        foreach (var warning in draft.Warnings)
        {
            body.Add(Text("⚠ " + SafeText.Neutralize(warning), size: "Small", color: "Warning"));
        }

        body.Add(Text(draft.Mode == "llm" ? "Drafted with the language model; check every cited source." : "Drafted offline from your data and playbooks.", size: "Small", subtle: true));

        var actions = draft.AccountId is null
            ? []
            : HealthCard.Actions
                .Where(kind => !string.Equals(DraftCatalogue.Of(kind).Name, draft.Kind, StringComparison.OrdinalIgnoreCase))
                .Select(kind => (JsonNode)CardActions.Draft(kind, draft.AccountId, DraftCatalogue.Of(kind).Title, channelId));
        return Card(body, actions, fallbackText: title);
    }

    private static string Markers(DraftItem item)
    {
        var missing = item.Citations.Where(id => !item.Text.Contains($"[{id}]", StringComparison.Ordinal)).ToList();
        return missing.Count == 0 ? string.Empty : " " + string.Concat(missing.Select(id => $"[{SafeText.Neutralize(id)}]"));
    }
}
