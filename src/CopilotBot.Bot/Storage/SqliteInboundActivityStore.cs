using CopilotBot.Core;
using CopilotBot.Core.Storage;
using CopilotBot.Core.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace CopilotBot.Bot.Storage;

/// <summary>The turn inbox in the bot's state file: an acknowledged activity survives a crash and is handled after restart.</summary>
internal sealed class SqliteInboundActivityStore(IOptions<BotOptions> botOptions, IOptions<CopilotOptions> copilotOptions) : IInboundActivityStore
{
    private const string Columns = "id, payload, received_at, attempts";

    private readonly SqliteFile _file = BotStateFile.Open(botOptions.Value, copilotOptions.Value, """
        CREATE TABLE IF NOT EXISTS inbound_activity (
            id INTEGER PRIMARY KEY AUTOINCREMENT, payload TEXT NOT NULL, received_at INTEGER NOT NULL,
            attempts INTEGER NOT NULL, lease_until INTEGER NULL);
        """);

    public async Task<long> RecordAsync(string payload, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        await using var connection = await _file.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO inbound_activity (payload, received_at, attempts, lease_until) VALUES ($payload, $now, 1, $until) RETURNING id";
        command.Parameters.AddWithValue("$payload", payload);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$until", leaseUntil.ToUnixTimeMilliseconds());
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>One statement, so one write transaction: two claimers never take the same activity.</summary>
    public async Task<IReadOnlyList<InboundActivity>> ClaimAbandonedAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken = default)
    {
        await using var connection = await _file.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            UPDATE inbound_activity SET lease_until = $until, attempts = attempts + 1
            WHERE id IN (SELECT id FROM inbound_activity WHERE lease_until IS NULL OR lease_until <= $now ORDER BY id LIMIT $max)
            RETURNING {Columns}
            """;
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$until", leaseUntil.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$max", max);
        var claimed = await StoredRows.ReadAllAsync(command, Read, cancellationToken);
        return [.. claimed.OrderBy(a => a.Id)];
    }

    public Task RenewAsync(IReadOnlyCollection<long> ids, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default) =>
        SetLeaseAsync(ids, leaseUntil.ToUnixTimeMilliseconds(), cancellationToken);

    public Task ReleaseAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default) =>
        SetLeaseAsync(ids, DBNull.Value, cancellationToken);

    public async Task CompleteAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await _file.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM inbound_activity WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<InboundActivity>> ListUnfinishedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _file.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM inbound_activity ORDER BY id";
        return await StoredRows.ReadAllAsync(command, Read, cancellationToken);
    }

    private async Task SetLeaseAsync(IReadOnlyCollection<long> ids, object leaseUntil, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await using var connection = await _file.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        foreach (var id in ids)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE inbound_activity SET lease_until = $until WHERE id = $id";
            command.Parameters.AddWithValue("$until", leaseUntil);
            command.Parameters.AddWithValue("$id", id);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static InboundActivity Read(System.Data.Common.DbDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), reader.GetInt32(3));
}
