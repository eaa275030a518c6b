using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CopilotBot.Cli.Soak;

/// <summary>A reply that reached the sink: its conversation, the activity it answers, and when (Stopwatch ticks).</summary>
internal sealed record SinkArrival(string ConversationId, string? ReplyToId, string? Type, string? Text, long Timestamp);

/// <summary>How the sink refuses one call: a status and an optional Retry-After.</summary>
internal sealed record SinkFault(HttpStatusCode Status, TimeSpan? RetryAfter = null);

/// <summary>
/// A channel's Connector API on 127.0.0.1 that records the replies it accepts. It can refuse calls (<see cref="Fault"/>)
/// and be stopped and started again on the same port, to play a channel that fails, throttles or is down.
/// </summary>
internal sealed class ConnectorSink : IAsyncDisposable
{
    private readonly ConcurrentQueue<SinkArrival> _accepted = new();
    private WebApplication? _app;
    private int _calls;

    public int Port { get; private set; }

    public string ServiceUrl => $"http://127.0.0.1:{Port}/connector";

    /// <summary>Consulted per call; a non-null answer refuses it (the reply is not accepted).</summary>
    public Func<SinkArrival, SinkFault?>? Fault { get; set; }

    public IReadOnlyList<SinkArrival> Accepted => [.. _accepted];

    /// <summary>Called for each accepted reply, on the request's thread.</summary>
    public Action<SinkArrival>? OnAccepted { get; set; }

    /// <summary>Every call, accepted or refused.</summary>
    public int Calls => Volatile.Read(ref _calls);

    public static async Task<ConnectorSink> StartAsync(int port = 0)
    {
        var sink = new ConnectorSink();
        await sink.StartAgainAsync(port);
        return sink;
    }

    /// <summary>Starts listening (again) on the same port, or a free one the first time.</summary>
    public async Task StartAgainAsync(int? port = null)
    {
        // Empty: no settings files, so no watcher on the working folder reporting every SQLite write of a bot under it.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port ?? Port));
        var app = builder.Build();
        app.MapPost("/connector/v3/conversations/{conversation}/activities/{**replyTo}", (Func<HttpContext, string, string?, Task<IResult>>)ReceiveAsync);
        await app.StartAsync();
        Port = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()).Port;
        _app = app;
    }

    /// <summary>Stops listening: the bot's sends now fail with connection refused.</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private async Task<IResult> ReceiveAsync(HttpContext http, string conversation, string? replyTo)
    {
        // A document, not a JsonObject: only two top-level strings are read, and a reply's card can be large.
        using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        string? Top(string name) =>
            body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString() : null;
        var arrival = new SinkArrival(conversation, string.IsNullOrEmpty(replyTo) ? null : replyTo, Top("type"), Top("text"), Stopwatch.GetTimestamp());
        Interlocked.Increment(ref _calls);
        if (Fault?.Invoke(arrival) is { } fault)
        {
            if (fault.RetryAfter is { } wait)
            {
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return Results.StatusCode((int)fault.Status);
        }

        if (arrival.Type != "typing")
        {
            _accepted.Enqueue(arrival);
            OnAccepted?.Invoke(arrival);
        }

        return Results.Json(new { id = "sink-" + Guid.NewGuid().ToString("N")[..8] }, statusCode: StatusCodes.Status201Created);
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
