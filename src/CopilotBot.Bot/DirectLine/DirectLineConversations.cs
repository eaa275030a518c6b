using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CopilotBot.Bot.DirectLine;

/// <summary>The in-memory conversations of the local Direct Line channel, bounded in number.</summary>
internal sealed class DirectLineConversations(IOptions<DirectLineOptions> options, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, DirectLineConversation> _conversations = new(StringComparer.Ordinal);
    private readonly Lock _evictionGate = new();

    public int Count => _conversations.Count;

    /// <summary>Creates a conversation with a new id, dropping the least recently used one when full.</summary>
    public DirectLineConversation Create()
    {
        var now = timeProvider.GetUtcNow();
        var conversation = new DirectLineConversation(
            Guid.NewGuid().ToString("N"), options.Value.MaxActivitiesPerConversation, now);
        lock (_evictionGate)
        {
            while (_conversations.Count >= options.Value.MaxConversations)
            {
                var oldest = _conversations.Values.MinBy(c => c.LastUsed);
                if (oldest is null)
                {
                    break;
                }

                _conversations.TryRemove(oldest.Id, out _);
            }

            _conversations[conversation.Id] = conversation;
        }

        return conversation;
    }

    public DirectLineConversation? Find(string conversationId) =>
        _conversations.TryGetValue(conversationId, out var conversation) ? conversation : null;
}
