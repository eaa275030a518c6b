using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CopilotBot.Bot.Protocol;

/// <summary>
/// A Bot Framework activity, read leniently: fields we do not model are kept in <see cref="Extra"/> and written back
/// unchanged (spec A2005), and free-form parts (channelData, value, entities) stay JSON nodes.
/// </summary>
internal sealed class Activity
{
    public string? Type { get; set; }
    public string? Id { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
    public string? ServiceUrl { get; set; }
    public string? ChannelId { get; set; }
    public ChannelAccount? From { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public ChannelAccount? Recipient { get; set; }
    public string? TextFormat { get; set; }
    public string? AttachmentLayout { get; set; }
    public List<ChannelAccount>? MembersAdded { get; set; }
    public List<ChannelAccount>? MembersRemoved { get; set; }
    public List<JsonObject>? ReactionsAdded { get; set; }
    public List<JsonObject>? ReactionsRemoved { get; set; }
    public string? Locale { get; set; }
    public string? Text { get; set; }
    public string? Summary { get; set; }
    public string? InputHint { get; set; }
    public SuggestedActions? SuggestedActions { get; set; }
    public List<Attachment>? Attachments { get; set; }
    public List<JsonObject>? Entities { get; set; }
    public JsonNode? ChannelData { get; set; }
    public string? Action { get; set; }
    public string? ReplyToId { get; set; }
    public JsonNode? Value { get; set; }
    public string? Name { get; set; }
    public string? DeliveryMode { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public bool IsType(string type) => string.Equals(Type, type, StringComparison.OrdinalIgnoreCase);

    /// <summary>A reply as the SDK's CreateReply builds it: from/recipient swapped, conversation and channel kept.</summary>
    public Activity CreateReply(string type = ActivityTypes.Message)
    {
        var omitReplyTo = IsType(ActivityTypes.ConversationUpdate) && ChannelIds.IsWebChat(ChannelId);
        return new Activity
        {
            Type = type,
            From = Recipient is null ? null : new ChannelAccount { Id = Recipient.Id, Name = Recipient.Name },
            Recipient = From is null ? null : new ChannelAccount { Id = From.Id, Name = From.Name, AadObjectId = From.AadObjectId },
            Conversation = Conversation is null ? null : new ConversationAccount
            {
                Id = Conversation.Id,
                Name = Conversation.Name,
                IsGroup = Conversation.IsGroup,
                ConversationType = Conversation.ConversationType,
                TenantId = Conversation.TenantId,
            },
            ChannelId = ChannelId,
            ServiceUrl = ServiceUrl,
            Locale = Locale,
            ReplyToId = omitReplyTo ? null : Id,
        };
    }

    /// <summary>
    /// Where to reach this conversation later. Without the activity id, which changes with every message while the
    /// rest stays the same: proactive messages start new ones rather than replying to a message.
    /// </summary>
    public ConversationReference GetConversationReference() => new()
    {
        User = From,
        Bot = Recipient,
        Conversation = Conversation,
        ChannelId = ChannelId,
        Locale = Locale,
        ServiceUrl = ServiceUrl,
    };
}

internal sealed class ChannelAccount
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? AadObjectId { get; set; }
    public string? Role { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class ConversationAccount
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public bool? IsGroup { get; set; }
    public string? ConversationType { get; set; }
    public string? TenantId { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class Attachment
{
    public string? ContentType { get; set; }
    public JsonNode? Content { get; set; }
    public string? ContentUrl { get; set; }
    public string? Name { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class SuggestedActions
{
    public List<string>? To { get; set; }
    public List<CardAction> Actions { get; set; } = [];
}

internal sealed record CardAction(string Type, string Title, string Value);

/// <summary>Enough of a conversation to write to it later (proactive messages).</summary>
internal sealed class ConversationReference
{
    public string? ActivityId { get; set; }
    public ChannelAccount? User { get; set; }
    public ChannelAccount? Bot { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public string? ChannelId { get; set; }
    public string? Locale { get; set; }
    public string? ServiceUrl { get; set; }

    /// <summary>A message for this conversation, addressed like a reply but not threaded to any activity.</summary>
    public Activity CreateMessage() => new()
    {
        Type = ActivityTypes.Message,
        From = Bot,
        Recipient = User,
        Conversation = Conversation,
        ChannelId = ChannelId,
        ServiceUrl = ServiceUrl,
        Locale = Locale,
    };
}

internal sealed record ResourceResponse(string? Id);

internal sealed record ExpectedReplies(IReadOnlyList<Activity> Activities);

/// <summary>The synchronous answer to an invoke: HTTP status and JSON body.</summary>
internal sealed record InvokeResponse(int Status, object? Body);

internal static class ActivityTypes
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string InstallationUpdate = "installationUpdate";
    public const string MessageReaction = "messageReaction";
    public const string MessageUpdate = "messageUpdate";
    public const string MessageDelete = "messageDelete";
    public const string Invoke = "invoke";
    public const string Event = "event";
    public const string Typing = "typing";
    public const string EndOfConversation = "endOfConversation";
}

internal static class ChannelIds
{
    public const string Teams = "msteams";
    public const string WebChat = "webchat";
    public const string DirectLine = "directline";

    /// <summary>Web Chat over Direct Line: no Action.Execute, and the user id may be an email the page was given.</summary>
    public static bool IsWebChat(string? channelId) =>
        string.Equals(channelId, WebChat, StringComparison.OrdinalIgnoreCase)
        || string.Equals(channelId, DirectLine, StringComparison.OrdinalIgnoreCase);

    public static bool IsTeams(string? channelId) => string.Equals(channelId, Teams, StringComparison.OrdinalIgnoreCase);
}

internal static class DeliveryModes
{
    public const string ExpectReplies = "expectReplies";
}

/// <summary>One set of serializer options for the wire: camelCase, nulls omitted, any casing accepted.</summary>
internal static class ActivityJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
