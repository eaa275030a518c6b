using CopilotBot.Bot.Auth;
using CopilotBot.Bot.Conversation;
using CopilotBot.Bot.Protocol;
using CopilotBot.Bot.Storage;
using CopilotBot.Core.Storage;
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
            .ValidateOnStart();
        services.AddHttpClient(ConnectorClient.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddHttpClient(InboundAuthenticator.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddHttpClient(MsalOutboundTokenProvider.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(15));
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<InboundAuthenticator>();
        services.AddSingleton<IOutboundTokenProvider, MsalOutboundTokenProvider>();
        services.AddSingleton<ConnectorClient>();
        services.AddSingleton<TurnQueue>();
        services.AddHostedService<TurnWorker>();
        services.AddSingleton<BotAdapter>();
        services.AddSingleton<IBot, CopilotTeamsBot>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<ProactiveMessenger>();

        services.AddSingleton<ReplyOutbox>();
        services.AddHostedService<ReplySender>();
        services.AddSingleton<SqlitePendingReplyStore>();
        services.AddSingleton<InMemoryPendingReplyStore>();
        services.AddSingleton<IPendingReplyStore>(s => UsesMemoryState(s)
            ? s.GetRequiredService<InMemoryPendingReplyStore>()
            : s.GetRequiredService<SqlitePendingReplyStore>());

        services.AddSingleton<SqliteConversationStore>();
        services.AddSingleton<InMemoryConversationStore>();
        services.AddSingleton<IConversationReferenceStore>(s => (IConversationReferenceStore)ConversationStore(s));
        services.AddSingleton<IConversationContextStore>(s => (IConversationContextStore)ConversationStore(s));
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

    private static bool UsesMemoryState(IServiceProvider services) =>
        string.Equals(services.GetRequiredService<IOptions<BotOptions>>().Value.StateStore, "memory", StringComparison.OrdinalIgnoreCase);

    private static object ConversationStore(IServiceProvider services) =>
        UsesMemoryState(services)
            ? services.GetRequiredService<InMemoryConversationStore>()
            : services.GetRequiredService<SqliteConversationStore>();

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "*** Bot:MicrosoftAppId is not set: LOCAL DEVELOPMENT MODE. /api/messages accepts UNAUTHENTICATED requests and "
        + "replies carry no token. Never expose this instance to a network; set Bot:MicrosoftAppId, "
        + "Bot:MicrosoftAppPassword (and Bot:MicrosoftAppTenantId for SingleTenant) to turn authentication on. ***")]
    private static partial void LogAuthDisabled(ILogger logger);
}
