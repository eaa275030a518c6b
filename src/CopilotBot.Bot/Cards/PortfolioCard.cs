using System.Globalization;
using System.Text.Json.Nodes;
using CopilotBot.Core.Portfolio;
using static CopilotBot.Bot.Cards.AdaptiveCard;

namespace CopilotBot.Bot.Cards;

/// <summary>The accounts a user may see, worst first, as the copilot ordered them.</summary>
internal static class PortfolioCard
{
    public const int MaxRows = 20;

    public static JsonObject Build(IReadOnlyList<PortfolioRow> rows)
    {
        var body = new List<JsonNode>
        {
            Text($"Portfolio · {rows.Count} account{(rows.Count == 1 ? string.Empty : "s")}", size: "Medium", weight: "Bolder"),
            Columns(
                ("stretch", [Text("Account", weight: "Bolder", size: "Small")]),
                ("60px", [Text("Score", weight: "Bolder", size: "Small")]),
                ("80px", [Text("ARR", weight: "Bolder", size: "Small")]),
                ("90px", [Text("Renewal", weight: "Bolder", size: "Small")])),
        };

        foreach (var row in rows.Take(MaxRows))
        {
            var flags = row.Health.Flags.Select(f => f.Code).ToList();
            body.Add(Columns(
                ("stretch",
                [
                    Text(SafeText.Neutralize(row.Account.Name), weight: "Bolder", size: "Small"),
                    Text(flags.Count == 0 ? SafeText.Neutralize(row.Account.AccountId) : $"{SafeText.Neutralize(row.Account.AccountId)} · {string.Join(", ", flags)}", size: "Small", subtle: true, spacing: "None"),
                ]),
                ("60px", [Text($"{HealthCard.ScoreText(row.Health)} {row.Health.Trend.Arrow}", color: HealthCard.BandColor(row.Health.Band), weight: "Bolder", size: "Small")]),
                ("80px", [Text(Money(row.Account.Arr, row.Account.Currency), size: "Small")]),
                ("90px", [Text(row.Account.RenewalDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), size: "Small")])));
        }

        if (rows.Count > MaxRows)
        {
            body.Add(Text($"…and {rows.Count - MaxRows} more.", subtle: true, size: "Small"));
        }

        return Card(body, fallbackText: $"Portfolio of {rows.Count} accounts");
    }

    internal static string Money(decimal amount, string currency) => amount switch
    {
        >= 1_000_000 => $"{amount / 1_000_000:0.#}M {currency}",
        >= 1_000 => $"{amount / 1_000:0.#}k {currency}",
        _ => $"{amount:0} {currency}",
    };
}
