using CopilotBot.Core.Health;
using CopilotBot.Core.Import;
using CopilotBot.Core.Portfolio;
using CopilotBot.Core.Storage;
using CopilotBot.Core.Storage.Sqlite;
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

        services.AddSingleton<IPortfolioStore>(sp => new SqlitePortfolioStore(
            Path.Combine(sp.GetRequiredService<IOptions<CopilotOptions>>().Value.DataDirectory, SqlitePortfolioStore.FileName),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<PortfolioReader>();
        services.AddSingleton<PortfolioImporter>();
        return services;
    }
}
