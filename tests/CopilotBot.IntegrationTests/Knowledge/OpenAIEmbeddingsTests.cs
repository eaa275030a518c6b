using CopilotBot.IntegrationTests.Support;
using CopilotBot.Knowledge;
using CopilotBot.Knowledge.Embeddings;
using CopilotBot.Knowledge.Ingestion;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace CopilotBot.IntegrationTests.Knowledge;

public sealed class OpenAIEmbeddingsTests : IAsyncLifetime
{
    // The offline embedder's vectors keep remote search meaningful ("quit" finds the champion-loss passage).
    private readonly OfflineEmbeddingGenerator _vectors = new(256);
    private OpenAiProtocolServer _server = null!;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "copilotbot-openai-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        _server = await OpenAiProtocolServer.StartAsync();
        _server.Embedder = (text, _) => _vectors.Embed(text);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task OpenAI_embeddings_go_through_the_configured_endpoint_with_a_bearer_key()
    {
        await using var provider = Build("openai");
        var embedder = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        var embeddings = await embedder.GenerateAsync(["champion left", "usage dropped"]);

        Assert.Equal(_vectors.Embed("champion left"), embeddings[0].Vector.ToArray());
        Assert.Equal(_vectors.Embed("usage dropped"), embeddings[1].Vector.ToArray());
        var request = Assert.Single(_server.Requests);
        Assert.Equal("Bearer test-key", request.Headers["Authorization"]);
        Assert.Equal("text-embedding-3-small", request.Json!["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task Azure_OpenAI_sends_the_key_as_an_api_key_header()
    {
        await using var provider = Build("azure-openai");
        var embedder = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        var vector = await embedder.GenerateVectorAsync("renewal at risk");

        Assert.Equal(_vectors.Embed("renewal at risk"), vector.ToArray());
        var request = Assert.Single(_server.Requests);
        Assert.Equal("/openai/deployments/text-embedding-3-small/embeddings", request.Path);
        var headers = request.Headers;
        Assert.Equal("test-key", headers["api-key"]);
        Assert.False(headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task Playbooks_index_and_search_with_remote_embeddings()
    {
        var playbooks = await KnowledgeTestHost.WritePlaybooksAsync(_root);
        await using var provider = Build("openai");

        var result = await provider.GetRequiredService<PlaybookIndexer>().IndexAsync(playbooks);
        var hits = await provider.GetRequiredService<IPlaybookSearch>().SearchAsync(new SearchRequest("our sponsor quit", 1, Mode: SearchMode.Vector));

        Assert.Equal((2, 2), (result.Added, result.Chunks));
        Assert.Equal("playbooks/champion-loss.md#first-30-days", Assert.Single(hits).Source);
        Assert.True(_server.Requests.Count >= 3, "documents and the query were embedded remotely");
    }

    private ServiceProvider Build(string embeddings) => KnowledgeTestHost.Build(_root, new()
    {
        ["Embeddings"] = embeddings,
        ["EmbeddingEndpoint"] = (embeddings == "azure-openai" ? _server.AzureResourceUri : _server.BaseUri).ToString(),
        ["EmbeddingModel"] = "text-embedding-3-small",
        ["EmbeddingApiKey"] = "test-key",
    });
}
