using CopilotBot.Core.Health;
using CopilotBot.Core.Portfolio;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CopilotBot.Core;

/// <summary>Registers the portfolio store, import, health model and access rules.</summary>
public static class CoreServiceCollectionExtensions
{
    public static IServiceCollection AddPortfolio(this IServiceCollection services)
    {
        services.AddOptions<CopilotOptions>()
            .BindConfiguration(CopilotOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<HealthOptions>()
            .BindConfiguration(HealthOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HealthOptions>, HealthOptionsValidator>());
        services.TryAddSingleton<IHealthScorer, HealthScorer>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PortfolioService>();
        return services;
    }
}
