using CopilotBot.Knowledge;
using CopilotBot.Knowledge.Ingestion;
using CopilotBot.Knowledge.Retrieval;
using CopilotBot.Knowledge.Storage;
using CopilotBot.Knowledge.Embeddings;
using Microsoft.Extensions.Options;

namespace CopilotBot.Tests.Knowledge;

/// <summary>A throw-away folder of small playbooks plus an index over it, for tests.</summary>
internal sealed class PlaybookFixtures : IDisposable
{
    public const string ChampionLoss = """
        ---
        title: Champion loss
        risks: [champion_left, sponsor]
        stages: [main_street, tornado]
        personas:
          - csm
          - manager
        ---
        # Champion loss

        When the person who bought and defended the product leaves, the account is exposed.

        ## First 30 days

        Identify a new champion quickly. Map the buying committee, meet the successor of the departed sponsor,
        and re-confirm the business outcomes the customer signed up for.

        ## Warning signs

        The sponsor stops answering email, delegates every meeting, or updates their profile with a new employer.
        """;

    public const string LowAdoption = """
        ---
        title: "Low adoption recovery"
        risks: [adoption, usage_drop]
        stages: [chasm]
        personas: [csm]
        ---
        # Low adoption recovery

        ## Diagnose the drop

        Compare weekly active users with licensed seats. Find which teams stopped logging in and why:
        training gaps, a broken integration, or a workflow that never fit.

        ## Re-launch plan

        Run enablement workshops for each team, set usage goals with the customer, and review progress every two weeks.
        """;

    public const string RenewalPricing = """
        ---
        title: Renewal pricing objections
        risks: [renewal, price]
        stages: [main_street]
        personas: [sales, manager]
        ---
        # Renewal pricing objections

        ## Talking points

        Lead with the value delivered: hours saved, tickets deflected, revenue influenced. Discounts come last,
        and only in exchange for a longer term or an expansion.

        ## Discovery questions

        What budget pressure is the customer under? Who signs off on the renewal? Which alternatives are they weighing?
        """;

    public PlaybookFixtures()
    {
        Root = Path.Combine(Path.GetTempPath(), "copilotbot-knowledge-" + Guid.NewGuid().ToString("N"));
        Playbooks = Path.Combine(Root, "playbooks");
        Directory.CreateDirectory(Playbooks);
        Write("champion-loss.md", ChampionLoss);
        Write("low-adoption.md", LowAdoption);
        Write("renewal-pricing.md", RenewalPricing);
    }

    public string Root { get; }

    public string Playbooks { get; }

    public string IndexDirectory => Path.Combine(Root, "data", "index");

    public void Write(string name, string content) => File.WriteAllText(Path.Combine(Playbooks, name), content);

    public void Delete(string name) => File.Delete(Path.Combine(Playbooks, name));

    public static IOptions<KnowledgeOptions> Options(KnowledgeOptions? options = null) =>
        Microsoft.Extensions.Options.Options.Create(options ?? new KnowledgeOptions());

    /// <summary>A fresh index over the fixture's store (a new instance reads what earlier ones wrote).</summary>
    public (PlaybookIndex Index, PlaybookIndexer Indexer) Open(KnowledgeOptions? options = null)
    {
        var embedder = new OfflineEmbeddingGenerator();
        var index = new PlaybookIndex(new EmbeddedVectorStore(IndexDirectory), embedder, Options(options));
        return (index, new PlaybookIndexer(index, embedder, Options(options)));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
