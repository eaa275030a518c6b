using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace CopilotBot.Knowledge;

/// <summary>Where playbooks come from, where the index lives and how text is embedded (configuration section <c>Knowledge</c>).</summary>
public sealed class KnowledgeOptions
{
    public const string SectionName = "Knowledge";

    /// <summary>
    /// The playbook library indexed when no folder is given; a relative path is resolved against
    /// <c>Copilot:KnowledgeDirectory</c> (itself beside the application), so it works from any working directory.
    /// </summary>
    [Required]
    public string PlaybooksDirectory { get; set; } = "playbooks";

    /// <summary>
    /// Situations in users' words, each naming its playbook (JSON lines <c>{"text", "playbook"}</c>), that hybrid search
    /// ranks playbooks by beside the playbooks' own text; never cited. Relative paths resolve like
    /// <see cref="PlaybooksDirectory"/>; empty turns the signal off, and so does a file that does not exist.
    /// </summary>
    public string SituationsFile { get; set; } = "retrieval/situations.jsonl";

    /// <summary><c>embedded</c> (a file under <c>Copilot:DataDirectory</c>/index) or <c>qdrant</c>.</summary>
    [Required]
    public string Provider { get; set; } = "embedded";

    /// <summary>Qdrant's gRPC address, e.g. <c>http://localhost:6334</c>; required when Provider is qdrant.</summary>
    public string? QdrantUrl { get; set; }

    /// <summary>Qdrant API key, sent as the <c>api-key</c> header when set.</summary>
    public string? QdrantApiKey { get; set; }

    /// <summary>The collection (embedded file name or Qdrant collection) holding the chunks.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_-]+$")]
    public string Collection { get; set; } = "playbooks";

    /// <summary>
    /// <c>local</c> (a sentence-embedding model run in process, no service), <c>hashing</c> (feature hashing of words
    /// and customer-success concepts, no model; <c>offline</c> is its old name and still accepted), <c>openai</c> or
    /// <c>azure-openai</c>.
    /// </summary>
    [Required]
    public string Embeddings { get; set; } = "local";

    /// <summary>The OpenAI-compatible endpoint; for Azure OpenAI the resource, <c>https://RESOURCE.openai.azure.com/</c> (its deployment route is used).</summary>
    public string? EmbeddingEndpoint { get; set; }

    /// <summary>Embedding model (OpenAI) or deployment name (Azure OpenAI).</summary>
    public string? EmbeddingModel { get; set; }

    /// <summary>API key: a bearer token for OpenAI, the <c>api-key</c> header for Azure OpenAI.</summary>
    public string? EmbeddingApiKey { get; set; }

    /// <summary>Requested embedding size; the model's own when empty, 1024 for the offline embedder.</summary>
    [Range(16, 8192)]
    public int? EmbeddingDimensions { get; set; }

    /// <summary>Reciprocal rank fusion constant: higher flattens the difference between ranks.</summary>
    [Range(1, 1000)]
    public int RrfK { get; set; } = 60;

    /// <summary>
    /// Hybrid search's weight for how well a passage's whole playbook matches (as a reciprocal-rank term beside
    /// the passage's own keyword and vector ranks); 0 ranks passages on their own.
    /// </summary>
    [Range(0, 100)]
    public double DocumentWeight { get; set; } = 0.4;

    /// <summary>
    /// Hybrid search's weight for a section of the kind the query asks for (talk track for "what do I say",
    /// diagnosis questions for "what should I ask"...); 0 ignores the kind of section. What counts is its ratio to
    /// <see cref="DocumentWeight"/>: near 0.06 (measured on the labelled set's odd lines, 0.055-0.06 a plateau) the
    /// asked-for section of the second-best playbook can pass the unasked-for sections of the best one.
    /// </summary>
    [Range(0, 100)]
    public double IntentWeight { get; set; } = 0.024;

    /// <summary>Sections longer than this many words are split into overlapping windows.</summary>
    [Range(50, 5000)]
    public int ChunkMaxWords { get; set; } = 350;

    /// <summary>Words per window when a section is split.</summary>
    [Range(50, 5000)]
    public int ChunkWindowWords { get; set; } = 250;

    /// <summary>Words shared by consecutive windows.</summary>
    [Range(0, 1000)]
    public int ChunkOverlapWords { get; set; } = 60;

    internal bool UsesQdrant => string.Equals(Provider, "qdrant", StringComparison.OrdinalIgnoreCase);

    internal bool UsesSentenceModel => string.Equals(Embeddings, "local", StringComparison.OrdinalIgnoreCase);

    internal bool UsesAzureOpenAI => string.Equals(Embeddings, "azure-openai", StringComparison.OrdinalIgnoreCase);

    internal bool UsesOpenAIProtocol => UsesAzureOpenAI || string.Equals(Embeddings, "openai", StringComparison.OrdinalIgnoreCase);
}

/// <summary>The checks data annotations cannot express; each message names the offending key.</summary>
internal sealed class KnowledgeOptionsValidator : IValidateOptions<KnowledgeOptions>
{
    public ValidateOptionsResult Validate(string? name, KnowledgeOptions options)
    {
        var failures = new List<string>();
        const string prefix = KnowledgeOptions.SectionName + ":";
        if (options.Provider.ToLowerInvariant() is not ("embedded" or "qdrant"))
        {
            failures.Add($"{prefix}{nameof(options.Provider)} must be 'embedded' or 'qdrant', not '{options.Provider}'.");
        }

        if (options.UsesQdrant && !IsHttpUri(options.QdrantUrl))
        {
            failures.Add($"{prefix}{nameof(options.QdrantUrl)} must be an http(s) URL when {prefix}{nameof(options.Provider)} is 'qdrant'.");
        }

        if (options.Embeddings.ToLowerInvariant() is not ("local" or "hashing" or "offline" or "openai" or "azure-openai"))
        {
            failures.Add($"{prefix}{nameof(options.Embeddings)} must be 'local', 'hashing', 'openai' or 'azure-openai', not '{options.Embeddings}'.");
        }

        if (options.UsesOpenAIProtocol)
        {
            if (string.IsNullOrWhiteSpace(options.EmbeddingModel))
            {
                failures.Add($"{prefix}{nameof(options.EmbeddingModel)} is required when {prefix}{nameof(options.Embeddings)} is '{options.Embeddings}'.");
            }

            if (string.IsNullOrWhiteSpace(options.EmbeddingApiKey))
            {
                failures.Add($"{prefix}{nameof(options.EmbeddingApiKey)} is required when {prefix}{nameof(options.Embeddings)} is '{options.Embeddings}'.");
            }

            if ((options.UsesAzureOpenAI || options.EmbeddingEndpoint is not null) && !IsHttpUri(options.EmbeddingEndpoint))
            {
                failures.Add($"{prefix}{nameof(options.EmbeddingEndpoint)} must be an http(s) URL{(options.UsesAzureOpenAI ? " when " + prefix + nameof(options.Embeddings) + " is 'azure-openai'" : string.Empty)}.");
            }
        }

        if (options.ChunkWindowWords > options.ChunkMaxWords)
        {
            failures.Add($"{prefix}{nameof(options.ChunkWindowWords)} must not exceed {prefix}{nameof(options.ChunkMaxWords)}.");
        }

        if (options.ChunkOverlapWords >= options.ChunkWindowWords)
        {
            failures.Add($"{prefix}{nameof(options.ChunkOverlapWords)} must be smaller than {prefix}{nameof(options.ChunkWindowWords)}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttpUri(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
