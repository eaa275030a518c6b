using CopilotBot.Bot.DirectLine;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddDirectLine();
var app = builder.Build();
app.MapGet("/healthz", () => Results.Ok("ok"));
app.MapDirectLine();
app.Run();

/// <summary>Entry point, public for WebApplicationFactory.</summary>
public partial class Program;
