using System.Globalization;
using System.Text.Json.Nodes;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Core.Health;
using CopilotBot.Core.Portfolio;
using static CopilotBot.Bot.Cards.AdaptiveCard;

namespace CopilotBot.Bot.Cards;

/// <summary>
/// A list of accounts as the copilot filtered and ordered it: the filter as it was read with the count and the total
/// ARR first, then a row per account (score and why its band, ARR, days to renewal) that opens the account's health,
/// the rows past the first few folded behind "Show all"; then the answer's other sections (a team's line per CSM).
/// </summary>
internal static class PortfolioCard
{
    /// <summary>Rows shown before "Show all": a chat card is read, not scrolled.</summary>
    public const int VisibleRows = 8;

    /// <summary>Bytes of rows a card carries, folded or not: Teams refuses messages over 28 KB (checked by a test).</summary>
    public const int RowBudget = 16 * 1024;

    /// <summary>Bytes of the answer's other sections (a team's line per CSM is about 1 KB).</summary>
    public const int SectionBudget = 4 * 1024;

    // The section of the answer whose rows the card shows as its table (OfflineAnswers.Portfolio).
    private const string AccountsSection = "Accounts";

    public static JsonObject Build(Draft draft, IReadOnlyList<PortfolioRow> rows, string? channelId)
    {
        var title = draft.Title ?? "Accounts";
        var body = new List<JsonNode> { Text(SafeText.Neutralize(title), size: "Medium", weight: "Bolder") };
        var headline = draft.Subtitle is null ? null : FirstSentence(draft.Subtitle);
        if (headline is not null)
        {
            body.Add(Text(SafeText.Neutralize(headline), spacing: "Small"));
        }

        var shownCount = 0;
        if (rows.Count > 0)
        {
            body.Add(Figures(rows));
            body.Add(HeaderRow());
            var shown = WithinBudget(rows.Select(r => Row(r, channelId)), RowBudget).ToList();
            body.AddRange(shown.Take(VisibleRows));
            if (shown.Count > VisibleRows)
            {
                var rest = Container(shown.Skip(VisibleRows));
                rest["id"] = "more-rows";
                rest["isVisible"] = false;
                rest["spacing"] = "None";
                body.Add(rest);
            }

            body.Add(Text(
                "Select an account for its health and plans."
                + (rows.Count > shown.Count ? $" The card holds the first {shown.Count} of {rows.Count}; narrow the question for the others." : string.Empty),
                size: "Small", subtle: true, spacing: "Small"));
            shownCount = shown.Count;
        }

        // A team's list also counts its accounts per CSM ("who on my team has the most renewals next quarter?").
        var sections = draft.Sections.Where(s => s.Title != AccountsSection && s.Items.Count > 0)
            .SelectMany(section => section.Items.Select(item => Text("• " + SafeText.Neutralize(item.Text), size: "Small", spacing: "None"))
                .Prepend(Text(SafeText.Neutralize(section.Title), weight: "Bolder", spacing: "Medium")));
        body.AddRange(WithinBudget(sections, SectionBudget));

        var actions = shownCount > VisibleRows
            ? new List<JsonNode> { Toggle(shownCount == rows.Count ? $"Show all {rows.Count}" : $"Show {shownCount} of {rows.Count}", "more-rows") }
            : [];
        return Card(body, actions, fallbackText: SafeText.Neutralize(headline ?? title));
    }

