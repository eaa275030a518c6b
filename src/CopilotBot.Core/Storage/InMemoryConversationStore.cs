using System.Collections.Concurrent;

namespace CopilotBot.Core.Storage;

/// <summary>In-process conversation references and context, for tests and single-run tools; lost on restart.</summary>
public sealed class InMemoryConversationStore : IConversationReferenceStore, IConversationContextStore
{
    private readonly ConcurrentDictionary<(string, string), StoredConversation> _references = new();
    private readonly ConcurrentDictionary<(string, string), string> _states = new();

    public Task SaveAsync(StoredConversation conversation, CancellationToken cancellationToken = default)
    {
        _references[(conversation.ChannelId, conversation.ConversationId)] = conversation;
        return Task.CompletedTask;
    }

    public Task<StoredConversation?> GetAsync(string channelId, string conversationId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_references.TryGetValue((channelId, conversationId), out var found) ? found : null);

    public Task<IReadOnlyList<StoredConversation>> GetByUserAsync(string userEmail, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<StoredConversation>>(
        [
            .. _references.Values
                .Where(c => string.Equals(c.UserEmail, userEmail, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(c => c.UpdatedAt),
        ]);

    public Task RemoveAsync(string channelId, string conversationId, CancellationToken cancellationToken = default)
    {
        _references.TryRemove((channelId, conversationId), out _);
        _states.TryRemove((channelId, conversationId), out _);
        return Task.CompletedTask;
    }

    public Task<string?> GetStateAsync(string channelId, string conversationId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_states.TryGetValue((channelId, conversationId), out var state) ? state : null);

    public Task SetStateAsync(string channelId, string conversationId, string stateJson, CancellationToken cancellationToken = default)
    {
        _states[(channelId, conversationId)] = stateJson;
        return Task.CompletedTask;
    }
}
