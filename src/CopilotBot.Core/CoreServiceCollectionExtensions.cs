using CopilotBot.Core.Portfolio;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PortfolioService>();
        return services;
    }
}
