using CopilotBot.Core.Feedback;
using CopilotBot.Core.Alerts;
using CopilotBot.Core.Health;
using CopilotBot.Core.Import;
using CopilotBot.Core.Portfolio;
using CopilotBot.Core.Storage;
using CopilotBot.Core.Storage.Postgres;
using CopilotBot.Core.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CopilotBot.Core;

/// <summary>Registers the portfolio store, import, health model, access rules and alerts.</summary>
public static class CoreServiceCollectionExtensions
{
    public static IServiceCollection AddPortfolio(this IServiceCollection services)
    {
        services.AddOptions<CopilotOptions>()
            .BindConfiguration(CopilotOptions.SectionName)
            .PostConfigure(options => options.DataDirectory = string.IsNullOrWhiteSpace(options.DataDirectory) ? options.DataDirectory : DataFolder.Resolve(options.DataDirectory))
            .ValidateDataAnnotations()
            .Validate<IConfiguration>(
                (options, configuration) => !options.UsesPostgres || PostgresConnectionString(configuration) is not null,
                $"Copilot:Store is postgres but ConnectionStrings:{PostgresDatabase.ConnectionStringName} is not set.")
            .ValidateOnStart();
        services.AddOptions<HealthOptions>()
            .BindConfiguration(HealthOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HealthOptions>, HealthOptionsValidator>());
        services.TryAddSingleton<IHealthScorer, HealthScorer>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PortfolioService>();
        services.AddSingleton<PortfolioCache>();
        services.AddSingleton<IPortfolioImportListener>(sp => sp.GetRequiredService<PortfolioCache>());

        // Resolved only when something asks for PostgreSQL (Copilot:Store or Bot:StateStore); one pool per process.
        services.TryAddSingleton(sp => new PostgresDatabase(PostgresConnectionString(sp.GetRequiredService<IConfiguration>())
            ?? throw new InvalidOperationException($"ConnectionStrings:{PostgresDatabase.ConnectionStringName} is not set.")));
        services.TryAddSingleton<PostgresConversationStore>();
        services.TryAddSingleton<PostgresPendingReplyStore>();
        services.TryAddSingleton<PostgresInboundActivityStore>();
        services.AddSingleton<IPortfolioStore>(sp => sp.GetRequiredService<IOptions<CopilotOptions>>().Value switch
        {
            { UsesPostgres: true } => new PostgresPortfolioStore(sp.GetRequiredService<PostgresDatabase>(), sp.GetRequiredService<TimeProvider>()),
            var options => new SqlitePortfolioStore(Path.Combine(options.DataDirectory, SqlitePortfolioStore.FileName), sp.GetRequiredService<TimeProvider>()),
        });
        services.AddSingleton<PortfolioReader>();
        services.AddSingleton<PortfolioImporter>();

        services.AddOptions<AlertOptions>()
            .BindConfiguration(AlertOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IAlertStore>(sp => sp.GetRequiredService<IOptions<CopilotOptions>>().Value switch
        {
            { UsesPostgres: true } => new PostgresAlertStore(sp.GetRequiredService<PostgresDatabase>()),
            var options => new SqliteAlertStore(Path.Combine(options.DataDirectory, SqliteAlertStore.FileName)),
        });
        services.AddSingleton(sp => (IAlertRoundLock)sp.GetRequiredService<IAlertStore>());
        services.AddSingleton<IAnswerFeedbackStore>(sp => sp.GetRequiredService<IOptions<CopilotOptions>>().Value switch
        {
            { UsesPostgres: true } => new PostgresAnswerFeedbackStore(sp.GetRequiredService<PostgresDatabase>()),
            var options => new SqliteAnswerFeedbackStore(Path.Combine(options.DataDirectory, SqliteAnswerFeedbackStore.FileName)),
        });
        services.AddSingleton<AlertService>();
        services.AddSingleton<DigestBuilder>();
        services.AddSingleton<AlertImportListener>();
        services.AddSingleton<IPortfolioImportListener>(sp => sp.GetRequiredService<AlertImportListener>());
        return services;
    }

    /// <summary>The configured PostgreSQL connection string (<c>ConnectionStrings:Postgres</c>), or null when unset.</summary>
    public static string? PostgresConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(PostgresDatabase.ConnectionStringName) is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;
}
