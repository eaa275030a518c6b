using CopilotBot.Bot;
using CopilotBot.Bot.Storage;
using CopilotBot.Core;
using CopilotBot.Core.Alerts;
using CopilotBot.Core.Storage;
using CopilotBot.Core.Storage.Postgres;
using CopilotBot.Core.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CopilotBot.Tests.Storage;

/// <summary><c>Copilot:Store</c> picks the portfolio store and, unless <c>Bot:StateStore</c> says otherwise, the bot's state store.</summary>
public sealed class StoreSelectionTests
{
    private const string ConnectionString = "Host=127.0.0.1;Username=copilot;Password=copilot;Database=nowhere";

    [Fact]
    public void SqliteIsTheDefaultForThePortfolioAndTheBotState()
    {
        using var services = Build([]);

        Assert.IsType<SqlitePortfolioStore>(services.GetRequiredService<IPortfolioStore>());
        Assert.IsType<SqliteConversationStore>(services.GetRequiredService<IConversationReferenceStore>());
        Assert.IsType<SqlitePendingReplyStore>(services.GetRequiredService<IPendingReplyStore>());
        Assert.IsType<SqliteAlertStore>(services.GetRequiredService<IAlertStore>());
    }

    [Fact]
    public void PostgresServesThePortfolioAndTheBotStateFromOneDatabase()
    {
        using var services = Build(new() { ["Copilot:Store"] = "Postgres", ["ConnectionStrings:Postgres"] = ConnectionString });

        Assert.IsType<PostgresPortfolioStore>(services.GetRequiredService<IPortfolioStore>());
        var references = Assert.IsType<PostgresConversationStore>(services.GetRequiredService<IConversationReferenceStore>());
        Assert.Same(references, services.GetRequiredService<IConversationContextStore>());
        Assert.IsType<PostgresPendingReplyStore>(services.GetRequiredService<IPendingReplyStore>());
        Assert.IsType<PostgresAlertStore>(services.GetRequiredService<IAlertStore>());
    }

    [Theory]
    [InlineData("memory", typeof(InMemoryConversationStore), typeof(InMemoryPendingReplyStore))]
    [InlineData("sqlite", typeof(SqliteConversationStore), typeof(SqlitePendingReplyStore))]
    public void BotStateStoreOverridesTheCopilotStore(string stateStore, Type conversations, Type outbox)
    {
        using var services = Build(new()
        {
            ["Copilot:Store"] = "postgres", ["ConnectionStrings:Postgres"] = ConnectionString, ["Bot:StateStore"] = stateStore,
        });

        Assert.IsType(conversations, services.GetRequiredService<IConversationReferenceStore>());
        Assert.IsType(outbox, services.GetRequiredService<IPendingReplyStore>());
        Assert.IsType<PostgresPortfolioStore>(services.GetRequiredService<IPortfolioStore>());
        Assert.IsType<PostgresAlertStore>(services.GetRequiredService<IAlertStore>()); // alerts follow the portfolio
    }

    [Fact]
    public void BotStateAloneMayLiveInPostgres()
    {
        using var services = Build(new() { ["Bot:StateStore"] = "postgres", ["ConnectionStrings:Postgres"] = ConnectionString });

        Assert.IsType<PostgresConversationStore>(services.GetRequiredService<IConversationContextStore>());
        Assert.IsType<PostgresPendingReplyStore>(services.GetRequiredService<IPendingReplyStore>());
        Assert.IsType<SqlitePortfolioStore>(services.GetRequiredService<IPortfolioStore>());
        Assert.IsType<SqliteAlertStore>(services.GetRequiredService<IAlertStore>());
    }

    [Theory]
    [InlineData("Copilot:Store")]
    [InlineData("Bot:StateStore")]
    public void PostgresWithoutAConnectionStringFailsNamingTheKey(string key)
    {
        using var services = Build(new() { [key] = "postgres", ["ConnectionStrings:Postgres"] = " " });

        var error = Assert.Throws<OptionsValidationException>(() => key.StartsWith("Bot", StringComparison.Ordinal)
            ? (object)services.GetRequiredService<IOptions<BotOptions>>().Value
            : services.GetRequiredService<IOptions<CopilotOptions>>().Value);
        Assert.Contains($"{key} is postgres but ConnectionStrings:Postgres is not set.", error.Failures);
    }

    [Fact]
    public void AnUnknownStoreIsRefused()
    {
        using var services = Build(new() { ["Copilot:Store"] = "mongodb" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<CopilotOptions>>().Value);
        Assert.Contains("Copilot:Store must be sqlite or postgres.", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Copilot:DataDirectory"] = Path.Combine(Path.GetTempPath(), "copilotbot-selection") })
            .AddInMemoryCollection(settings)
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddPortfolio();
        services.AddBot();
        return services.BuildServiceProvider();
    }
}
