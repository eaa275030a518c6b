using System.Runtime.CompilerServices;
using CopilotBot.Core;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CopilotBot.Bot.Storage;

/// <summary>
/// The bot's own SQLite file (conversations, outbox): <c>Bot:StatePath</c> or <c>bot-state.db</c> in the data
/// directory. Each store opens connections through one of these, which creates its tables on first use.
/// </summary>
internal sealed class BotStateFile(BotOptions bot, CopilotOptions copilot, string schema)
{
    private static readonly ConditionalWeakTable<sqlite3, object> s_configured = [];
    private static readonly object s_configuredMark = new();
    private readonly string _connectionString = ConnectionString(bot, copilot);
    private readonly SemaphoreSlim _init = new(1, 1);
    private bool _initialized;

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);

        // Per SQLite connection, which the pool keeps open across SqliteConnection objects: set once per handle, not
        // on every open (parsing them each time cost as much as a turn's own statements). A writer that finds the file
        // locked waits inside SQLite (a few ms at a time) rather than in Microsoft.Data.Sqlite's retry loop, which
        // sleeps 150 ms per try: under concurrent turns that loop alone capped throughput. NORMAL in WAL mode syncs at
        // checkpoints instead of on every commit: a killed process loses nothing committed; only a power cut can lose
        // the last commits (replies then re-sent or a conversation reference re-learnt on the next message).
        var handle = connection.Handle!;
        if (!s_configured.TryGetValue(handle, out _))
        {
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;";
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
            s_configured.AddOrUpdate(handle, s_configuredMark);
        }

        if (!_initialized)
        {
            await _init.WaitAsync(cancellationToken);
            try
            {
                if (!_initialized)
                {
                    await using var command = connection.CreateCommand();
                    command.CommandText = "PRAGMA journal_mode = WAL;\n" + schema;
                    await command.ExecuteNonQueryAsync(cancellationToken);
                    _initialized = true;
                }
            }
            finally
            {
                _init.Release();
            }
        }

        return connection;
    }

    private static string ConnectionString(BotOptions bot, CopilotOptions copilot)
    {
        var path = bot.StatePath ?? Path.Combine(copilot.DataDirectory, "bot-state.db");
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        return new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
    }
}
