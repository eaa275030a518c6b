namespace CopilotBot.Bot.Protocol;

/// <summary>
/// One inbound activity and the ways to answer it: through the outbox (messages) or straight to the connector
/// (typing and stream updates, which are worthless late), or buffered for the HTTP response.
/// </summary>
internal sealed class TurnContext(Activity activity, ConnectorClient connector, ReplyOutbox? outbox = null)
{
    private readonly List<Activity> _buffered = [];
    private readonly Lock _lock = new();

    public Activity Activity { get; } = activity;

    /// <summary>expectReplies: every reply goes into the HTTP response, nothing is posted (A3113).</summary>
    public bool ExpectReplies { get; } = string.Equals(activity.DeliveryMode, DeliveryModes.ExpectReplies, StringComparison.OrdinalIgnoreCase);

    public InvokeResponse? InvokeResponse { get; set; }

    /// <summary>Teams streams only in one-to-one chats, and a buffered turn cannot stream at all.</summary>
    public bool CanStream => !ExpectReplies
        && ChannelIds.IsTeams(Activity.ChannelId)
        && string.Equals(Activity.Conversation?.ConversationType, "personal", StringComparison.OrdinalIgnoreCase);

    public IReadOnlyList<Activity> BufferedReplies
    {
        get
        {
            lock (_lock)
            {
                return [.. _buffered];
            }
        }
    }

    public Task<ResourceResponse> SendAsync(Activity reply, CancellationToken cancellationToken)
    {
        if (ExpectReplies)
        {
            if (!reply.IsType(ActivityTypes.Typing))
            {
                lock (_lock)
                {
                    _buffered.Add(reply);
                }
            }

            return Task.FromResult(new ResourceResponse(null));
        }

        return outbox is null || reply.IsType(ActivityTypes.Typing)
            ? connector.SendAsync(reply, cancellationToken)
            : outbox.SendAsync(reply, cancellationToken);
    }

    public Task SendTypingAsync(CancellationToken cancellationToken)
    {
        var typing = Activity.CreateReply(ActivityTypes.Typing);
        typing.ReplyToId = null;
        return SendAsync(typing, cancellationToken);
    }
}

/// <summary>The bot's logic, called once per activity.</summary>
internal interface IBot
{
    Task OnTurnAsync(TurnContext turn, CancellationToken cancellationToken);
}
