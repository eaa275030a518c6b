using CopilotBot.Bot.DirectLine;
using CopilotBot.Bot.Hosting;
using CopilotBot.Copilot;
using CopilotBot.Core;
using CopilotBot.Knowledge;

namespace CopilotBot.Bot;

/// <summary>The bot host, built the same way by <c>Program</c> and by tools that run it in-process (<c>copilot soak</c>).</summary>
public static class BotApp
{
    /// <param name="args">Command-line arguments (configuration overrides).</param>
    /// <param name="configure">Lets an in-process caller override configuration or services before the host is built.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddHostSettings(builder.Environment, args);
        builder.Services.AddPortfolio();
        builder.Services.AddPlaybooks();
        builder.Services.AddCopilot();
        builder.Services.AddBot();
        builder.Services.AddDirectLine();
        builder.Services.AddHostedService<FirstRunSeeder>();
        builder.Services.AddBotOperations(builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapBot();
        app.MapDirectLine();
        app.MapBotOperations();
        return app;
    }
}
