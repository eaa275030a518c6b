using Microsoft.Extensions.DependencyInjection;

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
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
