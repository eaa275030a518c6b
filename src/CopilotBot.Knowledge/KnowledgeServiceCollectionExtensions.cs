using CopilotBot.Core;
using CopilotBot.Knowledge.Embeddings;
using CopilotBot.Knowledge.Evaluation;
using CopilotBot.Knowledge.Ingestion;
using CopilotBot.Knowledge.Retrieval;
using CopilotBot.Knowledge.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;
using Qdrant.Client;

namespace CopilotBot.Knowledge;

/// <summary>Registers the playbook index and retrieval.</summary>
public static class KnowledgeServiceCollectionExtensions
{
    /// <summary>HttpClient name used for OpenAI-protocol embeddings.</summary>
    public const string EmbeddingsHttpClient = "Knowledge.Embeddings";

    /// <summary>
    /// Options (<c>Knowledge</c>, validated at start), the embedder it names, the vector store (embedded under
    /// <c>Copilot:DataDirectory</c>/index, or Qdrant), <see cref="IPlaybookIndex"/> / <see cref="IPlaybookSearch"/>,
    /// <see cref="PlaybookIndexer"/> and <see cref="RetrievalEvaluator"/>.
    /// </summary>
    public static IServiceCollection AddPlaybooks(this IServiceCollection services)
    {
        services.AddOptions<KnowledgeOptions>()
            .BindConfiguration(KnowledgeOptions.SectionName)
            .PostConfigure<IOptions<CopilotOptions>>((options, copilot) =>
            {
                options.PlaybooksDirectory = Path.GetFullPath(options.PlaybooksDirectory, copilot.Value.KnowledgePath);
                if (!string.IsNullOrWhiteSpace(options.SituationsFile))
                {
                    options.SituationsFile = Path.GetFullPath(options.SituationsFile, copilot.Value.KnowledgePath);
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KnowledgeOptions>, KnowledgeOptionsValidator>());
        services.AddOptions<CopilotOptions>();
        services.AddHttpClient(EmbeddingsHttpClient);

        // One sentence model per process: understanding a question uses it whatever retrieval is configured with, and
        // retrieval with Knowledge:Embeddings=local gets the very same instance.
        services.TryAddSingleton<SentenceEmbeddingGenerator>();
        services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<KnowledgeOptions>>().Value;
            return options.UsesSentenceModel
                ? provider.GetRequiredService<SentenceEmbeddingGenerator>()
                : EmbeddingGeneratorFactory.Create(options, provider.GetRequiredService<IHttpClientFactory>().CreateClient(EmbeddingsHttpClient));
        });
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<KnowledgeOptions>>().Value;
            return new QdrantClient(new Uri(options.QdrantUrl!), options.QdrantApiKey);
        });
        services.TryAddSingleton<VectorStore>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<KnowledgeOptions>>().Value;
            if (options.UsesQdrant)
            {
                var dimensions = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>()
                    .GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions ?? options.EmbeddingDimensions
                    ?? throw new OptionsValidationException(KnowledgeOptions.SectionName, typeof(KnowledgeOptions), [$"{KnowledgeOptions.SectionName}:{nameof(KnowledgeOptions.EmbeddingDimensions)} is required with Qdrant when the embedding model does not state its size."]);
                // One gRPC channel per process, shared by every collection; the store disposes it with the container.
                return new QdrantVectorStore(provider.GetRequiredService<QdrantClient>(), dimensions, options.QdrantUrl);
            }

            var data = provider.GetRequiredService<IOptions<CopilotOptions>>().Value.DataDirectory;
            return new EmbeddedVectorStore(Path.Combine(data, "index"));
        });
        services.TryAddSingleton(provider => new PlaybookIndex(
            provider.GetRequiredService<VectorStore>(),
            provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>(),
            provider.GetRequiredService<IOptions<KnowledgeOptions>>(),
            provider.GetRequiredService<EmbeddingCache>()));
        services.TryAddSingleton<IPlaybookIndex>(provider => provider.GetRequiredService<PlaybookIndex>());
        services.TryAddSingleton<IPlaybookSearch>(provider => provider.GetRequiredService<PlaybookIndex>());
        // The cache sits in the index folder whatever the store, so a Qdrant deployment skips unchanged passages too.
        services.TryAddSingleton(provider => new EmbeddingCache(Path.Combine(provider.GetRequiredService<IOptions<CopilotOptions>>().Value.DataDirectory, "index")));
        services.TryAddSingleton(provider => new PlaybookIndexer(
            provider.GetRequiredService<IPlaybookIndex>(),
            provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>(),
            provider.GetRequiredService<IOptions<KnowledgeOptions>>(),
            provider.GetRequiredService<EmbeddingCache>()));
        services.TryAddSingleton<RetrievalEvaluator>();
        return services;
    }
}
