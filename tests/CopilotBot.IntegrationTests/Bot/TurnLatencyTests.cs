using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using CopilotBot.Core.Diagnostics;
using Xunit.Abstractions;

namespace CopilotBot.IntegrationTests.Bot;

/// <summary>End-to-end turn latency on real sockets: POST to the bot on Kestrel until the reply reaches the connector stub.</summary>
public sealed class TurnLatencyTests(ITestOutputHelper output)
{
    private const int Turns = 50;

    [Theory]
    [InlineData("memory")]
    [InlineData("sqlite")]
    public async Task Median_message_turn_with_the_fake_copilot_is_well_under_a_second(string stateStore)
    {
        await using var stub = await ChannelStub.StartAsync();
        await using var factory = new BotAppFactory(stub, new Dictionary<string, string?> { ["Bot:StateStore"] = stateStore });
        factory.UseKestrel(0);
        factory.StartServer();
        using var client = new HttpClient { BaseAddress = factory.ClientOptions.BaseAddress };
        var acknowledged = new List<double>();
        var answered = new List<double>();

        for (var i = 0; i < Turns + 5; i++)
        {
            var activity = CopilotBot.Tests.Bot.Fakes.Fixtures.Activity("playground-personal-message", stub.ServiceUrl, conversationId: $"latency-{i}");
            activity["text"] = "health Contoso";
            var clock = Stopwatch.StartNew();
            using var response = await client.PostAsJsonAsync("/api/messages", activity);
            var ack = clock.Elapsed.TotalMilliseconds;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await stub.WaitForMessageAsync(c => c.RawTarget.Contains($"latency-{i}/", StringComparison.Ordinal));
            if (i >= 5)
            {
                // the first turns warm up the JIT and connection pools
                acknowledged.Add(ack);
                answered.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        var medianAnswer = Median(answered);
        output.WriteLine($"{Turns} turns, {stateStore} state: HTTP 200 median {Median(acknowledged):0.0} ms; reply at connector median {medianAnswer:0.0} ms, p95 {Percentile(answered, 0.95):0.0} ms, max {answered.Max():0.0} ms");
        Assert.Equal(Turns, answered.Count);
        Assert.True(medianAnswer < 1000, $"median turn {medianAnswer} ms");
    }

    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static double Percentile(List<double> values, double p) => Percentiles.Of([.. values.Order()], p);
}
