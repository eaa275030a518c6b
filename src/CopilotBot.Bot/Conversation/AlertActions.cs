using System.Text.Json.Nodes;
using CopilotBot.Bot.Cards;
using CopilotBot.Core;
using CopilotBot.Core.Alerts;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Portfolio;

namespace CopilotBot.Bot.Conversation;

/// <summary>
/// The alert card's "Snooze 7 days" and "Mark handled" buttons: the key comes from the card, so the asker's access to
/// the alert's account is checked again, and an alert they may not see is answered like one that does not exist.
/// </summary>
internal sealed class AlertActions(AlertService alerts, PortfolioService portfolio, TimeProvider timeProvider)
{
    public static bool IsAlertVerb(string? verb) => verb is CardActions.SnoozeAlertVerb or CardActions.HandleAlertVerb;

    /// <summary>Applies the action and returns the refreshed card, or a message when there is nothing to refresh.</summary>
    public async Task<(JsonObject? Card, string? Message)> ApplyAsync(User user, CardActionRequest request, string? channelId, CancellationToken cancellationToken)
    {
        if (request.AlertKey is not { } key)
        {
            return (null, "This alert button is missing its alert.");
        }

        try
        {
            var scope = await portfolio.GetScopeAsync(user.Email, cancellationToken);
            var alert = request.Verb == CardActions.SnoozeAlertVerb
                ? await alerts.SnoozeAsync(scope, key, cancellationToken)
                : await alerts.HandleAsync(scope, key, cancellationToken);
            return (AlertCard.Build(alert, channelId, timeProvider.GetUtcNow()), null);
        }
        catch (CopilotException ex)
        {
            return (null, SafeText.Neutralize(ex.Message));
        }
    }
}
