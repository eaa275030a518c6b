using System.Text.Json;
using System.Text.Json.Nodes;
using CopilotBot.Bot.Cards;
using CopilotBot.Bot.Protocol;
using CopilotBot.Core.Storage;

namespace CopilotBot.Bot.Conversation;

/// <summary>
/// Writes to users outside a turn (alerts, late drafts) through the conversation references stored when they last
/// talked to the bot. The connector answers 403 once the app is uninstalled; such references are forgotten.
/// </summary>
internal sealed class ProactiveMessenger(IConversationReferenceStore references, ConnectorClient connector)
{
    /// <summary>Sends to the user's most recent conversation; false when the bot has never talked with them.</summary>
    public async Task<bool> SendToUserAsync(string userEmail, string? text, JsonObject? card, CancellationToken cancellationToken)
    {
        var conversations = await references.GetByUserAsync(userEmail, cancellationToken);
        foreach (var stored in conversations)
        {
            var reference = JsonSerializer.Deserialize<ConversationReference>(stored.ReferenceJson, ActivityJson.Options);
            if (reference is null)
            {
                continue;
            }

            var message = reference.CreateMessage();
            message.Text = text is null ? null : SafeText.Neutralize(text);
            if (card is not null)
            {
                message.Attachments = [AdaptiveCard.Attachment(card)];
            }

            try
            {
                await connector.SendAsync(message, cancellationToken);
                return true;
            }
            catch (ConnectorException ex) when (ex.Status is System.Net.HttpStatusCode.Forbidden or System.Net.HttpStatusCode.NotFound)
            {
                await references.RemoveAsync(stored.ChannelId, stored.ConversationId, cancellationToken);
            }
        }

        return false;
    }
}
