using CopilotBot.Copilot;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Copilot.Llm;
using CopilotBot.Core;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;
using CopilotBot.Core.Storage;
using CopilotBot.Knowledge;
using CopilotBot.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CopilotBot.Tests.Copilot.Fakes;

/// <summary>
/// The copilot as the hosts build it (AddCopilot), over the hand-built sample portfolio and its hand-built health
/// reports by default, or over any portfolio scored by the real health model; playbook passages are fixed.
/// </summary>
public sealed class CopilotHarness : IDisposable
{
    private readonly ServiceProvider _services;

    public CopilotHarness(IDictionary<string, string?>? settings = null)
        : this(SamplePortfolio.Data, new FakeHealthScorer(SamplePortfolio.Health), SamplePortfolio.AsOf, settings)
    {
    }

    /// <param name="scorer">null for the real health model of AddPortfolio.</param>
    /// <param name="withPlaybooks">false to register no playbook index at all.</param>
    /// <param name="playbooks">the passages the index returns; the sample's by default.</param>
    /// <param name="search">a real playbook index to search instead of the fixed passages.</param>
    /// <param name="embedder">the embedder the copilot reads evidence with (the sentence model); none by default, so the cause word table reads it.</param>
    public CopilotHarness(PortfolioData portfolio, IHealthScorer? scorer, DateOnly asOf, IDictionary<string, string?>? settings = null, bool withPlaybooks = true,
        IReadOnlyList<PlaybookHit>? playbooks = null, IPlaybookSearch? search = null, Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>? embedder = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Copilot:AsOf"] = asOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        Search = new FakePlaybookSearch(playbooks ?? SamplePortfolio.Playbooks);
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddPortfolio()
            .AddSingleton<IPortfolioStore>(new InMemoryPortfolioStore(portfolio));
        if (withPlaybooks)
        {
            services.AddSingleton(search ?? Search);
        }

        if (scorer is not null)
        {
            services.AddSingleton(scorer);
        }

        if (embedder is not null)
        {
            services.AddSingleton(embedder);
        }

        _services = services.AddCopilot().BuildServiceProvider(validateScopes: true);
    }

    public FakePlaybookSearch Search { get; }

    public ICopilot Copilot => _services.GetRequiredService<ICopilot>();

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public static Dictionary<string, string?> Llm(string endpoint, string provider = "openai", int timeoutSeconds = 20, int maxRetries = 2) => new()
    {
        ["Copilot:Llm:Provider"] = provider,
        ["Copilot:Llm:Endpoint"] = endpoint,
        ["Copilot:Llm:Model"] = "test-model",
        ["Copilot:Llm:ApiKey"] = "test-key",
        ["Copilot:Llm:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Copilot:Llm:MaxRetries"] = maxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public LlmOptions LlmOptions => _services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LlmOptions>>().Value;

    public void Dispose() => _services.Dispose();
}
