using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Copilot.Llm;
using CopilotBot.Core;
using CopilotBot.Core.Portfolio;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace CopilotBot.Cli.Bench;

/// <summary>
/// <c>copilot bench agent [--turns N]</c>: what the model-led path costs besides the model itself. The same question
/// about one of the user's accounts is asked N times offline and N times through the tool loop against a local
/// OpenAI-protocol server on loopback that answers at once (a tool call, then a cited answer, both streamed), pairwise,
/// so that the difference is the loop's own overhead: two chat round trips, the tool call, the streamed parse and the
/// groundedness check. Also lists the tools the model is offered and the token budgets of a turn.
/// </summary>
internal static partial class AgentLoopBench
{
    public static Command Create(GlobalOptions options, CliOutput output)
    {
        var turns = new Option<int>("--turns") { Description = "Questions timed in each mode", DefaultValueFactory = _ => 100 };
        var command = new Command("agent", "Latency the model-led tool loop adds over the offline answer, against a local OpenAI-protocol server") { turns };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(turns);
            if (count is < 1 or > 100_000)
            {
                await output.Error.WriteLineAsync("--turns 1..100000.").ConfigureAwait(false);
                return CopilotCli.BadInput;
            }

            await using var server = await LocalModel.StartAsync(cancellationToken).ConfigureAwait(false);
            var overrides = CliSession.Overrides(parse, options);
            await using var offline = await CliSession.StartAsync(overrides, parse.GetValue(options.As), json: false, output, cancellationToken).ConfigureAwait(false);
            var withModel = new Dictionary<string, string?>(overrides)
            {
                ["Copilot:Llm:Provider"] = "openai",
                ["Copilot:Llm:Endpoint"] = server.BaseUri,
                ["Copilot:Llm:Model"] = "local-bench",
                ["Copilot:Llm:ApiKey"] = "local",
                ["Copilot:Llm:MaxRetries"] = "0",
            };
            await using var agent = await CliSession.StartAsync(withModel, parse.GetValue(options.As), json: false, output, cancellationToken).ConfigureAwait(false);
            var scope = await agent.GetScopeAsync(cancellationToken).ConfigureAwait(false);
            var account = (await agent.Get<PortfolioService>().GetPortfolioAsync(scope, null, cancellationToken).ConfigureAwait(false)).FirstOrDefault()?.Account
                ?? throw new InvalidInputException("The user sees no account: import a portfolio first (copilot import knowledge/sample-portfolio).");
            server.Account = account.Name;
            var question = $"what should I know about {account.Name} before the renewal?";
            var request = new AskRequest(question, scope.User.Email) { OnTextDelta = (_, _) => Task.CompletedTask };

            // Warm both paths (JIT, kernel construction, caches) before timing.
            _ = await offline.Get<ICopilot>().AskAsync(request, cancellationToken).ConfigureAwait(false);
            var warm = await agent.Get<ICopilot>().AskAsync(request, cancellationToken).ConfigureAwait(false);
            if (warm.Mode != DraftEngine.LlmMode)
            {
                await output.Error.WriteLineAsync($"The model-led answer fell back to offline: {string.Join(" ", warm.Warnings)}").ConfigureAwait(false);
                return CopilotCli.Failure;
            }

            var offlineMs = new List<double>();
            var agentMs = new List<double>();
            var fallbacks = 0;
            var chatRequests = server.ChatRequests;
            for (var i = 0; i < count; i++)
            {
                var watch = Stopwatch.StartNew();
                _ = await offline.Get<ICopilot>().AskAsync(request, cancellationToken).ConfigureAwait(false);
                offlineMs.Add(watch.Elapsed.TotalMilliseconds);
                watch.Restart();
                var answer = await agent.Get<ICopilot>().AskAsync(request, cancellationToken).ConfigureAwait(false);
                agentMs.Add(watch.Elapsed.TotalMilliseconds);
                fallbacks += answer.Mode == DraftEngine.LlmMode ? 0 : 1;
            }

            var added = offlineMs.Zip(agentMs, (o, a) => a - o).ToList();
            var llm = agent.Get<IOptions<LlmOptions>>().Value;
            var report = new AgentLoopReport(
                count,
                (server.ChatRequests - chatRequests) / (double)count,
                fallbacks,
                Percentile(offlineMs, 50), Percentile(offlineMs, 99),
                Percentile(agentMs, 50), Percentile(agentMs, 99),
                Percentile(added, 50), Percentile(added, 99),
                llm.MaxToolCallsPerTurn, llm.MaxHistoryTokens, llm.MaxRememberedMessages, server.LastPromptTokens,
                [.. agent.Get<CopilotAgent>().Tools.Select(t => new OfferedTool(t.Name, t.Description))]);
            if (parse.GetValue(options.Json))
            {
                CliJson.Write(output.Out, report);
            }
            else
            {
                Render(report, output);
            }

            return fallbacks == 0 ? CopilotCli.Ok : CopilotCli.Failure;
        });
        return command;
    }

    private static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1;
        return Math.Round(sorted[Math.Clamp(rank, 0, sorted.Count - 1)], 2);
    }

    private static void Render(AgentLoopReport report, CliOutput output)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"copilot bench agent: {report.Turns} turns per mode");
        foreach (var column in new[] { "measure", "p50 ms", "p99 ms" }) table.AddColumn(column);
        table.AddRow("offline answer", F(report.OfflineP50Ms), F(report.OfflineP99Ms));
        table.AddRow("model-led answer (local server)", F(report.AgentP50Ms), F(report.AgentP99Ms));
        table.AddRow("added by the tool loop (paired)", F(report.AddedP50Ms), F(report.AddedP99Ms));
        output.Console.Write(table);
        output.Console.MarkupLine(Markup.Escape(
            $"chat requests per turn {report.ChatRequestsPerTurn:0.##}, fallbacks {report.Fallbacks}; per turn at most {report.MaxToolCallsPerTurn} tool calls, " +
            $"{report.MaxHistoryTokens} tokens of conversation, {report.RememberedMessages} messages remembered; the last prompt sent was {report.PromptTokens} tokens (instructions, tool schemas, question, tool results)"));
        var tools = new Table().Border(TableBorder.Rounded).Title("tools offered to the model");
        tools.AddColumn("tool");
        tools.AddColumn("description");
        foreach (var tool in report.Tools)
        {
            tools.AddRow(Markup.Escape(tool.Name), Markup.Escape(tool.Description));
        }

        output.Console.Write(tools);
    }

    private static string F(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A model that answers at once: it calls the health tool for the account, then answers citing what the tool returned.</summary>
    private sealed partial class LocalModel : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _chatRequests;

        private LocalModel(WebApplication app) => _app = app;

        public string BaseUri { get; private set; } = "";

        public string Account { get; set; } = "";

        public int ChatRequests => Volatile.Read(ref _chatRequests);

        public int LastPromptTokens { get; private set; }

        public static async Task<LocalModel> StartAsync(CancellationToken cancellationToken)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var model = new LocalModel(app);
            app.MapPost("/v1/chat/completions", model.ChatAsync);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            model.BaseUri = new Uri(new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()), "/v1/").ToString();
            return model;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        private async Task ChatAsync(HttpContext http)
        {
            Interlocked.Increment(ref _chatRequests);
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
            LastPromptTokens = LlmDrafter.CountTokens(body);
            var messages = JsonNode.Parse(body)?["messages"]?.AsArray() ?? [];
            var last = messages[^1];
            http.Response.ContentType = "text/event-stream";
            if ((string?)last?["role"] != "tool")
            {
                var arguments = JsonSerializer.Serialize(new { account = Account });
                await SendAsync(http, new JsonObject
                {
                    ["tool_calls"] = new JsonArray(new JsonObject
                    {
                        ["index"] = 0, ["id"] = "call_1", ["type"] = "function",
                        ["function"] = new JsonObject { ["name"] = "health-get_health", ["arguments"] = arguments },
                    }),
                }, "tool_calls").ConfigureAwait(false);
            }
            else
            {
                var cite = CiteId().Match((string?)last["content"] ?? "") is { Success: true } m ? m.Value : "C1";
                var answer = JsonSerializer.Serialize(new { sections = new[] { new { title = "Answer", items = new[] { new { text = "Its health, components and flags are in the cited record.", citations = new[] { cite } } } } } });
                await SendAsync(http, new JsonObject { ["content"] = answer }, "stop").ConfigureAwait(false);
            }

            await http.Response.WriteAsync("data: [DONE]\n\n", http.RequestAborted).ConfigureAwait(false);
        }

        private static async Task SendAsync(HttpContext http, JsonObject delta, string finish)
        {
            delta["role"] = "assistant";
            foreach (var (piece, reason) in new[] { (delta, (string?)null), (new JsonObject(), finish) })
            {
                var chunk = new JsonObject
                {
                    ["id"] = "bench", ["object"] = "chat.completion.chunk", ["created"] = 1_760_000_000, ["model"] = "local-bench",
                    ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = piece, ["finish_reason"] = reason }),
                };
                await http.Response.WriteAsync($"data: {chunk.ToJsonString()}\n\n", http.RequestAborted).ConfigureAwait(false);
            }
        }

        [GeneratedRegex(@"C\d+")]
        private static partial Regex CiteId();
    }
}

/// <summary>One tool the model is offered.</summary>
internal sealed record OfferedTool(string Name, string Description);

/// <summary>The figures of <c>copilot bench agent</c>, in milliseconds.</summary>
internal sealed record AgentLoopReport(
    int Turns, double ChatRequestsPerTurn, int Fallbacks,
    double OfflineP50Ms, double OfflineP99Ms, double AgentP50Ms, double AgentP99Ms, double AddedP50Ms, double AddedP99Ms,
    int MaxToolCallsPerTurn, int MaxHistoryTokens, int RememberedMessages, int PromptTokens, IReadOnlyList<OfferedTool> Tools);
