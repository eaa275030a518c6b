using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using CopilotBot.Bot;
using CopilotBot.Bot.Storage;
using CopilotBot.Cli.Soak;
using CopilotBot.Core;
using CopilotBot.Core.Storage;
using CopilotBot.IntegrationTests.Bot;
using CopilotBot.Tests.Bot.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace CopilotBot.IntegrationTests.Reliability;

/// <summary>
/// Item 4 of issue 20: an activity acknowledged with 200 is answered, once, whether the host stops gracefully with a
/// backlog (drained, the rest left in the inbox for the next start) or dies (the next start runs what it left once its
/// lease has run out).
/// </summary>
public sealed class TurnInboxTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Burst = 300;
    private const int Conversations = 30;

    private readonly string _statePath = Path.Combine(Path.GetTempPath(), "copilotbot-inbox-" + Guid.NewGuid().ToString("N"), "bot-state.db");
    private ChannelStub _channel = null!;
    private ConnectorSink _sink = null!;

    public async Task InitializeAsync()
    {
        _channel = await ChannelStub.StartAsync();
        _sink = await ConnectorSink.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _sink.DisposeAsync();
        await _channel.DisposeAsync();
    }

    [Fact]
    public async Task Item4_a_burst_acknowledged_before_a_graceful_stop_is_answered_once_after_the_restart()
    {
        var acknowledged = new List<string>();
        int answeredBeforeStop;
        var stopping = Stopwatch.StartNew();
        await using (var first = CreateHost())
        {
            first.Copilot.Delay = TimeSpan.FromMilliseconds(100); // a backlog builds: 2 turns at a time, 100 ms each
            using var client = first.CreateClient();
            await Task.WhenAll(Enumerable.Range(0, Burst).Chunk(Burst / 10).Select(async chunk =>
            {
                foreach (var i in chunk)
                {
                    var activity = Fixtures.Activity("playground-personal-message", _sink.ServiceUrl, conversationId: $"burst-c{i % Conversations}");
                    activity["id"] = $"burst-{i}";
                    activity["text"] = "renewal talking points for Contoso";
                    using var response = await client.PostAsJsonAsync("/api/messages", activity);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        lock (acknowledged)
                        {
                            acknowledged.Add($"burst-{i}");
                        }
                    }
                }
            }));

            stopping.Restart();
        }

        var stopTook = stopping.Elapsed;
        answeredBeforeStop = Answered().Count;
        var left = await new SqliteInboundActivityStore(Options.Create(new BotOptions { StatePath = _statePath }), Options.Create(new CopilotOptions())).ListUnfinishedAsync();
        output.WriteLine($"first host: {acknowledged.Count} acknowledged, {answeredBeforeStop} answered, {left.Count} left, stop took {stopTook.TotalSeconds:0.0} s");
        Assert.True(left.Count > 0 && answeredBeforeStop < Burst, "the stop left a backlog (else this test proves nothing)");

        await using (var second = CreateHost())
        {
            _ = second.Services; // starts the host, and with it the inbox recovery
            await WaitUntilAsync(() => Answered().Distinct().Count() >= acknowledged.Count, TimeSpan.FromSeconds(90));
            await Task.Delay(1000); // a duplicate would arrive now
        }

        var answered = Answered();
        var duplicates = answered.Count - answered.Distinct().Count();
        output.WriteLine($"{Burst} posted, {acknowledged.Count} acknowledged; {answeredBeforeStop} answered before the stop (drain {stopTook.TotalSeconds:0.0} s), "
            + $"{left.Count} left in the inbox, {answered.Distinct().Count()} answered in all, {duplicates} duplicates, "
            + $"{acknowledged.Except(answered).Count()} acknowledged and never answered");
        Assert.Equal(Burst, acknowledged.Count);
        Assert.Empty(acknowledged.Except(answered));
        Assert.Equal(0, duplicates);
    }

    [Fact]
    public async Task Item4_activities_left_by_an_instance_that_died_are_answered_once_its_lease_runs_out()
    {
        // What a killed instance leaves: activities recorded and acknowledged, leased to it, never run.
        var store = new SqliteInboundActivityStore(Options.Create(new BotOptions { StatePath = _statePath }), Options.Create(new CopilotOptions()));
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 5; i++)
        {
            var activity = Fixtures.Activity("playground-personal-message", _sink.ServiceUrl, conversationId: "crashed-c" + i);
            activity["id"] = $"crashed-{i}";
            activity["text"] = "hello";
            await store.RecordAsync(activity.ToJsonString(), now, now + TimeSpan.FromSeconds(2));
        }

        await using var host = CreateHost();
        _ = host.Services;
        await WaitUntilAsync(() => Answered().Count >= 5, TimeSpan.FromSeconds(60));
        Assert.True(DateTimeOffset.UtcNow >= now + TimeSpan.FromSeconds(2), "not before the dead instance's lease ran out");
        await Task.Delay(1000);

        Assert.Equal([.. Enumerable.Range(0, 5).Select(i => $"crashed-{i}")], Answered().Order(StringComparer.Ordinal));
        Assert.Empty(await host.Services.GetRequiredService<IInboundActivityStore>().ListUnfinishedAsync());
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(100);
        }
    }

    private List<string> Answered() =>
        [.. _sink.Accepted.Where(a => a.Type == "message" && a.ReplyToId is not null).Select(a => a.ReplyToId!)];

    private BotAppFactory CreateHost() => new(_channel, new Dictionary<string, string?>
    {
        ["Bot:StateStore"] = "sqlite",
        ["Bot:StatePath"] = _statePath,
        ["Bot:MaxConcurrentTurns"] = "2",
        ["Bot:DrainTimeout"] = "00:00:01",
        ["Bot:InboxLease"] = "00:00:01.500",
        ["Bot:TypingDelay"] = "00:01:00",
        ["Bot:OutboxPollInterval"] = "00:00:00.200",
        // A reply whose send the stop cut short stays leased to the stopped host until then.
        ["Bot:OutboxLease"] = "00:00:03",
    });
}
