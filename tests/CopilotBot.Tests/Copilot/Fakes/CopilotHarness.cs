using CopilotBot.Copilot;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Copilot.Llm;
using CopilotBot.Core;
using CopilotBot.Core.Health;
using CopilotBot.Core.Storage;
using CopilotBot.Knowledge;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CopilotBot.Tests.Copilot.Fakes;

/// <summary>The copilot as the hosts build it (AddCopilot), over the sample portfolio and fixed playbook passages.</summary>
public sealed class CopilotHarness : IDisposable
{
    private readonly ServiceProvider _services;

    public CopilotHarness(IDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Copilot:AsOf"] = "2026-11-22" })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        Search = new FakePlaybookSearch(SamplePortfolio.Playbooks);
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddPortfolio()
            .AddSingleton<IPortfolioStore>(new FakePortfolioStore(SamplePortfolio.Data))
            .AddSingleton<IHealthScorer>(new FakeHealthScorer(SamplePortfolio.Health))
            .AddSingleton<IPlaybookSearch>(Search)
            .AddCopilot()
            .BuildServiceProvider(validateScopes: true);
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
