using CopilotBot.Core.Feedback;
using Microsoft.Data.Sqlite;

namespace CopilotBot.Core.Storage.Sqlite;

/// <summary>Answers and feedback in <c>feedback.db</c> next to the portfolio, which an import replaces while feedback must stay.</summary>
public sealed class SqliteAnswerFeedbackStore : IAnswerFeedbackStore
{
    /// <summary>The database file name under <see cref="CopilotOptions.DataDirectory"/>.</summary>
    public const string FileName = "feedback.db";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS answer (
            answer_id TEXT PRIMARY KEY,
            channel_id TEXT NOT NULL,
            conversation_id TEXT NOT NULL,
            activity_id TEXT,
            kind TEXT NOT NULL,
            account_id TEXT,
            user_email TEXT NOT NULL,
            sent_at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_answer_activity ON answer (channel_id, conversation_id, activity_id);
        CREATE TABLE IF NOT EXISTS answer_feedback (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            answer_id TEXT,
            kind TEXT NOT NULL,
            account_id TEXT,
            user_email TEXT NOT NULL,
            reaction TEXT NOT NULL,
            comment TEXT,
            channel_id TEXT NOT NULL,
            given_at INTEGER NOT NULL);
        """;

    private const string AnswerColumns = "answer_id, channel_id, conversation_id, activity_id, kind, account_id, user_email, sent_at";

    private readonly SqliteFile _file;

    public SqliteAnswerFeedbackStore(string databasePath) => _file = new SqliteFile(databasePath, Schema);

    public async Task RecordAnswerAsync(SentAnswer answer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answer);
        await ExecuteAsync($"INSERT OR REPLACE INTO answer ({AnswerColumns}) VALUES ($id, $channel, $conversation, $activity, $kind, $account, $user, $at)", cancellationToken,
            ("$id", answer.AnswerId), ("$channel", answer.ChannelId), ("$conversation", answer.ConversationId), ("$activity", answer.ActivityId),
            ("$kind", answer.Kind), ("$account", answer.AccountId), ("$user", answer.UserEmail), ("$at", answer.SentAt.ToUnixTimeMilliseconds())).ConfigureAwait(false);
    }

    public async Task<SentAnswer?> FindAnswerAsync(string answerId, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {AnswerColumns} FROM answer WHERE answer_id = $id", ReadAnswer, cancellationToken, ("$id", answerId)).ConfigureAwait(false))
        .FirstOrDefault();

    public async Task<SentAnswer?> FindAnswerByActivityAsync(string channelId, string conversationId, string activityId, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {AnswerColumns} FROM answer WHERE channel_id = $channel AND conversation_id = $conversation AND activity_id = $activity",
            ReadAnswer, cancellationToken, ("$channel", channelId), ("$conversation", conversationId), ("$activity", activityId)).ConfigureAwait(false))
        .FirstOrDefault();

    public async Task<SentAnswer?> FindLatestUnnamedAnswerAsync(string channelId, string conversationId, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {AnswerColumns} FROM answer WHERE channel_id = $channel AND conversation_id = $conversation AND activity_id IS NULL ORDER BY sent_at DESC LIMIT 1",
            ReadAnswer, cancellationToken, ("$channel", channelId), ("$conversation", conversationId)).ConfigureAwait(false))
        .FirstOrDefault();

    public async Task SaveFeedbackAsync(AnswerFeedback feedback, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        await ExecuteAsync("""
            INSERT INTO answer_feedback (answer_id, kind, account_id, user_email, reaction, comment, channel_id, given_at)
            VALUES ($id, $kind, $account, $user, $reaction, $comment, $channel, $at)
            """, cancellationToken,
            ("$id", feedback.AnswerId), ("$kind", feedback.Kind), ("$account", feedback.AccountId), ("$user", feedback.UserEmail),
            ("$reaction", feedback.Reaction), ("$comment", feedback.Comment), ("$channel", feedback.ChannelId), ("$at", feedback.GivenAt.ToUnixTimeMilliseconds())).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<AnswerFeedback>> ListFeedbackAsync(int limit, CancellationToken cancellationToken = default) =>
        QueryAsync("""
            SELECT answer_id, kind, account_id, user_email, reaction, comment, channel_id, given_at
            FROM answer_feedback ORDER BY given_at DESC, id DESC LIMIT $limit
            """, r => new AnswerFeedback(
                r.IsDBNull(0) ? null : r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3), r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5), r.GetString(6), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7))),
            cancellationToken, ("$limit", limit));

    private static SentAnswer ReadAnswer(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4),
        r.IsDBNull(5) ? null : r.GetString(5), r.GetString(6), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7)));

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Func<SqliteDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => _file.OpenAsync(cancellationToken);
}
