using CopilotBot.Knowledge.Retrieval;
using Microsoft.Extensions.DependencyInjection;

namespace CopilotBot.IntegrationTests.Bot;

/// <summary>Item 8 of issue 20: the first-run seeder indexes the configured library, once, and keeps a custom one.</summary>
public sealed class FirstRunSeederTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("copilot-seeder-");

    public void Dispose()
    {
        try
        {
            _root.Delete(recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold a file a moment longer
        }
    }

    [Fact]
    public async Task Item8_the_seeder_indexes_knowledge_playbooks_directory_and_a_restart_keeps_that_library()
    {
        var library = Directory.CreateDirectory(Path.Combine(_root.FullName, "library"));
        await File.WriteAllTextAsync(Path.Combine(library.FullName, "house-rules.md"), """
            ---
            title: House rules
            risks: [champion_left]
            stages: [chasm]
            personas: [csm]
            ---

            # House rules

            When a champion leaves, call the executive sponsor within two days and agree who takes the champion's place.
            """);
        var data = Path.Combine(_root.FullName, "data");
        await using var stub = await ChannelStub.StartAsync();

        await using (var first = new BotAppFactory(stub, new Dictionary<string, string?>
        {
            ["Copilot:DataDirectory"] = data,
            ["Knowledge:PlaybooksDirectory"] = library.FullName,
        }, realCopilot: true))
        {
            Assert.Equal(["playbooks/house-rules.md"], await IndexedFilesAsync(first));
        }

        // Started again with the default library configured: the index it has is not replaced.
        await using var second = new BotAppFactory(stub, new Dictionary<string, string?> { ["Copilot:DataDirectory"] = data }, realCopilot: true);
        Assert.Equal(["playbooks/house-rules.md"], await IndexedFilesAsync(second));
    }

    private static async Task<IReadOnlyList<string>> IndexedFilesAsync(BotAppFactory host)
    {
        var index = host.Services.GetRequiredService<IPlaybookIndex>();
        return [.. (await index.GetRecordsAsync()).Select(r => r.File).Distinct().Order(StringComparer.Ordinal)];
    }
}
