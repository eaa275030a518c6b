using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using OpenAI;

namespace CopilotBot.Knowledge.Embeddings;

/// <summary>Builds the embedder named by <c>Knowledge:Embeddings</c>.</summary>
internal static class EmbeddingGeneratorFactory
{
    public static IEmbeddingGenerator<string, Embedding<float>> Create(KnowledgeOptions options, HttpClient? httpClient = null)
    {
        if (!options.UsesOpenAIProtocol)
        {
            return new OfflineEmbeddingGenerator(options.EmbeddingDimensions ?? OfflineEmbeddingGenerator.DefaultDimensions);
        }

        var clientOptions = new OpenAIClientOptions();
        if (options.EmbeddingEndpoint is { } endpoint)
        {
            clientOptions.Endpoint = new Uri(endpoint);
        }

        if (httpClient is not null)
        {
            clientOptions.Transport = new HttpClientPipelineTransport(httpClient);
        }

        if (options.UsesAzureOpenAI)
        {
            // Azure's OpenAI-compatible v1 endpoint takes the key as an api-key header, not a bearer token; the policy
            // runs last so it also removes the bearer header the client's own key policy adds.
            clientOptions.AddPolicy(new ApiKeyHeaderPolicy(options.EmbeddingApiKey!), PipelinePosition.BeforeTransport);
        }

        var client = new OpenAIClient(new ApiKeyCredential(options.EmbeddingApiKey!), clientOptions);
#pragma warning disable SKEXP0010 // SK's OpenAI embedding generator registration is experimental; it is the connector we are asked to use.
        var kernel = Kernel.CreateBuilder()
            .AddOpenAIEmbeddingGenerator(options.EmbeddingModel!, client, options.EmbeddingDimensions)
            .Build();
#pragma warning restore SKEXP0010
        return kernel.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
    }

    private sealed class ApiKeyHeaderPolicy(string apiKey) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Apply(message);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Apply(message);
            return ProcessNextAsync(message, pipeline, currentIndex);
        }

        private void Apply(PipelineMessage message)
        {
            message.Request.Headers.Set("api-key", apiKey);
            message.Request.Headers.Remove("Authorization");
        }
    }
}
