using System.Security.Cryptography;
using System.Text;
using CopilotBot.Core;
using CopilotBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace CopilotBot.Cli;

/// <summary>
/// What a command-line conversation (<c>copilot ask --conversation ID</c>) remembers between runs: one JSON file per
/// channel and conversation under <c>cli-conversations/</c> in the data folder, named by a hash so that any id is a
/// safe file name. The copilot writes the state; this only keeps it.
/// </summary>
internal sealed class CliConversationStore(IOptions<CopilotOptions> options) : IConversationContextStore
{
    private string Folder => Path.Combine(options.Value.DataPath, "cli-conversations");

    public async Task<string?> GetStateAsync(string channelId, string conversationId, CancellationToken cancellationToken = default)
    {
        var file = FileOf(channelId, conversationId);
        return File.Exists(file) ? await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false) : null;
    }

    public async Task SetStateAsync(string channelId, string conversationId, string stateJson, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Folder);
        var file = FileOf(channelId, conversationId);
        var temporary = file + ".tmp";
        await File.WriteAllTextAsync(temporary, stateJson, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, file, overwrite: true);
    }

    private string FileOf(string channelId, string conversationId) =>
        Path.Combine(Folder, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{channelId}\n{conversationId}"))) + ".json");
}
