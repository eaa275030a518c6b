using CopilotBot.Knowledge.Embeddings;
using CopilotBot.Knowledge.Ingestion;
using CopilotBot.Knowledge.Retrieval;
using CopilotBot.Knowledge.Storage;
using CopilotBot.Tests.Knowledge;

namespace CopilotBot.Tests.Copilot.Judgement;

/// <summary>The repository's playbook library indexed in a folder of its own (hashing embedder), deleted on dispose.</summary>
public sealed class RealLibraryIndex : IDisposable
{
    private readonly string _folder;

    private RealLibraryIndex(PlaybookIndex index, string folder) => (Index, _folder) = (index, folder);

    public PlaybookIndex Index { get; }

    public static async Task<RealLibraryIndex> BuildAsync()
    {
        var options = PlaybookFixtures.Options();
        var embedder = new OfflineEmbeddingGenerator();
        var folder = Path.Combine(Path.GetTempPath(), "copilotbot-library-" + Guid.NewGuid().ToString("N"));
        var library = new RealLibraryIndex(new PlaybookIndex(new EmbeddedVectorStore(folder), embedder, options), folder);
        await new PlaybookIndexer(library.Index, embedder, options).IndexAsync(Path.Combine(PlaybookLibraryRetrievalTests.RepositoryRoot(), "knowledge", "playbooks"));
        return library;
    }

    public void Dispose()
    {
        Index.Dispose();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
