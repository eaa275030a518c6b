using CopilotBot.Bot.Alerts;
using CopilotBot.Bot.Auth;
using CopilotBot.Bot.Conversation;
using CopilotBot.Bot.Hosting;
using CopilotBot.Bot.Protocol;
using CopilotBot.Bot.Storage;
using CopilotBot.Core;
using CopilotBot.Core.Storage;
using CopilotBot.Core.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CopilotBot.Bot;

/// <summary>The Bot Framework channel: <c>/api/messages</c>, authentication, the adapter, Teams behaviour and cards.</summary>
public static partial class BotServiceCollectionExtensions
{
    public static IServiceCollection AddBot(this IServiceCollection services)
    {
        services.AddOptions<BotOptions>()
            .BindConfiguration(BotOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate<IConfiguration>(
                (options, configuration) => !IsStateStore(options.StateStore, CopilotOptions.PostgresStore)
                    || CoreServiceCollectionExtensions.PostgresConnectionString(configuration) is not null,
                $"Bot:StateStore is postgres but ConnectionStrings:{PostgresDatabase.ConnectionStringName} is not set.")
            .ValidateOnStart();
        services.AddHttpClient(ConnectorClient.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddHttpClient(InboundAuthenticator.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddHttpClient(MsalOutboundTokenProvider.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(15));
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<InboundAuthenticator>();
        services.AddSingleton<IOutboundTokenProvider, MsalOutboundTokenProvider>();
        services.AddSingleton<ConnectorClient>();
        services.AddSingleton<TurnQueue>();
        services.AddSingleton<TurnInbox>();
        services.AddHostedService<TurnWorker>();
        services.AddHostedService<InboxRecovery>();
        services.AddSingleton<SqliteInboundActivityStore>();
        services.AddSingleton<InMemoryInboundActivityStore>();
        services.AddSingleton<IInboundActivityStore>(s => StateStore<IInboundActivityStore>(
            s, s.GetRequiredService<InMemoryInboundActivityStore>, s.GetRequiredService<PostgresInboundActivityStore>, s.GetRequiredService<SqliteInboundActivityStore>));
        services.AddSingleton<BotAdapter>();
        services.AddSingleton<IBot, CopilotTeamsBot>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<ProactiveMessenger>();
        services.AddSingleton<AlertActions>();
        services.AddSingleton<FeedbackReceiver>();
        services.AddSingleton<AlertDispatcher>();
        services.AddSingleton<AlertWorker>();
        services.AddHostedService(s => s.GetRequiredService<AlertWorker>());
        services.AddHostedService<HealthSnapshotWorker>();
        services.AddHostedService<UnderstandingWarmup>();

        services.AddSingleton<ReplyOutbox>();
        services.AddHostedService<ReplySender>();
        services.AddSingleton<SqlitePendingReplyStore>();
        services.AddSingleton<InMemoryPendingReplyStore>();
        services.AddSingleton<IPendingReplyStore>(s => StateStore<IPendingReplyStore>(
            s, s.GetRequiredService<InMemoryPendingReplyStore>, s.GetRequiredService<PostgresPendingReplyStore>, s.GetRequiredService<SqlitePendingReplyStore>));

        services.AddSingleton<SqliteConversationStore>();
        services.AddSingleton<InMemoryConversationStore>();
        services.AddSingleton<IConversationReferenceStore>(s => StateStore<IConversationReferenceStore>(
            s, s.GetRequiredService<InMemoryConversationStore>, s.GetRequiredService<PostgresConversationStore>, s.GetRequiredService<SqliteConversationStore>));
        services.AddSingleton<IConversationContextStore>(s => (IConversationContextStore)s.GetRequiredService<IConversationReferenceStore>());
        return services;
    }

    /// <summary>Maps <c>/api/messages</c> (every method: non-POST gets 405 from the adapter) and warns when authentication is off.</summary>
    public static IEndpointRouteBuilder MapBot(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<BotOptions>>().Value;
        if (!options.AuthenticationEnabled)
        {
            var logger = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("CopilotBot.Bot");
            LogAuthDisabled(logger);
        }

        endpoints.Map("/api/messages", (HttpContext http, BotAdapter adapter) => adapter.ProcessAsync(http));
        return endpoints;
    }

    // The bot's state (conversations, outbox) lives where Bot:StateStore says, or else with the portfolio (Copilot:Store).
    private static T StateStore<T>(IServiceProvider services, Func<T> memory, Func<T> postgres, Func<T> sqlite)
    {
        var store = services.GetRequiredService<IOptions<BotOptions>>().Value.StateStore
            ?? services.GetRequiredService<IOptions<CopilotOptions>>().Value.Store;
        return IsStateStore(store, "memory") ? memory() : IsStateStore(store, CopilotOptions.PostgresStore) ? postgres() : sqlite();
    }

    private static bool IsStateStore(string? configured, string store) => string.Equals(configured, store, StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "*** Bot:MicrosoftAppId is not set: LOCAL DEVELOPMENT MODE. /api/messages accepts UNAUTHENTICATED requests and "
        + "replies carry no token. Never expose this instance to a network; set Bot:MicrosoftAppId, "
        + "Bot:MicrosoftAppPassword (and Bot:MicrosoftAppTenantId for SingleTenant) to turn authentication on. ***")]
    private static partial void LogAuthDisabled(ILogger logger);
}
