using CopilotBot.Cli.Soak;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Tests.Bot.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Xunit.Abstractions;

namespace CopilotBot.IntegrationTests.Reliability;

/// <summary>
/// The soak run in short: the bot started in-process on the sample portfolio, concurrent conversations, every
/// reply back at the stub. <c>COPILOT_SOAK_SECONDS</c> / <c>COPILOT_SOAK_CONVERSATIONS</c> lengthen it.
/// </summary>
[Collection(InProcessHostsCollection.Name)]
public sealed class SoakTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Concurrent_conversations_get_every_reply_with_no_errors()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("COPILOT_SOAK_SECONDS"), out var s) ? s : 5;
        var conversations = int.TryParse(Environment.GetEnvironmentVariable("COPILOT_SOAK_CONVERSATIONS"), out var c) ? c : 10;
        using var log = new StringWriter();

        var report = await SoakRunner.RunAsync(
            new SoakSettings(conversations, TimeSpan.FromSeconds(seconds), null, TimeSpan.FromSeconds(30)),
            builder =>
            {
                // Until the real copilot is registered by AddCopilot, the bot answers through the hand-written one.
                if (!builder.Services.Any(d => d.ServiceType == typeof(ICopilot)))
                {
                    builder.Services.TryAddSingleton<ICopilot, FakeCopilot>();
                }
            },
            log,
            CancellationToken.None);

        output.WriteLine(log.ToString());
        output.WriteLine($"{report.Conversations} conversations × {report.Seconds:0.0} s: {report.Turns} turns, {report.Replies} replies, "
            + $"{report.TurnsPerSecond:0.0}/s, p50 {report.P50Ms:0.0} ms, p99 {report.P99Ms:0.0} ms, max {report.MaxMs:0.0} ms, {report.Errors} errors, {report.Lost} lost");
        Assert.True(report.Errors == 0, string.Join("\n", report.ErrorSamples));
        Assert.Equal(0, report.Lost);
        Assert.Equal(report.Turns, report.Replies);
        Assert.True(report.Turns >= conversations, "every conversation took at least one turn");
    }
}
