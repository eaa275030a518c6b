using CopilotBot.Core;
using CopilotBot.Knowledge;
using CopilotBot.Knowledge.Embeddings;
using CopilotBot.Knowledge.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;

namespace CopilotBot.Tests.Knowledge;

public sealed class KnowledgeOptionsTests
{
    [Fact]
    public void Defaults_are_valid_and_register_the_embedded_store_and_the_sentence_model_shared_with_understanding()
    {
        using var provider = Build(new Dictionary<string, string?> { ["Copilot:DataDirectory"] = "/tmp/cb-data" });

        var embedder = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        Assert.Same(provider.GetRequiredService<SentenceEmbeddingGenerator>(), embedder);
        var store = Assert.IsType<EmbeddedVectorStore>(provider.GetRequiredService<VectorStore>());
        Assert.Equal(Path.Combine("/tmp/cb-data", "index"), store.Directory);
        Assert.Same(provider.GetRequiredService<IPlaybookSearch>(), provider.GetRequiredService<CopilotBot.Knowledge.Retrieval.IPlaybookIndex>());
    }

    [Theory]
    [InlineData("hashing")]
    [InlineData("offline")] // the old name: configurations written before 'local' existed still start
    public void Hashing_and_its_old_name_register_the_hashing_embedder(string value)
    {
        using var provider = Build(new Dictionary<string, string?> { ["Knowledge:Embeddings"] = value });

        Assert.IsType<OfflineEmbeddingGenerator>(provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());
    }

    [Fact]
    public void Qdrant_provider_registers_the_qdrant_store_over_the_grpc_client()
    {
        using var provider = Build(new Dictionary<string, string?> { ["Knowledge:Provider"] = "qdrant", ["Knowledge:QdrantUrl"] = "http://127.0.0.1:6334", ["Knowledge:Embeddings"] = "hashing" });

        var store = Assert.IsType<QdrantVectorStore>(provider.GetRequiredService<VectorStore>());
        Assert.Same(provider.GetRequiredService<Qdrant.Client.QdrantClient>(), store.GetService(typeof(Qdrant.Client.QdrantClient)));
    }

    [Theory]
    [InlineData("Provider", "pinecone", "Knowledge:Provider must be 'embedded' or 'qdrant'")]
    [InlineData("Embeddings", "word2vec", "Knowledge:Embeddings must be")]
    [InlineData("Provider", "qdrant", "Knowledge:QdrantUrl must be an http(s) URL")]
    [InlineData("Embeddings", "openai", "Knowledge:EmbeddingModel is required")]
    [InlineData("Embeddings", "azure-openai", "Knowledge:EmbeddingEndpoint must be an http(s) URL when Knowledge:Embeddings is 'azure-openai'")]
    [InlineData("ChunkOverlapWords", "300", "Knowledge:ChunkOverlapWords must be smaller than Knowledge:ChunkWindowWords")]
    public void Invalid_settings_fail_at_start_naming_the_key(string key, string value, string message)
    {
        using var provider = Build(new Dictionary<string, string?> { ["Knowledge:" + key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<KnowledgeOptions>>().Value);
        Assert.Contains(error.Failures, f => f.Contains(message, StringComparison.Ordinal));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddPortfolio().AddPlaybooks();
        return services.BuildServiceProvider();
    }
}
