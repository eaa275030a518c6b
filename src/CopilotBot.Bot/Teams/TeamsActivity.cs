using System.Text.RegularExpressions;
using CopilotBot.Bot.Protocol;

namespace CopilotBot.Bot.Teams;

/// <summary>Where a conversation happens; groups and channels are visible to more people than the asker.</summary>
internal enum ConversationKind { Personal, GroupChat, Channel }

internal static partial class TeamsActivity
{
    public static ConversationKind KindOf(Activity activity) => activity.Conversation?.ConversationType?.ToUpperInvariant() switch
    {
        "CHANNEL" => ConversationKind.Channel,
        "GROUPCHAT" => ConversationKind.GroupChat,
        _ when activity.Conversation?.IsGroup == true => ConversationKind.GroupChat,
        _ => ConversationKind.Personal,
    };

    /// <summary>
    /// The text without the bot's own @mention, found through the mention entities (not the text) as the SDK does;
    /// mentions of other people stay.
    /// </summary>
    public static string StripBotMention(Activity activity)
    {
        var text = activity.Text ?? string.Empty;
        var botId = activity.Recipient?.Id;
        foreach (var entity in activity.Entities ?? [])
        {
            if (!string.Equals(JsonParts.Text(entity["type"]), "mention", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var mentioned = entity["mentioned"];
            if (botId is null || !string.Equals(JsonParts.Text(JsonParts.Member(mentioned, "id")), botId, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var mentionText = JsonParts.Text(entity["text"]);
            if (string.IsNullOrEmpty(mentionText))
            {
                mentionText = $"<at>{JsonParts.Text(JsonParts.Member(mentioned, "name"))}</at>";
            }

            text = text.Replace(mentionText, string.Empty, StringComparison.OrdinalIgnoreCase);
        }

        return Whitespace().Replace(text, " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
