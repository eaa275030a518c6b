using System.Text;
using CopilotBot.Bot.Protocol;

namespace CopilotBot.Tests.Reliability;

/// <summary>The activity parser on seeded random input: it answers with an activity or a problem, and never throws.</summary>
public sealed class ActivityParserFuzzTests
{
    [Fact]
    public void Random_bytes_and_json_fragments_never_throw()
    {
        var random = new Random(7);
        string[] pieces = ["{", "}", "[", "]", ",", ":", "\"type\"", "\"message\"", "\"invoke\"", "\"channelId\"", "\"conversation\"", "{\"id\":\"c\"}", "null", "1e999", "-0", "\"\\ud800\"", "\"\\u0000\"", "true", "\"name\"", "\"from\"", "\"value\"", "\"timestamp\"", "\"2026-13-45T99:00\"", "\"entities\"", "\"attachments\""];
        for (var i = 0; i < 20_000; i++)
        {
            byte[] body;
            if (i % 3 == 0)
            {
                body = new byte[random.Next(0, 200)];
                random.NextBytes(body);
            }
            else
            {
                var text = new StringBuilder();
                for (var n = random.Next(1, 40); n > 0; n--)
                {
                    text.Append(pieces[random.Next(pieces.Length)]);
                }

                body = Encoding.UTF8.GetBytes(text.ToString());
            }

            var (activity, problem) = BotAdapter.Parse(body);
            Assert.True(activity is not null || problem.Length > 0);
        }
    }
}
