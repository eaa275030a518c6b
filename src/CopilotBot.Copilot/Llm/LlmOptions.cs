using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace CopilotBot.Copilot.Llm;

/// <summary>Which language model service drafts in <c>llm</c> mode.</summary>
public enum LlmProvider { None, OpenAI, AzureOpenAI }

/// <summary>
/// The language model (configuration section <c>Copilot:Llm</c>). With <see cref="Provider"/> <c>none</c>
/// (the default) every draft is written offline.
/// </summary>
public sealed class LlmOptions
{
    public const string SectionName = "Copilot:Llm";

    /// <summary><c>none</c>, <c>openai</c> or <c>azure-openai</c>.</summary>
    public string Provider { get; set; } = "none";

    /// <summary>
    /// OpenAI: the base URL, <c>https://api.openai.com/v1/</c> by default, or any OpenAI-compatible server (Ollama, vLLM).
    /// Azure OpenAI: the resource, <c>https://RESOURCE.openai.azure.com/</c>; requests go to its deployment route.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>Model id (OpenAI) or deployment name (Azure OpenAI).</summary>
    public string? Model { get; set; }

    /// <summary>API key: a bearer token for OpenAI, the <c>api-key</c> header for Azure OpenAI (without one, Azure uses an Entra credential).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Azure OpenAI's <c>api-version</c>, one the Azure.AI.OpenAI package knows (see <see cref="AzureApiVersions"/>).</summary>
    public string ApiVersion { get; set; } = "2025-04-01-preview";

    /// <summary>Tool calls the model may make while answering one question; past it the question is answered offline.</summary>
    [Range(1, 50)]
    public int MaxToolCallsPerTurn { get; set; } = 8;

    /// <summary>Budget for the conversation's earlier turns sent with a question, in tokens; the newest turns are kept first.</summary>
    [Range(0, 50_000)]
    public int MaxHistoryTokens { get; set; } = 1500;

    /// <summary>Messages (questions and answers) a conversation remembers for the model; older ones are dropped.</summary>
    [Range(0, 100)]
    public int MaxRememberedMessages { get; set; } = 12;

    /// <summary>Whole-request time limit, retries included; then the draft is written offline.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 60;

    /// <summary>Retries on 429 and 5xx, with exponential backoff honouring <c>Retry-After</c>.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>Budget for the evidence put into the prompt, in tokens (estimated conservatively).</summary>
    [Range(500, 200_000)]
    public int MaxContextTokens { get; set; } = 6000;

    /// <summary>The provider as an enum; throws on an unknown name (validation reports it first).</summary>
    public LlmProvider ParsedProvider => TryParseProvider(Provider, out var p) ? p : throw new InvalidOperationException($"Unknown Copilot:Llm:Provider '{Provider}'.");

    /// <summary>The <c>api-version</c> values the Azure OpenAI client accepts, as Azure writes them (<c>2025-04-01-preview</c>).</summary>
    public static IReadOnlyList<string> AzureApiVersions { get; } =
        [.. Enum.GetNames<Azure.AI.OpenAI.AzureOpenAIClientOptions.ServiceVersion>().Select(n => n.TrimStart('V').Replace('_', '-').ToLowerInvariant())];

    /// <summary>Reads an <c>api-version</c> (<c>2025-04-01-preview</c>) as the client's service version.</summary>
    public static bool TryParseApiVersion(string? text, out Azure.AI.OpenAI.AzureOpenAIClientOptions.ServiceVersion version) =>
        Enum.TryParse("V" + (text ?? "").Trim().Replace('-', '_'), ignoreCase: true, out version) && Enum.IsDefined(version);

    public static bool TryParseProvider(string? text, out LlmProvider provider)
    {
        provider = (text ?? "none").Trim().ToLowerInvariant() switch
        {
            "" or "none" or "offline" => LlmProvider.None,
            "openai" => LlmProvider.OpenAI,
            "azure-openai" or "azureopenai" or "azure" => LlmProvider.AzureOpenAI,
            _ => (LlmProvider)(-1),
        };
        return Enum.IsDefined(provider);
    }
}

/// <summary>Checks the combinations data annotations cannot express, naming the configuration key at fault.</summary>
public sealed class LlmOptionsValidator : IValidateOptions<LlmOptions>
{
    public ValidateOptionsResult Validate(string? name, LlmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!LlmOptions.TryParseProvider(options.Provider, out var provider))
        {
            return ValidateOptionsResult.Fail($"Copilot:Llm:Provider must be none, openai or azure-openai (was '{options.Provider}').");
        }

        if (provider == LlmProvider.None)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Model))
        {
            failures.Add($"Copilot:Llm:Model is required when Copilot:Llm:Provider is {options.Provider} ({(provider == LlmProvider.AzureOpenAI ? "the deployment name" : "e.g. gpt-4o-mini")}).");
        }

        if (string.IsNullOrWhiteSpace(options.ApiKey) && provider == LlmProvider.OpenAI)
        {
            failures.Add($"Copilot:Llm:ApiKey is required when Copilot:Llm:Provider is {options.Provider}.");
        }

        if (provider == LlmProvider.AzureOpenAI && string.IsNullOrWhiteSpace(options.Endpoint))
        {
            failures.Add("Copilot:Llm:Endpoint is required for azure-openai: the resource, https://RESOURCE.openai.azure.com/.");
        }

        if (provider == LlmProvider.AzureOpenAI && !LlmOptions.TryParseApiVersion(options.ApiVersion, out _))
        {
            failures.Add($"Copilot:Llm:ApiVersion must be one of {string.Join(", ", LlmOptions.AzureApiVersions)} (was '{options.ApiVersion}').");
        }

        if (!string.IsNullOrWhiteSpace(options.Endpoint) && !Uri.TryCreate(options.Endpoint, UriKind.Absolute, out _))
        {
            failures.Add($"Copilot:Llm:Endpoint must be an absolute URL (was '{options.Endpoint}').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
