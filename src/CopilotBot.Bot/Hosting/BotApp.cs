using CopilotBot.Bot.DirectLine;
using CopilotBot.Bot.Mcp;
using CopilotBot.Bot.Hosting;
using CopilotBot.Copilot;
using CopilotBot.Core;
using CopilotBot.Knowledge;

namespace CopilotBot.Bot;

/// <summary>The bot host, built the same way by <c>Program</c> and by tools that run it in-process (<c>copilot soak</c>).</summary>
public static class BotApp
{
    private const string NoConfigurationReload = "--hostBuilder:reloadConfigOnChange=false";

    /// <param name="args">Command-line arguments (configuration overrides).</param>
    /// <param name="configure">Lets an in-process caller override configuration or services before the host is built.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Settings are validated once at start, so a changed appsettings.json would not take effect anyway; watching it
        // costs a quarter of the turn throughput when the data folder (SQLite, WAL) sits under the content root, as
        // with the README's run command, because the watcher follows every file below the content root.
        var builder = WebApplication.CreateBuilder([.. args, NoConfigurationReload]);
        builder.Configuration.AddHostSettings(builder.Environment, args);
        builder.Services.AddPortfolio();
        builder.Services.AddPlaybooks();
        builder.Services.AddCopilot();
        builder.Services.AddBot();
        builder.Services.AddDirectLine();
        builder.Services.AddMcp();
        builder.Services.AddHostedService<FirstRunSeeder>();
        builder.Services.AddBotOperations(builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapBot();
        app.MapDirectLine();
        app.MapCopilotMcp();
        app.MapBotOperations();
        return app;
    }
}
