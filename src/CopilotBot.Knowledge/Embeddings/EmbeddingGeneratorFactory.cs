using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
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

#pragma warning disable SKEXP0010 // SK's embedding generator registrations are experimental; they are the connectors we are asked to use.
        if (options.UsesAzureOpenAI)
        {
            // Azure OpenAI through its own client: the deployment route, the api-key header.
            var azureOptions = new AzureOpenAIClientOptions();
            if (httpClient is not null)
            {
                azureOptions.Transport = new HttpClientPipelineTransport(httpClient);
            }

            var azure = new AzureOpenAIClient(new Uri(options.EmbeddingEndpoint!), new ApiKeyCredential(options.EmbeddingApiKey!), azureOptions);
            return Kernel.CreateBuilder()
                .AddAzureOpenAIEmbeddingGenerator(options.EmbeddingModel!, azure, dimensions: options.EmbeddingDimensions)
                .Build()
                .GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
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

        var client = new OpenAIClient(new ApiKeyCredential(options.EmbeddingApiKey!), clientOptions);
        var kernel = Kernel.CreateBuilder()
            .AddOpenAIEmbeddingGenerator(options.EmbeddingModel!, client, options.EmbeddingDimensions)
            .Build();
#pragma warning restore SKEXP0010
        return kernel.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
    }
}
