namespace CopilotBot.Core.Feedback;

/// <summary>
/// An answer the bot posted and may get feedback on: which answer (its kind and account) a message was.
/// <see cref="AnswerId"/> is the bot's own id, also carried by Web Chat's feedback buttons; <see cref="ActivityId"/>
/// is the id the channel gave the posted message, which Teams' feedback invoke names (null when not known at once).
/// </summary>
public sealed record SentAnswer(
    string AnswerId,
    string ChannelId,
    string ConversationId,
    string? ActivityId,
    string Kind,
    string? AccountId,
    string UserEmail,
    DateTimeOffset SentAt);

/// <summary>
/// A thumbs up or down (<see cref="Reaction"/> <c>like</c> or <c>dislike</c>) on an answer, with what the user wrote,
/// stored with the answer's id and kind; <see cref="AnswerId"/> is null when the message it was given on is not a
/// known answer (its kind is then <c>unknown</c>).
/// </summary>
public sealed record AnswerFeedback(
    string? AnswerId,
    string Kind,
    string? AccountId,
    string UserEmail,
    string Reaction,
    string? Comment,
    string ChannelId,
    DateTimeOffset GivenAt);

/// <summary>The answers posted and the feedback on them; kept apart from the portfolio, which an import replaces whole.</summary>
public interface IAnswerFeedbackStore
{
    Task RecordAnswerAsync(SentAnswer answer, CancellationToken cancellationToken = default);

    Task<SentAnswer?> FindAnswerAsync(string answerId, CancellationToken cancellationToken = default);

    /// <summary>The answer posted as this message of this conversation (Teams names the message, not the answer).</summary>
    Task<SentAnswer?> FindAnswerByActivityAsync(string channelId, string conversationId, string activityId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The newest answer of the conversation posted without a known message id (the channel gave none, or it went out
    /// later from the outbox): what feedback on a message the bot cannot name is most likely about.
    /// </summary>
    Task<SentAnswer?> FindLatestUnnamedAnswerAsync(string channelId, string conversationId, CancellationToken cancellationToken = default);

    Task SaveFeedbackAsync(AnswerFeedback feedback, CancellationToken cancellationToken = default);

    /// <summary>The newest feedback first.</summary>
    Task<IReadOnlyList<AnswerFeedback>> ListFeedbackAsync(int limit, CancellationToken cancellationToken = default);
}
