using CopilotBot.Core.Feedback;
using Npgsql;

namespace CopilotBot.Core.Storage.Postgres;

/// <summary>Answers and feedback in PostgreSQL, shared by every instance: the feedback may reach another instance than the answer.</summary>
public sealed class PostgresAnswerFeedbackStore(PostgresDatabase database) : IAnswerFeedbackStore
{
    private const string AnswerColumns = "answer_id, channel_id, conversation_id, activity_id, kind, account_id, user_email, sent_at";

    public Task RecordAnswerAsync(SentAnswer answer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return database.ExecuteAsync($"""
            INSERT INTO answer ({AnswerColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (answer_id) DO UPDATE SET activity_id = excluded.activity_id
            """,
            [answer.AnswerId, answer.ChannelId, answer.ConversationId, answer.ActivityId, answer.Kind, answer.AccountId, answer.UserEmail, answer.SentAt],
            cancellationToken);
    }

    public async Task<SentAnswer?> FindAnswerAsync(string answerId, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync($"SELECT {AnswerColumns} FROM answer WHERE answer_id = $1", [answerId], ReadAnswer, cancellationToken).ConfigureAwait(false))
        .FirstOrDefault();

    public async Task<SentAnswer?> FindAnswerByActivityAsync(string channelId, string conversationId, string activityId, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync($"SELECT {AnswerColumns} FROM answer WHERE channel_id = $1 AND conversation_id = $2 AND activity_id = $3",
            [channelId, conversationId, activityId], ReadAnswer, cancellationToken).ConfigureAwait(false))
        .FirstOrDefault();

    public async Task<SentAnswer?> FindLatestUnnamedAnswerAsync(string channelId, string conversationId, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync($"SELECT {AnswerColumns} FROM answer WHERE channel_id = $1 AND conversation_id = $2 AND activity_id IS NULL ORDER BY sent_at DESC LIMIT 1",
            [channelId, conversationId], ReadAnswer, cancellationToken).ConfigureAwait(false))
        .FirstOrDefault();

    public Task SaveFeedbackAsync(AnswerFeedback feedback, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        return database.ExecuteAsync("""
            INSERT INTO answer_feedback (answer_id, kind, account_id, user_email, reaction, comment, channel_id, given_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """,
            [feedback.AnswerId, feedback.Kind, feedback.AccountId, feedback.UserEmail, feedback.Reaction, feedback.Comment, feedback.ChannelId, feedback.GivenAt],
            cancellationToken);
    }

    public Task<IReadOnlyList<AnswerFeedback>> ListFeedbackAsync(int limit, CancellationToken cancellationToken = default) =>
        database.QueryAsync("""
            SELECT answer_id, kind, account_id, user_email, reaction, comment, channel_id, given_at
            FROM answer_feedback ORDER BY given_at DESC, id DESC LIMIT $1
            """, [limit], r => new AnswerFeedback(
                r.IsDBNull(0) ? null : r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3), r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5), r.GetString(6), r.GetFieldValue<DateTimeOffset>(7)), cancellationToken);

    private static SentAnswer ReadAnswer(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4),
        r.IsDBNull(5) ? null : r.GetString(5), r.GetString(6), r.GetFieldValue<DateTimeOffset>(7));
}
