using CopilotBot.Core;
using CopilotBot.Core.Storage.Sqlite;

namespace CopilotBot.Bot.Storage;

/// <summary>
/// The bot's own SQLite file (conversations, outbox): <c>Bot:StatePath</c> or <c>bot-state.db</c> in the data
/// directory. Each store opens connections through its own <see cref="SqliteFile"/> on it, which creates its tables.
/// </summary>
internal static class BotStateFile
{
    public static SqliteFile Open(BotOptions bot, CopilotOptions copilot, string schema) =>
        new(bot.StatePath ?? Path.Combine(copilot.DataDirectory, "bot-state.db"), schema);
}
