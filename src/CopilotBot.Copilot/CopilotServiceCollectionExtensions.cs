using CopilotBot.Core;
using CopilotBot.Core.Import;
using CopilotBot.Copilot.Access;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Copilot.Evaluation;
using CopilotBot.Copilot.Handlers;
using CopilotBot.Copilot.Understanding;
using CopilotBot.Knowledge;
using CopilotBot.Knowledge.Embeddings;
using CopilotBot.Copilot.Llm;
using CopilotBot.Copilot.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CopilotBot.Copilot;

/// <summary>Registers the kernel, plugins, prompts and drafting engines behind <see cref="Drafting.ICopilot"/>.</summary>
public static class CopilotServiceCollectionExtensions
{
    public static IServiceCollection AddCopilot(this IServiceCollection services)
    {
        services.AddOptions<LlmOptions>()
            .BindConfiguration(LlmOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LlmOptions>, LlmOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(s => new PromptLibrary(s.GetRequiredService<IOptions<CopilotOptions>>().Value.PromptsPath));
        services.TryAddSingleton<AccountGateway>();
        services.TryAddSingleton<CopilotTurnContext>();
        services.TryAddSingleton<PluginSupport>();
        services.TryAddSingleton<AccountsPlugin>();
        services.TryAddSingleton<HealthPlugin>();
        services.TryAddSingleton<ActivityPlugin>();
        services.TryAddSingleton<PlaybooksPlugin>();
        services.TryAddSingleton<CauseReader>();
        // Every import's evidence is read by meaning in the background, before the first draft needs it.
        services.TryAddSingleton<EvidenceReading>();
        services.AddSingleton<IPortfolioImportListener>(s => s.GetRequiredService<EvidenceReading>());
        services.TryAddSingleton<DraftEngine>();
        services.TryAddSingleton<LlmKernel>();
        services.TryAddSingleton<LlmDrafter>();
        services.TryAddSingleton<DraftsPlugin>();
        services.TryAddSingleton<PortfolioAnswersPlugin>();
        services.TryAddSingleton<ToolCallCap>();
        services.TryAddSingleton<CopilotAgent>();
        services.TryAddSingleton<SentenceEmbeddingGenerator>();
        services.AddOptions<KnowledgeOptions>();
        services.TryAddSingleton<QuestionUnderstander>();
        services.TryAddSingleton<PortfolioSummaries>();
        services.TryAddSingleton<HelpHandler>();
        services.AddSingleton<IAskHandler>(s => s.GetRequiredService<HelpHandler>());
        services.AddSingleton<IAskHandler, ThanksHandler>();
        services.AddSingleton<IAskHandler, OutOfScopeHandler>();
        services.AddSingleton<IAskHandler, UnsupportedActionHandler>();
        foreach (var (intent, compose) in AccountAnswerHandler.Answers)
        {
            services.AddSingleton<IAskHandler>(s => new AccountAnswerHandler(intent, compose, s.GetRequiredService<DraftEngine>()));
        }

        services.AddSingleton<IAskHandler, DraftHandler>();
        services.AddSingleton<IAskHandler, PortfolioHandler>();
        services.AddSingleton<IAskHandler, TeamHandler>();
        services.AddSingleton<IAskHandler, PrioritiesHandler>();
        services.AddSingleton<IAskHandler, GuidanceHandler>();
        services.TryAddSingleton<AskHandlers>();
        // Drafting on a question goes back through the copilot (the model or offline, with its fallbacks).
        services.TryAddSingleton<Func<ICopilot>>(s => s.GetRequiredService<ICopilot>);
        services.TryAddSingleton<ICopilot, CopilotService>();
        services.TryAddSingleton<DraftEvaluator>();
        services.TryAddSingleton<UnderstandingEvaluator>();
        return services;
    }
}
