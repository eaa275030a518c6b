using CopilotBot.Core;
using CopilotBot.Knowledge;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CopilotBot.IntegrationTests.Knowledge;

/// <summary>The Knowledge services as a host composes them, over in-memory settings, and two tiny playbooks.</summary>
internal static class KnowledgeTestHost
{
    public static ServiceProvider Build(string root, Dictionary<string, string?> knowledgeSettings)
    {
        var settings = new Dictionary<string, string?> { ["Copilot:DataDirectory"] = Path.Combine(root, "data") };
        foreach (var (key, value) in knowledgeSettings) settings["Knowledge:" + key] = value;
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddPortfolio().AddPlaybooks();
        return services.BuildServiceProvider();
    }

    /// <summary>Writes champion-loss.md (csm) and pricing.md (sales) under root/playbooks and returns that folder.</summary>
    public static async Task<string> WritePlaybooksAsync(string root)
    {
        var playbooks = Path.Combine(root, "playbooks");
        Directory.CreateDirectory(playbooks);
        await File.WriteAllTextAsync(Path.Combine(playbooks, "champion-loss.md"), "---\ntitle: Champion loss\nrisks: [champion_left]\npersonas: [csm]\n---\n# Champion loss\n\n## First 30 days\nFind a new sponsor and meet the successor.\n");
        await File.WriteAllTextAsync(Path.Combine(playbooks, "pricing.md"), "---\ntitle: Pricing\nrisks: [price]\npersonas: [sales]\n---\n# Pricing\n\n## Talking points\nLead with value; discounts come last.\n");
        return playbooks;
    }
}
