using System.Text;
using System.Text.Json.Nodes;
using CopilotBot.Bot.Cards;
using CopilotBot.Bot.Protocol;

namespace CopilotBot.Bot.Conversation;

/// <summary>
/// Teams streaming in a personal chat: typing activities carrying a <c>streaminfo</c> entity (informative, then
/// streaming with the whole text so far), the first one's id becoming the stream id, and a final message that
/// closes the stream. Updates are throttled; Teams rejects more than about one per second.
/// </summary>
internal sealed class TeamsStream(TurnContext turn, TimeSpan interval, TimeProvider timeProvider)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly StringBuilder _text = new();
    private string? _streamId;
    private int _sequence;
    private DateTimeOffset _lastUpdate = DateTimeOffset.MinValue;
    private bool _failed;

    public bool Started => _streamId is not null && !_failed;

    public string Text
    {
        get
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }

    public Task InformAsync(string message, CancellationToken cancellationToken) =>
        SendUpdateAsync("informative", message, force: true, cancellationToken);

    public Task OnDeltaAsync(string delta, CancellationToken cancellationToken)
    {
        lock (_text)
        {
            _text.Append(delta);
        }

        return SendUpdateAsync("streaming", Text, force: false, cancellationToken);
    }

    /// <summary>Sends the final message of the stream; its text is the whole answer.</summary>
    public async Task<ResourceResponse> FinishAsync(Activity final, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            final.Entities ??= [];
            final.Entities.Add(new JsonObject { ["type"] = "streaminfo", ["streamId"] = _streamId, ["streamType"] = "final" });
            return await turn.SendAsync(final, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task SendUpdateAsync(string streamType, string text, bool force, CancellationToken cancellationToken)
    {
        if (_failed || string.IsNullOrEmpty(text))
        {
            return;
        }

        var now = timeProvider.GetUtcNow();
        if (!force && now - _lastUpdate < interval)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var update = turn.Activity.CreateReply(ActivityTypes.Typing);
            // Streamed text is model output on its way: inert like every other text the bot sends.
            update.Text = SafeText.Neutralize(text);
            var info = new JsonObject { ["type"] = "streaminfo", ["streamType"] = streamType, ["streamSequence"] = ++_sequence };
            if (_streamId is not null)
            {
                info["streamId"] = _streamId;
            }

            update.Entities = [info];
            var response = await turn.SendAsync(update, cancellationToken);
            _streamId ??= response.Id;
            _lastUpdate = timeProvider.GetUtcNow();
        }
        catch (ConnectorException)
        {
            // A channel that refuses streaming still gets the whole answer as one message.
            _failed = true;
        }
        finally
        {
            _gate.Release();
        }
    }
}
