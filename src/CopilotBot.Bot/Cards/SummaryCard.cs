using System.Text.Json.Nodes;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Portfolio;
using static CopilotBot.Bot.Cards.AdaptiveCard;

namespace CopilotBot.Bot.Cards;

/// <summary>
/// A manager's summary of a book of business (a CSM's or a whole team's): the figures first (ARR at risk, accounts,
/// bands), where to step in with a button per account, a line per CSM, and the rest folded away.
/// </summary>
internal static class SummaryCard
{
    // Section titles the portfolio summary composer writes (AccountSummaryComposer.ComposePortfolio).
    private const string StepInSection = "Where to step in";
    private const string ByCsmSection = "By CSM";
    private const string GlanceSection = "Portfolio at a glance";

    /// <param name="compact">Clips folded items and source excerpts, for a summary too long for Teams' card size limit.</param>
    public static JsonObject Build(Draft draft, IReadOnlyList<PortfolioRow> rows, string? channelId, bool compact = false)
    {
        var byCsm = draft.Sections.FirstOrDefault(s => s.Title == ByCsmSection);
        var whose = draft.Subtitle?.Split(" · ")[0] ?? "Portfolio";
        var title = byCsm is not null && whose == "Your portfolio" ? "Your team's portfolio" : whose;
        var body = new List<JsonNode>
        {
            Text(SafeText.Neutralize(title), size: "Medium", weight: "Bolder"),
            Text(SafeText.Neutralize(draft.Subtitle ?? string.Empty), size: "Small", subtle: true, spacing: "None"),
            PortfolioCard.Figures(rows),
        };
        var positions = DraftCard.Positions(draft);
        var byId = rows.ToDictionary(r => r.Account.AccountId, StringComparer.OrdinalIgnoreCase);

        if (draft.Sections.FirstOrDefault(s => s.Title == StepInSection) is { } stepIn)
        {
            body.Add(Text(StepInSection, weight: "Bolder", spacing: "Medium"));
            foreach (var item in stepIn.Items)
            {
                var line = Text("• " + DraftCard.ItemText(item, positions), size: "Small");
                if (AccountOf(item, draft, byId) is not { } row)
                {
                    body.Add(line);
                    continue;
                }

                // Two links at the end of the line, not two full-width buttons under it: the list stays readable.
                var health = Text("Health ›", size: "Small", color: "Accent", weight: "Bolder");
                var plan = Text("Plan ›", size: "Small", color: "Accent", weight: "Bolder");
                var columns = Columns(("stretch", [line]), ("auto", [health]), ("auto", [plan]));
                columns["spacing"] = "Small";
                var cells = columns["columns"]!.AsArray();
                cells[1]!["selectAction"] = CardActions.Ask($"health of {row.Account.AccountId}", $"Health of {SafeText.Neutralize(row.Account.Name)}", channelId, selectAction: true);
                cells[2]!["selectAction"] = CardActions.Draft(DraftKind.RemediationPlan, row.Account.AccountId, $"Remediation plan for {SafeText.Neutralize(row.Account.Name)}", channelId);
                cells[2]!["selectAction"]!.AsObject().Remove("fallback");
                body.Add(columns);
            }
        }

        if (byCsm is not null)
        {
            body.Add(Text("By CSM, most ARR at risk first", weight: "Bolder", spacing: "Medium"));
            body.AddRange(byCsm.Items.Select(item => (JsonNode)Text("• " + DraftCard.ItemText(item, positions), size: "Small", spacing: "None")));
        }

        var index = 0;
        foreach (var section in draft.Sections.Where(s => s.Title is not (StepInSection or ByCsmSection or GlanceSection) && s.Items.Count > 0))
        {
            body.AddRange(Collapsible($"section-{index++}", $"{SafeText.Neutralize(section.Title)} ({section.Items.Count})",
                section.Items.Select(item => (JsonNode)Text("• " + DraftCard.Clip(DraftCard.ItemText(item, positions), compact ? DraftCard.CompactText : int.MaxValue), size: "Small", spacing: "Small"))));
        }

        DraftCard.AddSources(body, draft, compact ? DraftCard.CompactText / 2 : DraftCard.SourceExcerpt);
        DraftCard.AddFooter(body, draft);
        return Card(body, fallbackText: SafeText.Neutralize(title));
    }

    /// <summary>The account an item is about: the one account row it cites.</summary>
    private static PortfolioRow? AccountOf(DraftItem item, Draft draft, Dictionary<string, PortfolioRow> rows)
    {
        var accountSources = draft.Citations
            .Where(c => item.Citations.Contains(c.Id) && c.Source.StartsWith(SourceRef.Account(string.Empty), StringComparison.Ordinal))
            .Select(c => c.Source[SourceRef.Account(string.Empty).Length..])
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        return accountSources is [var id] && rows.TryGetValue(id, out var row) ? row : null;
    }
}
