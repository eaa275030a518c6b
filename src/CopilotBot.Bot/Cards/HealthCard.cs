using System.Globalization;
using System.Text.Json.Nodes;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Core.Health;
using static CopilotBot.Bot.Cards.AdaptiveCard;

namespace CopilotBot.Bot.Cards;

/// <summary>An account's health at a glance: score and band, component bars, trend sparkline, flags with evidence, draft buttons.</summary>
internal static class HealthCard
{
    private const int BarCells = 10;

    public static readonly DraftKind[] Actions = [.. DraftCatalogue.All.Where(k => k.OnAccountCards).Select(k => k.Kind)];

    public static JsonObject Build(HealthReport report, string? channelId)
    {
        var body = new List<JsonNode>
        {
            Container(
            [
                Text(SafeText.Neutralize(report.AccountName), size: "Large", weight: "Bolder"),
                Columns(
                    ("auto", [Text(ScoreText(report), size: "ExtraLarge", weight: "Bolder", color: BandColor(report.Band))]),
                    ("stretch",
                    [
                        Text(report.Scored ? $"{report.Band} · health score out of 100" : "Unscored · too little data for a score", weight: "Bolder", color: BandColor(report.Band)),
                        Text($"As of {report.AsOf:yyyy-MM-dd} · {TrendLine(report.Trend)}", subtle: true, spacing: "None"),
                    ])),
            ], style: BandStyle(report.Band), bleed: true),
            Text("Components", weight: "Bolder", spacing: "Medium"),
        };

        foreach (var component in report.Components)
        {
            var isDrag = report.Drag == component.Component;
            body.Add(Columns(
                ("110px", [Text(component.Component.ToString(), weight: isDrag ? "Bolder" : null)]),
                ("auto", [Text(Bar(component.Score), monospace: true, color: component.Missing ? null : ScoreColor(component.Score!.Value))]),
                ("stretch", [Text(component.Missing ? "missing" : $"{component.Score:0}{(isDrag ? " · biggest drag" : string.Empty)}", subtle: component.Missing)])));
        }

        if (report.Trend.History.Count > 1)
        {
            body.Add(Text("Trend", weight: "Bolder", spacing: "Medium"));
            body.Add(Text(Sparkline.Render(report.Trend.History.Select(p => p.Score)), monospace: true, size: "Medium", spacing: "None"));
            body.Add(Text(
                $"{report.Trend.History[0].AsOf:yyyy-MM-dd} → {report.Trend.History[^1].AsOf:yyyy-MM-dd}"
                + (report.Trend.EarlyWarning ? " · early warning: falling fast" : string.Empty),
                subtle: true, spacing: "None", color: report.Trend.EarlyWarning ? "Warning" : null));
        }

        AddFlags(body, "Risk flags", report.Flags, "⚠", "Attention");
        AddFlags(body, "Signals", report.Signals, "✓", "Good");

        if (report.MissingData.Count > 0)
        {
            body.Add(Text("Missing data: " + string.Join(", ", report.MissingData.Select(SafeText.Neutralize)), subtle: true, spacing: "Medium"));
        }

        var actions = Actions.Select(kind => (JsonNode)CardActions.Draft(kind, report.AccountId, "Draft " + DraftCatalogue.Of(kind).Title.ToLowerInvariant(), channelId));
        return Card(body, actions, fallbackText: report.Scored ? $"{SafeText.Neutralize(report.AccountName)}: health {report.Score} ({report.Band})" : $"{SafeText.Neutralize(report.AccountName)}: unscored (too little data)");
    }

    private static void AddFlags(List<JsonNode> body, string title, IReadOnlyList<HealthFlag> flags, string icon, string color)
    {
        if (flags.Count == 0)
        {
            return;
        }

        body.Add(Text(title, weight: "Bolder", spacing: "Medium"));
        foreach (var flag in flags)
        {
            body.Add(Text($"{icon} {SafeText.Neutralize(flag.Description)}", color: color, weight: flag.ForcesRed ? "Bolder" : null));
            foreach (var evidence in flag.Evidence)
            {
                body.Add(Text($"{SafeText.Neutralize(evidence.Source)} — {SafeText.Quote(evidence.Text)}", size: "Small", subtle: true, spacing: "None"));
            }
        }
    }

    internal static string Bar(double? score)
    {
        if (score is null)
        {
            return new string('·', BarCells);
        }

        var filled = (int)Math.Round(Math.Clamp(score.Value, 0, 100) / 100 * BarCells, MidpointRounding.AwayFromZero);
        return new string('█', filled) + new string('░', BarCells - filled);
    }

    private static string TrendLine(HealthTrend trend)
    {
        var parts = new List<string> { trend.Arrow };
        if (trend.Delta4Weeks is { } d4)
        {
            parts.Add($"{d4:+0;-0;0} in 4 weeks");
        }

        if (trend.Delta12Weeks is { } d12)
        {
            parts.Add($"{d12:+0;-0;0} in 12 weeks");
        }

        return string.Join(" ", parts);
    }

    /// <summary>The score, or a dash for an account with too little data to score (never a 0 that reads as red).</summary>
    internal static string ScoreText(HealthReport report) => report.Scored ? report.Score.ToString(CultureInfo.InvariantCulture) : "–";

    internal static string BandColor(HealthBand band) => band switch
    {
        HealthBand.Red => "Attention",
        HealthBand.Yellow => "Warning",
        HealthBand.Unscored => "Default",
        _ => "Good",
    };

    private static string BandStyle(HealthBand band) => band switch
    {
        HealthBand.Red => "attention",
        HealthBand.Yellow => "warning",
        HealthBand.Unscored => "emphasis",
        _ => "good",
    };

    private static string ScoreColor(double score) => score < 40 ? "Attention" : score < 70 ? "Warning" : "Good";
}
