using System.Globalization;
using System.Text.Json.Nodes;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Core.Alerts;
using static CopilotBot.Bot.Cards.AdaptiveCard;

namespace CopilotBot.Bot.Cards;

/// <summary>
/// An early warning: what changed, why, the evidence with its sources, and buttons to draft a remediation plan or
/// discovery questions, snooze or mark handled. A snoozed or handled alert shows its state instead of those two buttons.
/// </summary>
internal static class AlertCard
{
    private const int MaxEvidence = 6;

    public static JsonObject Build(Alert alert, string? channelId, DateTimeOffset now)
    {
        var status = alert.StatusAt(now);
        var body = new List<JsonNode>
        {
            Container(
            [
                Text(Heading(alert.Kind), weight: "Bolder", color: alert.Kind == AlertKind.Expansion ? "Good" : "Attention", size: "Small"),
                Text(SafeText.Neutralize(alert.Title), size: "Large", weight: "Bolder", spacing: "None"),
                Text($"{SafeText.Neutralize(alert.AccountName)} ({SafeText.Neutralize(alert.AccountId)}) · as of {alert.AsOf:yyyy-MM-dd}", subtle: true, spacing: "None"),
            ], style: alert.Kind == AlertKind.Expansion ? "good" : "attention", bleed: true),
            Text(SafeText.Neutralize(alert.Summary), spacing: "Medium"),
        };

        if (alert.Evidence.Count > 0)
        {
            body.Add(Text("Evidence", weight: "Bolder", spacing: "Medium"));
            foreach (var evidence in alert.Evidence.Take(MaxEvidence))
            {
                body.Add(Text($"- {SafeText.Neutralize(evidence.Text)} · `{SafeText.Neutralize(evidence.Source)}`", spacing: "Small"));
            }

            if (alert.Evidence.Count > MaxEvidence)
            {
                body.Add(Text($"…and {alert.Evidence.Count - MaxEvidence} more", subtle: true, spacing: "None"));
            }
        }

        var state = StateLine(alert, status);
        if (state is not null)
        {
            body.Add(Text(state, weight: "Bolder", color: status == AlertStatus.Handled ? "Good" : "Warning", spacing: "Medium"));
        }

        var actions = new List<JsonNode>
        {
            CardActions.Draft(DraftKind.RemediationPlan, alert.AccountId, DraftCatalogue.Of(DraftKind.RemediationPlan).Title, channelId),
            CardActions.Draft(DraftKind.DiscoveryQuestions, alert.AccountId, DraftCatalogue.Of(DraftKind.DiscoveryQuestions).Title, channelId),
        };
        if (status == AlertStatus.Open)
        {
            actions.Add(CardActions.Alert(CardActions.SnoozeAlertVerb, alert.Key, "Snooze 7 days", channelId));
            actions.Add(CardActions.Alert(CardActions.HandleAlertVerb, alert.Key, "Mark handled", channelId));
        }

        return Card(body, actions, fallbackText: SafeText.Neutralize(alert.Title));
    }

    private static string? StateLine(Alert alert, AlertStatus status) => status switch
    {
        AlertStatus.Snoozed => string.Create(CultureInfo.InvariantCulture, $"Snoozed until {alert.SnoozedUntil:yyyy-MM-dd} by {SafeText.Neutralize(alert.SnoozedBy ?? "someone")}"),
        AlertStatus.Handled => string.Create(CultureInfo.InvariantCulture, $"Handled by {SafeText.Neutralize(alert.HandledBy ?? "someone")} on {alert.HandledAt:yyyy-MM-dd}"),
        AlertStatus.Resolved => string.Create(CultureInfo.InvariantCulture, $"Resolved on {alert.ResolvedAt:yyyy-MM-dd}: the condition no longer holds"),
        _ => null,
    };

    private static string Heading(AlertKind kind) => kind switch
    {
        AlertKind.BandWorse => "⚠ Early warning · band got worse",
        AlertKind.ScoreDrop => "⚠ Early warning · fast score drop",
        AlertKind.CriticalFlag => "⚠ Early warning · critical flag",
        AlertKind.RenewalWindow => "⚠ Renewal at risk",
        _ => "✓ Expansion opportunity",
    };
}
