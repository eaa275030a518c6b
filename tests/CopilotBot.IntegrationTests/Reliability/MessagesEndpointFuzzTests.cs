using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CopilotBot.IntegrationTests.Bot;
using Xunit.Abstractions;

namespace CopilotBot.IntegrationTests.Reliability;

/// <summary>
/// Seeded random bodies at <c>/api/messages</c> through the real host: random JSON shapes, wrong types, huge strings,
/// deep nesting, invalid UTF-8, missing fields, and mutated real activities (card actions with missing or forged
/// data, unknown invoke names). Never a 5xx: 200, 400, 401, 413 or 501 (unknown invoke), and the host keeps answering.
/// </summary>
public sealed class MessagesEndpointFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 4242;
    private static readonly HashSet<HttpStatusCode> Allowed =
        [HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized, HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.NotImplemented];

    private static readonly string[] Fixtures =
    [
        "playground-personal-message", "playground-invoke-adaptiveCard-action", "playground-onload-conversationUpdate",
        "playground-channel-message", "playground-webchat-message", "playground-template-uninstall",
    ];

    private static readonly string[] Fields =
        ["type", "id", "channelId", "serviceUrl", "from", "recipient", "conversation", "text", "value", "name", "entities", "attachments", "channelData", "replyToId", "deliveryMode", "membersAdded"];

    [Fact]
    public async Task Random_bodies_never_get_a_server_error()
    {
        await using var host = await BotHost.StartAsync(new Dictionary<string, string?>
        {
            ["Bot:QueueCapacity"] = "100000",
            ["Bot:MaxRequestBodyBytes"] = "65536",
            ["Bot:OutboxMaxAttempts"] = "1",
        });
        using var client = host.Factory.CreateClient();
        var random = new Random(Seed);
        var counts = new Dictionary<HttpStatusCode, int>();
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        var tried = 0;

        while (clock.Elapsed < TimeSpan.FromSeconds(15) && tried < 10_000)
        {
            tried++;
            var (kind, body) = Generate(random, host.Stub.ServiceUrl);
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var response = await client.PostAsync("/api/messages", content);
            counts[response.StatusCode] = counts.GetValueOrDefault(response.StatusCode) + 1;
            if (!Allowed.Contains(response.StatusCode))
            {
                failures.Add($"#{tried} {kind}: {(int)response.StatusCode} for {Encoding.UTF8.GetString(body[..Math.Min(body.Length, 3000)])}");
            }
        }

        using var after = await client.GetAsync("/healthz");
        output.WriteLine($"seed {Seed}: {tried} bodies in {clock.Elapsed.TotalSeconds:0.0} s: "
            + string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{(int)c.Key}×{c.Value}")) + $"; {failures.Count} failures");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.True(tried >= 1000, $"only {tried} bodies in the time budget");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
        Assert.True(counts.Count >= 3, "the generator reaches several outcomes");
    }

    [Theory]
    [InlineData("{\"action\":\"draft\"}")]
    [InlineData("{\"action\":\"draft\",\"kind\":\"remediation-plan\"}")]
    [InlineData("{\"action\":\"draft\",\"kind\":\"no-such-kind\",\"accountId\":\"A-100\"}")]
    [InlineData("{\"action\":\"draft\",\"kind\":\"remediation-plan\",\"accountId\":{\"id\":\"A-100\"}}")]
    [InlineData("{\"action\":\"draft\",\"kind\":\"remediation-plan\",\"accountId\":\"A-999\"}")]
    [InlineData("{\"action\":42}")]
    [InlineData("null")]
    public async Task Card_actions_with_missing_or_wrong_data_get_a_clear_client_error(string data)
    {
        await using var host = await BotHost.StartAsync();
        var activity = host.Activity("playground-invoke-adaptiveCard-action");
        activity["value"]!["action"]!["verb"] = "draft";
        activity["value"]!["action"]!["data"] = JsonNode.Parse(data);

        using var response = await host.PostAsync(activity);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        var body = JsonNode.Parse(text)!;
        Assert.True((int?)body["statusCode"] is 200 or 400 or 404, text);
        Assert.DoesNotContain(host.Copilot.DraftRequests, r => r.Account != "A-999");
    }

    private static (string Kind, byte[] Body) Generate(Random random, string serviceUrl)
    {
        switch (random.Next(8))
        {
            case 0:
                return ("random json", Encoding.UTF8.GetBytes(RandomValue(random, 0)?.ToJsonString() ?? "null"));
            case 1:
                var bytes = new byte[random.Next(1, 400)];
                random.NextBytes(bytes);
                return ("random bytes", bytes);
            case 2:
                var nested = new StringBuilder();
                var depth = random.Next(30, 3000);
                nested.Append(string.Concat(Enumerable.Repeat("{\"a\":[", depth))).Append('1').Append(string.Concat(Enumerable.Repeat("]}", depth)));
                return ("deep nesting", Encoding.UTF8.GetBytes(nested.ToString()));
            case 3:
                var huge = Fixture(random, serviceUrl);
                huge["text"] = new string('x', random.Next(1, 3) * 50_000);
                return ("huge string", Encoding.UTF8.GetBytes(huge.ToJsonString()));
            case 4:
                var json = Encoding.UTF8.GetBytes(Fixture(random, serviceUrl).ToJsonString());
                var at = random.Next(json.Length);
                return ("invalid utf-8", [.. json[..at], 0xC3, 0x28, 0xFF, .. json[at..]]);
            case 5:
                var missing = Fixture(random, serviceUrl);
                foreach (var field in Fields.Where(_ => random.Next(3) == 0))
                {
                    missing.Remove(field);
                }

                return ("missing fields", Encoding.UTF8.GetBytes(missing.ToJsonString()));
            case 6:
                var truncated = Encoding.UTF8.GetBytes(Fixture(random, serviceUrl).ToJsonString());
                return ("truncated", truncated[..random.Next(truncated.Length)]);
            default:
                var wrong = Fixture(random, serviceUrl);
                foreach (var field in Fields.Where(_ => random.Next(4) == 0))
                {
                    wrong[field] = RandomValue(random, 2);
                }

                if (random.Next(3) == 0)
                {
                    wrong["type"] = "invoke";
                    wrong["name"] = random.Next(2) == 0 ? "adaptiveCard/action" : "x/" + random.Next(1000);
                }

                return ("wrong types", Encoding.UTF8.GetBytes(wrong.ToJsonString()));
        }
    }

    private static JsonObject Fixture(Random random, string serviceUrl) =>
        CopilotBot.Tests.Bot.Fakes.Fixtures.Activity(Fixtures[random.Next(Fixtures.Length)], serviceUrl, conversationId: "fuzz-" + random.Next(50));

    private static JsonNode? RandomValue(Random random, int depth) => (depth > 4 ? random.Next(5) : random.Next(8)) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => JsonValue.Create(random.NextDouble() * Math.Pow(10, random.Next(-5, 300))),
        3 => JsonValue.Create(random.Next(int.MinValue, int.MaxValue)),
        4 => JsonValue.Create(new string((char)random.Next(0, 0xD7FF), random.Next(0, 40))),
        5 => new JsonArray([.. Enumerable.Range(0, random.Next(4)).Select(_ => RandomValue(random, depth + 1))]),
        _ => new JsonObject(Enumerable.Range(0, random.Next(5)).Select(i =>
            KeyValuePair.Create(random.Next(3) == 0 ? Fields[random.Next(Fields.Length)] : "k" + i, RandomValue(random, depth + 1)))
            .DistinctBy(p => p.Key)),
    };
}