    /// <summary>Count, total ARR and ARR in red accounts; no totals across currencies, which do not add up.</summary>
    public static JsonObject Figures(IReadOnlyList<PortfolioRow> rows)
    {
        var currencies = rows.Select(r => r.Account.Currency).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var red = rows.Where(r => r.Health.Band == HealthBand.Red).ToList();
        var unscored = rows.Count(r => r.Health.Band == HealthBand.Unscored);
        var bands = $"{red.Count} red · {rows.Count(r => r.Health.Band == HealthBand.Yellow)} yellow · {rows.Count(r => r.Health.Band == HealthBand.Green)} green"
            + (unscored > 0 ? $" · {unscored} unscored" : "");
        var columns = new List<(string, JsonNode[])>
        {
            ("auto", [Figure(rows.Count.ToString(CultureInfo.InvariantCulture), rows.Count == 1 ? "account" : "accounts", null)]),
        };
        if (currencies.Count == 1)
        {
            columns.Add(("auto", [Figure(Money(rows.Sum(r => r.Account.Arr), currencies[0]), "ARR", null)]));
            columns.Add(("auto", [Figure(Money(red.Sum(r => r.Account.Arr), currencies[0]), "ARR at risk (red)", red.Count > 0 ? "Attention" : null)]));
        }

        columns.Add(("stretch", [Figure(bands, "bands", null, small: true)]));
        return Columns([.. columns]);
    }

    private static JsonObject Figure(string value, string label, string? color, bool small = false) => Container(
    [
        Text(value, size: small ? "Small" : "Large", weight: "Bolder", color: color),
        Text(label, size: "Small", subtle: true, spacing: "None"),
    ]);

    /// <summary>Rows in order while their JSON fits <see cref="RowBudget"/>.</summary>
    private static IEnumerable<JsonNode> WithinBudget(IEnumerable<JsonObject> rows, int budget)
    {
        var used = 0;
        foreach (var row in rows)
        {
            used += System.Text.Encoding.UTF8.GetByteCount(row.ToJsonString());
            if (used > budget)
            {
                yield break;
            }

            yield return row;
        }
    }

    private static JsonObject HeaderRow() => Columns(
        ("stretch", [Text("Account · why its band", weight: "Bolder", size: "Small")]),
        ("50px", [Text("Score", weight: "Bolder", size: "Small")]),
        ("70px", [Text("ARR", weight: "Bolder", size: "Small")]),
        ("90px", [Text("Renews", weight: "Bolder", size: "Small")]));

    private static JsonObject Row(PortfolioRow row, string? channelId)
    {
        var a = row.Account;
        var days = a.RenewalDate.DayNumber - row.Health.AsOf.DayNumber;
        var reason = HealthCard.ShortBandReason(row.Health);
        var columns = Columns(
            ("stretch",
            [
                Text(SafeText.Neutralize(a.Name), weight: "Bolder", size: "Small", color: "Accent"),
                Text(reason.Length == 0 ? SafeText.Neutralize(a.AccountId) : $"{SafeText.Neutralize(a.AccountId)} · {reason}", size: "Small", subtle: reason.Length == 0, spacing: "None",
                    color: row.Health.Band == HealthBand.Red && row.Health.Flags.Any(f => f.ForcesRed) ? "Attention" : null),
            ]),
            ("50px", [Text($"{HealthCard.ScoreText(row.Health)} {row.Health.Trend.Arrow}", color: HealthCard.BandColor(row.Health.Band), weight: "Bolder", size: "Small")]),
            ("70px", [Text(Money(a.Arr, a.Currency), size: "Small")]),
            ("90px",
            [
                Text(days >= 0 ? $"in {days} d" : $"{-days} d ago", size: "Small", weight: days is >= 0 and <= 90 ? "Bolder" : null),
                Text(a.RenewalDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), size: "Small", subtle: true, spacing: "None"),
            ]));
        columns["selectAction"] = CardActions.Ask($"health of {a.AccountId}", "Health", channelId, selectAction: true);
        columns["separator"] = true;
        return columns;
    }

    /// <summary>The first sentence of a headline: what the list is (filter, count, total); the rest speaks of the text answer's length.</summary>
    internal static string FirstSentence(string text)
    {
        var end = text.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? text : text[..(end + 1)];
    }

    internal static string Money(decimal amount, string currency) => amount switch
    {
        >= 1_000_000 => $"{amount / 1_000_000:0.#}M {currency}",
        >= 1_000 => $"{amount / 1_000:0.#}k {currency}",
        _ => $"{amount:0} {currency}",
    };
}
