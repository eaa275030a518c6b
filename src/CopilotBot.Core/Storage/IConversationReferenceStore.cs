namespace CopilotBot.Core.Storage;

/// <summary>
/// A conversation the bot may write to later (proactive messages). The channel-specific reference is kept as the
/// JSON the bot host wrote, so that Core stays free of the Activity protocol.
/// </summary>
public sealed record StoredConversation(
    string ChannelId,
    string ConversationId,
    string ServiceUrl,
    string? UserEmail,
    string ReferenceJson,
    DateTimeOffset UpdatedAt);

/// <summary>Conversation references, one per (channel, conversation); implementations must survive restarts except the in-process one.</summary>
public interface IConversationReferenceStore
{
    /// <summary>Adds or replaces the reference of a conversation.</summary>
    Task SaveAsync(StoredConversation conversation, CancellationToken cancellationToken = default);

    Task<StoredConversation?> GetAsync(string channelId, string conversationId, CancellationToken cancellationToken = default);

    /// <summary>Every conversation a user was last seen in, newest first.</summary>
    Task<IReadOnlyList<StoredConversation>> GetByUserAsync(string userEmail, CancellationToken cancellationToken = default);

    /// <summary>Forgets a conversation (the app was uninstalled or the bot removed).</summary>
    Task RemoveAsync(string channelId, string conversationId, CancellationToken cancellationToken = default);
}

/// <summary>
/// What a conversation remembers for follow-ups ("and its renewal?", "the second one"): the copilot's state, as the JSON
/// it writes; the store keeps it as it is.
/// </summary>
public interface IConversationContextStore
{
    Task<string?> GetStateAsync(string channelId, string conversationId, CancellationToken cancellationToken = default);

    Task SetStateAsync(string channelId, string conversationId, string stateJson, CancellationToken cancellationToken = default);
}
