using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CopilotBot.Core.Diagnostics;
using CopilotBot.IntegrationTests.Bot;
using CopilotBot.Tests.Bot.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CopilotBot.IntegrationTests.Reliability;

/// <summary>Health endpoints, metrics, OTLP export and what the logs may not contain.</summary>
public sealed class OperationsTests
{
    [Fact]
    public async Task Liveness_is_always_ok_and_readiness_names_what_is_missing()
    {
        await using var host = await BotHost.StartAsync();
        using var client = host.Factory.CreateClient();

        using var live = await client.GetAsync("/healthz");
        using var ready = await client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        // The fake store has a portfolio; the index folder of a fresh data directory is empty: not ready, and it says why.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var report = await ready.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("Healthy", (string?)report!["checks"]!["store"]!["status"]);
        Assert.Equal("Unhealthy", (string?)report["checks"]!["index"]!["status"]);
        Assert.Contains("copilot index", (string?)report["checks"]!["index"]!["description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Turns_are_counted_and_timed()
    {
        var measurements = new ConcurrentQueue<(string Instrument, double Value, string? Channel)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == CopilotTelemetry.Name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Enqueue((i.Name, v, Channel(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Enqueue((i.Name, v, Channel(tags))));
        listener.Start();
        await using var host = await BotHost.StartAsync();
        var activity = host.Activity("playground-personal-message");
        activity["channelId"] = "metrics-test";

        using var response = await host.PostAsync(activity);
        await host.Stub.WaitForMessageAsync();

        await WaitUntilAsync(() => measurements.Any(m => m.Instrument == "copilotbot.turn.duration" && m.Channel == "metrics-test"));
        Assert.Contains(measurements, m => m.Instrument == "copilotbot.turns" && m.Channel == "metrics-test" && m.Value == 1);
        Assert.Contains(measurements, m => m.Instrument == "copilotbot.outbox.attempts");
    }

    [Fact]
    public async Task Traces_and_metrics_go_to_the_configured_otlp_endpoint()
    {
        var received = new ConcurrentQueue<(string Path, string? ContentType, long Length)>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var collector = builder.Build();
        collector.MapPost("/v1/{signal}", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            received.Enqueue((http.Request.Path, http.Request.ContentType, body.Length));
            return Results.Ok();
        });
        await collector.StartAsync();
        var endpoint = collector.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();

        var host = await BotHost.StartAsync(new Dictionary<string, string?>
        {
            ["Telemetry:OtlpEndpoint"] = endpoint,
            ["Telemetry:MetricExportIntervalMs"] = "300",
        });
        await using (host)
        {
            using var response = await host.PostAsync(host.Activity("playground-personal-message"));
            await host.Stub.WaitForMessageAsync();
            await WaitUntilAsync(() => received.Any(r => r.Path == "/v1/metrics"));
        }

        // disposing the host flushes the batched spans
        await WaitUntilAsync(() => received.Any(r => r.Path == "/v1/traces"));
        Assert.All(received, r => Assert.Equal("application/x-protobuf", r.ContentType));
        Assert.All(received, r => Assert.True(r.Length > 0));
    }

    [Fact]
    public async Task Logs_at_information_and_above_hold_no_user_text_or_email()
    {
        const string secret = "zebra-quartz-secret renewal for alexw@example.com";
        var capture = new CapturingLoggerProvider();
        await using var host = await BotHost.StartAsync(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Information" });
        await using var factory = host.Factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(capture)));
        using var client = factory.CreateClient();

        foreach (var text in new[] { secret, "health Contoso " + secret, "portfolio " + secret })
        {
            var activity = host.Activity("playground-personal-message");
            activity["text"] = text;
            using var response = await client.PostAsJsonAsync("/api/messages", activity);
        }

        host.Copilot.Failure = new InvalidOperationException("copilot down");
        var failing = host.Activity("playground-personal-message");
        failing["text"] = secret;
        using (await client.PostAsJsonAsync("/api/messages", failing))
        {
        }

        var broken = host.Activity("playground-personal-message");
        broken["text"] = secret;
        broken.Remove("conversation");
        using (await client.PostAsJsonAsync("/api/messages", broken))
        {
        }

        await host.Stub.WaitForAsync(calls => calls.Count(c => c.Type == "message") >= 4);
        var entries = capture.Entries.Where(e => e.Level >= LogLevel.Information).ToList();
        Assert.NotEmpty(entries);
        Assert.DoesNotContain(entries, e => e.Text.Contains("zebra-quartz", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(entries, e => e.Text.Contains('@', StringComparison.Ordinal));
    }

    private static string? Channel(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "channel")
            {
                return tag.Value as string;
            }
        }

        return null;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(50);
        }
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Text)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                provider.Entries.Enqueue((logLevel, formatter(state, exception) + " " + exception));
        }
    }
}
