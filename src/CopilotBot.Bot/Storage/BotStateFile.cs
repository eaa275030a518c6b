using CopilotBot.Core;
using Microsoft.Data.Sqlite;

namespace CopilotBot.Bot.Storage;

/// <summary>The bot's own SQLite file (conversations, outbox): <c>Bot:StatePath</c> or <c>bot-state.db</c> in the data directory.</summary>
internal static class BotStateFile
{
    public static string ConnectionString(BotOptions bot, CopilotOptions copilot)
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
