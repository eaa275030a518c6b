using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CopilotBot.Bot;
using CopilotBot.Core.Diagnostics;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CopilotBot.Cli.Soak;

/// <summary>What <c>copilot soak</c> drives: how many conversations, how long, and which bot (null: one started here).</summary>
internal sealed record SoakSettings(int Conversations, TimeSpan Duration, Uri? BotUrl, TimeSpan ReplyTimeout);

/// <summary>Who a soak conversation speaks as, and an account of theirs to draft for (null: portfolio and help only).</summary>
internal sealed record SoakUser(string Email, string? AccountName)
{
    /// <summary>The conversation's n-th message: the portfolio, then a remediation plan (an offline draft) and a health card of their account.</summary>
    public string TurnText(int n) => (n % 3, AccountName) switch
    {
        (0, _) => "my portfolio",
        (_, null) => "help",
        (1, var account) => $"remediation plan for {account}",
        (_, var account) => $"health of {account}",
    };
}

/// <summary>The figures of a soak run. Lost replies are turns the bot acknowledged (200) whose reply never reached the stub.</summary>
internal sealed record SoakReport(
    int Conversations,
    double Seconds,
    int Turns,
    int Replies,
    int Errors,
    int Lost,
    double TurnsPerSecond,
    double P50Ms,
    double P99Ms,
    double MaxMs,
    IReadOnlyList<string> ErrorSamples);

