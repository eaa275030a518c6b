using CopilotBot.Bot;

BotApp.Build(args).Run();

/// <summary>Entry point, public for WebApplicationFactory.</summary>
public partial class Program;
