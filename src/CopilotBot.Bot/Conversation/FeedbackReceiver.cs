using System.Text.Json.Nodes;
using CopilotBot.Bot.Cards;
using CopilotBot.Bot.Protocol;
using CopilotBot.Core.Feedback;

namespace CopilotBot.Bot.Conversation;

/// <summary>
/// Thumbs up or down on an answer, from Teams (the <c>message/submitAction</c> invoke its feedback buttons send, naming
/// the message) or Web Chat (an event carrying the like or dislike action of the answer's entity, naming the answer):
/// stored with the answer's id, kind and account.
/// </summary>
internal sealed partial class FeedbackReceiver(
    IAnswerFeedbackStore store,
    UserDirectory users,
    TimeProvider timeProvider,
    ILogger<FeedbackReceiver> logger)
{
    public const string InvokeName = "message/submitAction";

    /// <summary>Teams: value { actionName: "feedback", actionValue: { reaction, feedback } }, replyToId the message.</summary>
    public async Task OnInvokeAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        if (activity.Value is not JsonObject value || Read(value, "actionName") != "feedback" || value["actionValue"] is not JsonObject action
            || Reaction(Read(action, "reaction")) is not { } reaction)
        {
            turn.InvokeResponse = new InvokeResponse(StatusCodes.Status400BadRequest, null);
            return;
        }

        var answer = (activity.ReplyToId is { } replyTo
                ? await store.FindAnswerByActivityAsync(activity.ChannelId!, activity.Conversation!.Id!, replyTo, cancellationToken)
                : null)
            ?? await store.FindLatestUnnamedAnswerAsync(activity.ChannelId!, activity.Conversation!.Id!, cancellationToken);
        await SaveAsync(turn, answer, reaction, Comment(action["feedback"]), cancellationToken);
        turn.InvokeResponse = new InvokeResponse(StatusCodes.Status200OK, new JsonObject());
    }

    /// <summary>Web Chat: an event whose entity is the answer's LikeAction or DislikeAction, its @id "answerId:reaction".</summary>
    public async Task OnWebChatEventAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var action = turn.Activity.Entities?.FirstOrDefault(e => Read(e, "@type") is "LikeAction" or "DislikeAction");
        if (action is null || Read(action, "@id") is not { } id || id.Split(':') is not [var answerId, var vote] || Reaction(vote) is not { } reaction)
        {
            return;
        }

        await SaveAsync(turn, await store.FindAnswerAsync(answerId, cancellationToken), reaction, comment: null, cancellationToken);
    }

    private async Task SaveAsync(TurnContext turn, SentAnswer? answer, string reaction, string? comment, CancellationToken cancellationToken)
    {
        var user = await users.FindAsync(turn.Activity, cancellationToken);
        if (user is null)
        {
            return; // only registered users' feedback counts, as only they get answers
        }

        // An answer is only ever another user's when its id was forged: the feedback is then kept without it.
        if (answer is not null && !string.Equals(answer.UserEmail, user.Email, StringComparison.OrdinalIgnoreCase))
        {
            answer = null;
        }

        await store.SaveFeedbackAsync(new AnswerFeedback(answer?.AnswerId, answer?.Kind ?? "unknown", answer?.AccountId, user.Email, reaction,
            comment, turn.Activity.ChannelId ?? "?", timeProvider.GetUtcNow()), cancellationToken);
        LogFeedback(logger, reaction, answer?.Kind ?? "unknown", answer?.AnswerId);
    }

    private static string? Reaction(string? text) =>
        text?.ToLowerInvariant() switch { "like" or "likeaction" => "like", "dislike" or "dislikeaction" => "dislike", _ => null };

    /// <summary>Teams sends what the user wrote as a JSON string ({"feedbackText": "..."}) or an object.</summary>
    private static string? Comment(JsonNode? feedback)
    {
        var node = feedback;
        if (feedback is JsonValue v && v.TryGetValue<string>(out var text))
        {
            try
            {
                node = JsonNode.Parse(text);
            }
            catch (System.Text.Json.JsonException)
            {
                return string.IsNullOrWhiteSpace(text) ? null : Clip(text);
            }
        }

        return node is JsonObject o && Read(o, "feedbackText") is { } said ? Clip(said) : null;

        static string Clip(string s) => s.Length <= 2000 ? s : s[..2000];
    }

    private static string? Read(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Feedback {Reaction} on {Kind} answer {AnswerId}")]
    private static partial void LogFeedback(ILogger logger, string reaction, string kind, string? answerId);
}