/// <summary>
/// Many concurrent Web Chat conversations against <c>/api/messages</c> on loopback, each posting its next message when
/// the previous reply arrived at a local connector stub; latency is POST to reply received.
/// </summary>
internal sealed class SoakRunner
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _waiting = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentBag<double> _latencies = [];
    private int _turns;
    private int _errorCount;
    private int _lost;

    /// <param name="configureHost">Lets tests replace services of the in-process bot (e.g. the copilot).</param>
    public static async Task<SoakReport> RunAsync(SoakSettings settings, Action<WebApplicationBuilder>? configureHost, TextWriter log, CancellationToken cancellationToken)
    {
        var runner = new SoakRunner();
        await using var sink = await ConnectorSink.StartAsync();
        sink.OnAccepted = runner.OnReply;
        var data = Directory.CreateTempSubdirectory("copilot-soak-");
        WebApplication? host = null;
        try
        {
            Uri botUrl;
            IReadOnlyList<SoakUser> users;
            if (settings.BotUrl is { } external)
            {
                botUrl = external;
                users = [new SoakUser("soak@example.com", null)];
            }
            else
            {
                await log.WriteLineAsync($"Starting the bot on 127.0.0.1 with the sample portfolio in {data.FullName}...");
                host = BotApp.Build(["--urls", "http://127.0.0.1:0"], builder =>
                {
                    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                    {
                        ["Copilot:DataDirectory"] = data.FullName,
                        ["Copilot:SeedSampleOnFirstRun"] = "true",
                        ["Bot:MicrosoftAppId"] = string.Empty,
                        ["Bot:StateStore"] = "sqlite",
                        ["Logging:LogLevel:Default"] = "Warning",
                        ["Logging:LogLevel:CopilotBot.Bot.Protocol.ReplyOutbox"] = "Warning",
                    });
                    // The command's standard output is its report (--json): the bot's log goes to standard error.
                    builder.Logging.ClearProviders();
                    builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
                    configureHost?.Invoke(builder);
                });
                await host.StartAsync(cancellationToken);
                botUrl = new Uri(host.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
                users = await CsmsAsync(host.Services.GetRequiredService<IPortfolioStore>(), cancellationToken);
            }

            await log.WriteLineAsync($"Driving {settings.Conversations} conversations for {settings.Duration.TotalSeconds:0} s against {botUrl}...");
            return await runner.DriveAsync(settings, botUrl, sink, users, cancellationToken);
        }
        finally
        {
            if (host is not null)
            {
                await host.StopAsync(CancellationToken.None);
                await host.DisposeAsync();
            }

            try
            {
                data.Delete(recursive: true);
            }
            catch (IOException)
            {
                // SQLite may hold the file a moment longer; it is a temp folder.
            }
        }
    }

    // Each CSM with one of their accounts, so that turns draft for real; without CSMs, whoever there is.
    private static async Task<IReadOnlyList<SoakUser>> CsmsAsync(IPortfolioStore store, CancellationToken cancellationToken)
    {
        var users = await store.GetUsersAsync(cancellationToken);
        var accounts = await store.GetAccountsAsync(cancellationToken);
        var csms = users.Where(u => u.Role == UserRole.Csm)
            .Select(u => new SoakUser(u.Email, accounts.FirstOrDefault(a => string.Equals(a.CsmEmail, u.Email, StringComparison.OrdinalIgnoreCase))?.Name))
            .ToList();
        return csms.Count > 0 ? csms : [.. users.Select(u => new SoakUser(u.Email, null)).DefaultIfEmpty(new SoakUser("soak@example.com", null))];
    }

    private async Task<SoakReport> DriveAsync(SoakSettings settings, Uri botUrl, ConnectorSink sink, IReadOnlyList<SoakUser> users, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = settings.Conversations }) { BaseAddress = botUrl, Timeout = TimeSpan.FromSeconds(30) };
        var clock = Stopwatch.StartNew();
        var until = settings.Duration;
        await Task.WhenAll(Enumerable.Range(0, settings.Conversations)
            .Select(c => ConversationAsync(c, http, sink.ServiceUrl, users[c % users.Count], () => clock.Elapsed < until, settings.ReplyTimeout, cancellationToken)));
        var seconds = clock.Elapsed.TotalSeconds;
        var latencies = _latencies.Order().ToList();
        return new SoakReport(
            settings.Conversations,
            seconds,
            _turns,
            latencies.Count,
            _errorCount,
            _lost,
            latencies.Count / seconds,
            Percentiles.Of(latencies, 0.50),
            Percentiles.Of(latencies, 0.99),
            latencies.Count == 0 ? 0 : latencies[^1],
            [.. _errors.Take(5)]);
    }

    private async Task ConversationAsync(
        int conversation, HttpClient http, string serviceUrl, SoakUser user, Func<bool> keepGoing, TimeSpan replyTimeout, CancellationToken cancellationToken)
    {
        var conversationId = $"soak-{conversation}";
        for (var n = 0; keepGoing() && !cancellationToken.IsCancellationRequested; n++)
        {
            var id = $"{conversationId}-{n}";
            var reply = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting[id] = reply;
            var activity = new JsonObject
            {
                ["type"] = "message",
                ["id"] = id,
                ["channelId"] = "webchat",
                ["serviceUrl"] = serviceUrl,
                ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
                ["from"] = new JsonObject { ["id"] = user.Email, ["name"] = "Soak" },
                ["recipient"] = new JsonObject { ["id"] = "bot", ["name"] = "CopilotBot" },
                ["conversation"] = new JsonObject { ["id"] = conversationId },
                ["text"] = user.TurnText(n),
            };
            Interlocked.Increment(ref _turns);
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await http.PostAsJsonAsync("api/messages", activity, cancellationToken);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Error($"{id}: HTTP {(int)response.StatusCode}");
                    _waiting.TryRemove(id, out _);
                    continue;
                }
            }
            catch (HttpRequestException ex)
            {
                Error($"{id}: {ex.HttpRequestError}");
                _waiting.TryRemove(id, out _);
                continue;
            }

            try
            {
                var arrived = await reply.Task.WaitAsync(replyTimeout, cancellationToken);
                _latencies.Add(Stopwatch.GetElapsedTime(started, arrived).TotalMilliseconds);
            }
            catch (TimeoutException)
            {
                Interlocked.Increment(ref _lost);
                Error($"{id}: no reply within {replyTimeout.TotalSeconds:0} s");
            }
            finally
            {
                _waiting.TryRemove(id, out _);
            }
        }
    }

    private void OnReply(SinkArrival arrival)
    {
        if (arrival.ReplyToId is { } id && _waiting.TryGetValue(id, out var waiting))
        {
            waiting.TrySetResult(arrival.Timestamp);
        }
    }

    private void Error(string message)
    {
        Interlocked.Increment(ref _errorCount);
        _errors.Enqueue(message);
    }
}
