using CopilotBot.Core;
using Microsoft.Data.Sqlite;

namespace CopilotBot.Bot.Storage;

/// <summary>
/// The bot's own SQLite file (conversations, outbox): <c>Bot:StatePath</c> or <c>bot-state.db</c> in the data
/// directory. Each store opens connections through one of these, which creates its tables on first use.
/// </summary>
internal sealed class BotStateFile(BotOptions bot, CopilotOptions copilot, string schema)
{
    private readonly string _connectionString = ConnectionString(bot, copilot);
    private readonly SemaphoreSlim _init = new(1, 1);
    private bool _initialized;

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
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
