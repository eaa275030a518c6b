using System.Globalization;
using System.Text.Json.Nodes;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Core.Health;
using static CopilotBot.Bot.Cards.AdaptiveCard;

namespace CopilotBot.Bot.Cards;

/// <summary>An account's health at a glance: score, band and why, then components, trend and flags folded away, draft buttons.</summary>
internal static class HealthCard
{
    /// <summary>Weeks of history the trend table shows: enough to see a fall, few enough to read at a glance.</summary>
    public const int TrendWeeks = 8;

    public static readonly DraftKind[] Actions = [.. DraftCatalogue.All.Where(k => k.OnAccountCards).Select(k => k.Kind)];

    public static JsonObject Build(HealthReport report, string? channelId)
    {
        var reason = BandReason(report);
        var body = new List<JsonNode>
        {
            Container(
            [
                Text($"Health · {SafeText.Neutralize(report.AccountName)} ({SafeText.Neutralize(report.AccountId)})", size: "Medium", weight: "Bolder"),
                Columns(
                    ("auto", [Text(ScoreText(report), size: "ExtraLarge", weight: "Bolder", color: BandColor(report.Band))]),
                    ("stretch",
                    [
                        Text(report.Scored ? $"{report.Band} · health score out of 100" : "Unscored · too little data for a score", weight: "Bolder", color: BandColor(report.Band)),
                        Text($"As of {report.AsOf:yyyy-MM-dd} · {TrendLine(report.Trend)}", subtle: true, spacing: "None"),
                    ])),
                Text(reason, weight: "Bolder", spacing: "Small"),
            ], style: BandStyle(report.Band), bleed: true),
        };

        var components = new List<JsonNode>
        {
            Text("Points each component costs the score after weighting; the biggest loss is the drag.", size: "Small", subtle: true),
        };
        foreach (var component in report.Components)
        {
            var isDrag = report.Drag == component.Component;
            components.Add(Columns(
                ("110px", [Text(component.Component.ToString(), weight: isDrag ? "Bolder" : null, size: "Small")]),
                ("60px", [Text(component.Missing ? "missing" : $"{component.Score:0}/100", size: "Small", color: component.Missing ? null : ScoreColor(component.Score!.Value))]),
                ("stretch", [Text(component.Missing ? "not scored" : $"weight {component.EffectiveWeight * 100:0}% · {PointsLost(component):0.#} points lost{(isDrag ? " · biggest drag" : string.Empty)}", size: "Small", subtle: !isDrag, weight: isDrag ? "Bolder" : null)])));
        }

        body.AddRange(Collapsible("components", "Components", components));

        if (report.Trend.History.Count > 1)
        {
            body.AddRange(Collapsible("trend", $"Trend, last {Math.Min(TrendWeeks, report.Trend.History.Count)} weeks" + (report.Trend.EarlyWarning ? " · falling fast" : string.Empty), [TrendTable(report.Trend)]));
        }

        var flags = new List<JsonNode>();
        AddFlags(flags, report.Flags, "⚠", "Attention");
        AddFlags(flags, report.Signals, "✓", "Good");
        if (flags.Count > 0)
        {
            body.AddRange(Collapsible("flags", $"Flags and signals ({report.Flags.Count + report.Signals.Count})", flags));
        }

        if (report.MissingData.Count > 0)
        {
            body.Add(Text("Missing data: " + string.Join(", ", report.MissingData.Select(SafeText.Neutralize)), subtle: true, size: "Small", spacing: "Small"));
        }

        var actions = Actions.Select(kind => (JsonNode)CardActions.Draft(kind, report.AccountId, "Draft " + DraftCatalogue.Of(kind).Title.ToLowerInvariant(), channelId));
        return Card(body, actions, fallbackText: report.Scored ? $"{SafeText.Neutralize(report.AccountName)}: health {report.Score} ({report.Band})" : $"{SafeText.Neutralize(report.AccountName)}: unscored (too little data)");
    }

    /// <summary>
    /// Why the account has its band, in a few words: a critical flag makes an account red whatever its score, which
    /// is why 76 can be red for one account and green for another.
    /// </summary>
    public static string BandReason(HealthReport report)
    {
        if (report.Band == HealthBand.Red && report.Flags.FirstOrDefault(f => f.ForcesRed) is { } overriding)
        {
            return $"Red because {Lower(SafeText.Neutralize(overriding.Description).TrimEnd('.'))}: a critical flag makes an account red whatever its score.";
        }

        var flags = report.Flags.Count == 0 ? string.Empty : "; flags: " + string.Join(", ", report.Flags.Select(f => Words(f.Code)));
        return $"{report.Band} by its score of {report.Score}{flags}.";
    }

    /// <summary>The band reason in a few words, for a table row.</summary>
    public static string ShortBandReason(HealthReport report) =>
        report.Band == HealthBand.Red && report.Flags.FirstOrDefault(f => f.ForcesRed) is { } overriding
            ? $"red: {Words(overriding.Code)} overrides the score"
            : report.Flags.Count > 0 ? string.Join(", ", report.Flags.Select(f => Words(f.Code)))
            : string.Empty;

    private static string Words(string code) => code.Replace('_', ' ');

    private static string Lower(string text) => text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;

    private static double PointsLost(ComponentScore component) => Math.Max(0, (100 - (component.Score ?? 0)) * component.EffectiveWeight);

    /// <summary>The last weeks' scores as a compact table (week, score, change): readable in every client, unlike block characters.</summary>
    private static JsonObject TrendTable(HealthTrend trend)
    {
        var points = trend.History.TakeLast(TrendWeeks).ToList();
        var rows = new List<(string, string)>();
        for (var i = points.Count - 1; i >= 0; i--)
        {
            var change = i == 0 ? string.Empty : $" ({points[i].Score - points[i - 1].Score:+0;-0;±0})";
            rows.Add((points[i].AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), $"{points[i].Score}{change}"));
        }

        return Facts(rows);
    }

    private static void AddFlags(List<JsonNode> body, IReadOnlyList<HealthFlag> flags, string icon, string color)
    {
        foreach (var flag in flags)
        {
            body.Add(Text($"{icon} {SafeText.Neutralize(flag.Description)}", color: color, weight: flag.ForcesRed ? "Bolder" : null, size: "Small"));
            foreach (var evidence in flag.Evidence)
            {
                body.Add(Text($"{SafeText.Neutralize(evidence.Source)} — {SafeText.Quote(evidence.Text)}", size: "Small", subtle: true, spacing: "None"));
            }
        }
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
