using CopilotBot.Bot;
using CopilotBot.Bot.DirectLine;
using CopilotBot.Bot.Hosting;
using CopilotBot.Copilot;
using CopilotBot.Core;
using CopilotBot.Knowledge;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddHostSettings(builder.Environment, args);
builder.Services.AddPortfolio();
builder.Services.AddPlaybooks();
builder.Services.AddCopilot();
builder.Services.AddBot();
builder.Services.AddDirectLine();
builder.Services.AddHostedService<FirstRunSeeder>();

var app = builder.Build();
app.MapBot();
app.MapDirectLine();
app.MapGet("/healthz", () => Results.Ok("ok"));
app.Run();

/// <summary>Entry point, public for WebApplicationFactory.</summary>
public partial class Program;
