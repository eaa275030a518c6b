using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using Azure.Identity;
using CopilotBot.Copilot.Plugins;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using OpenAI;

namespace CopilotBot.Copilot.Llm;

/// <summary>
/// The chat model as Semantic Kernel reaches it, with the read-only plugins every model call may use. <c>openai</c>
/// goes through SK's OpenAI connector (api.openai.com or any OpenAI-compatible endpoint); <c>azure-openai</c> through
/// SK's Azure OpenAI connector: the deployment route, the configured <c>api-version</c>, the API key or else an Entra
/// credential. Built on first use, so that a host without a model never constructs a client.
/// </summary>
public sealed class LlmKernel
{
    private readonly Lazy<Kernel> _kernel;

    public LlmKernel(IOptions<LlmOptions> options, AccountsPlugin accounts, HealthPlugin health, ActivityPlugin activity, PlaybooksPlugin playbooks)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        _kernel = new Lazy<Kernel>(() =>
        {
            var builder = Kernel.CreateBuilder();
            AddChatCompletion(builder, value);
            builder.Plugins.AddFromObject(accounts, "accounts");
            builder.Plugins.AddFromObject(health, "health");
            builder.Plugins.AddFromObject(activity, "activity");
            builder.Plugins.AddFromObject(playbooks, "playbooks");
            return builder.Build();
        });
    }

    /// <summary>The kernel with the chat service and the account, health, activity and playbook plugins.</summary>
    public Kernel Kernel => _kernel.Value;

    /// <summary>Registers the configured chat service; time limit and retries (429 and 5xx, honouring <c>Retry-After</c>) from the options.</summary>
    public static void AddChatCompletion(IKernelBuilder builder, LlmOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        switch (options.ParsedProvider)
        {
            case LlmProvider.OpenAI:
                var openAiOptions = new OpenAIClientOptions { NetworkTimeout = timeout, RetryPolicy = new ClientRetryPolicy(options.MaxRetries) };
                if (!string.IsNullOrWhiteSpace(options.Endpoint))
                {
                    openAiOptions.Endpoint = new Uri(options.Endpoint);
                }

                builder.AddOpenAIChatCompletion(options.Model!, new OpenAIClient(new ApiKeyCredential(options.ApiKey!), openAiOptions));
                break;
            case LlmProvider.AzureOpenAI:
                if (!LlmOptions.TryParseApiVersion(options.ApiVersion, out var version))
                {
                    throw new InvalidOperationException($"Unknown Copilot:Llm:ApiVersion '{options.ApiVersion}'.");
                }

                var azureOptions = new AzureOpenAIClientOptions(version) { NetworkTimeout = timeout, RetryPolicy = new ClientRetryPolicy(options.MaxRetries) };
                var endpoint = new Uri(options.Endpoint!);
                var client = string.IsNullOrWhiteSpace(options.ApiKey)
                    ? new AzureOpenAIClient(endpoint, new DefaultAzureCredential(), azureOptions)
                    : new AzureOpenAIClient(endpoint, new ApiKeyCredential(options.ApiKey), azureOptions);
                builder.AddAzureOpenAIChatCompletion(options.Model!, client);
                break;
            default:
                throw new InvalidOperationException("No language model is configured (Copilot:Llm:Provider is none).");
        }
    }
}
