using CopilotBot.Core;
using CopilotBot.Copilot.Access;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Copilot.Evaluation;
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
        services.TryAddSingleton<DraftEngine>();
        services.TryAddSingleton<LlmDrafter>();
        services.TryAddSingleton<ICopilot, CopilotService>();
        services.TryAddSingleton<DraftEvaluator>();
        return services;
    }
}
