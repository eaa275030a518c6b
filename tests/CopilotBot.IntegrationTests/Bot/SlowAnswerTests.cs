using System.Net;
using System.Text.Json.Nodes;
using CopilotBot.Tests.Bot.Fakes;

namespace CopilotBot.IntegrationTests.Bot;

/// <summary>Answers that take long: acknowledged at once, delivered when ready; Teams streaming when the copilot streams.</summary>
public sealed class SlowAnswerTests
{
    private static readonly Dictionary<string, string?> s_fast = new()
    {
        ["Bot:SlowAnswerNotice"] = "00:00:00.300",
        ["Bot:InvokeTimeout"] = "00:00:00.300",
        ["Bot:TypingDelay"] = "00:00:00",
        ["Bot:TypingInterval"] = "00:00:00.200",
        ["Bot:StreamingInterval"] = "00:00:00",
    };

    [Fact]
    public async Task Slow_answer_is_acknowledged_first_then_delivered()
    {
        await using var host = await BotHost.StartAsync(s_fast);
        host.Copilot.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Web Chat: no Teams stream, so the acknowledgement is a message of its own.
        var activity = host.Activity("playground-webchat-message");
        activity["from"] = new JsonObject { ["id"] = SampleData.AlexEmail, ["name"] = "Alex Wilber" };
        activity["text"] = "health Contoso";

        using var response = await host.PostAsync(activity);

        // The HTTP answer came back while the draft cannot have finished: the gate is still closed.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await host.Stub.WaitForAsync(cs => cs.Any(c => c.Type == "message" && c.Text?.StartsWith("Working on it", StringComparison.Ordinal) == true));
        await host.Stub.WaitForAsync(cs => cs.Count(c => c.Type == "typing") >= 2);
        host.Copilot.Gate.SetResult();
        var calls = await host.Stub.WaitForAsync(cs => cs.Any(c => c.Card is not null));
        var messages = calls.Where(c => c.Type == "message").ToList();
        Assert.StartsWith("Working on it", messages[0].Text, StringComparison.Ordinal);
        Assert.Equal("AdaptiveCard", (string?)messages[1].Card!["type"]);
        Assert.True(calls.Count(c => c.Type == "typing") >= 2, "typing is repeated while drafting");
    }

    [Fact]
    public async Task Personal_chat_in_Teams_streams_text_deltas_with_streaminfo()
    {
        // No acknowledgement may interleave here: it would add an informative update to the stream.
        await using var host = await BotHost.StartAsync(new Dictionary<string, string?>(s_fast) { ["Bot:SlowAnswerNotice"] = "00:01:00" });
        host.Copilot.StreamPieces = ["Contoso ", "is at risk: ", "the champion left [C1]."];
        host.Copilot.StreamPieceDelay = TimeSpan.FromMilliseconds(20);
        var activity = host.Activity("playground-personal-message");
        activity["text"] = "renewal talking points for Contoso";

        await host.PostAsync(activity);

        var calls = await host.Stub.WaitForAsync(cs => cs.Any(c => c.Type == "message"));
        var updates = calls.Where(c => c.Type == "typing" && c.StreamInfo is not null).ToList();
        Assert.Equal(3, updates.Count);
        Assert.Equal([1, 2, 3], updates.Select(u => (int)u.StreamInfo!["streamSequence"]!));
        Assert.All(updates, u => Assert.Equal("streaming", (string?)u.StreamInfo!["streamType"]));
        Assert.Equal(["Contoso ", "Contoso is at risk: ", "Contoso is at risk: the champion left [C1]."], updates.Select(u => u.Text));
        var streamId = (string?)updates[1].StreamInfo!["streamId"];
        Assert.False(string.IsNullOrEmpty(streamId));
        Assert.Null(updates[0].StreamInfo!["streamId"]);
        var final = calls.Single(c => c.Type == "message");
        Assert.Equal("final", (string?)final.StreamInfo!["streamType"]);
        Assert.Equal(streamId, (string?)final.StreamInfo!["streamId"]);
        // The final message is the checked draft, which replaces what was streamed: its title and first lines.
        Assert.StartsWith("**Renewal talking points · Contoso Ltd", final.Text, StringComparison.Ordinal);
        Assert.Contains("- Renewal on ", final.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Contoso is at risk", final.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Item2_a_streamed_answer_ends_with_the_checked_draft_and_every_update_is_inert()
    {
        await using var host = await BotHost.StartAsync(new Dictionary<string, string?>(s_fast) { ["Bot:SlowAnswerNotice"] = "00:01:00" });
        host.Copilot.StreamPieces = ["Contoso ARR is USD 9,999,999: ", "see [the portal](https://evil.example/login) ", "<img src=x onerror=alert(1)>"];
        host.Copilot.StreamPieceDelay = TimeSpan.FromMilliseconds(20);
        var activity = host.Activity("playground-personal-message");
        activity["text"] = "renewal talking points for Contoso";

        await host.PostAsync(activity);

        var calls = await host.Stub.WaitForAsync(cs => cs.Any(c => c.Type == "message"));
        var updates = calls.Where(c => c.Type == "typing" && c.StreamInfo is not null).ToList();
        Assert.NotEmpty(updates);
        Assert.All(updates, u =>
        {
            Assert.DoesNotContain("](https://", u.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("<img", u.Text, StringComparison.Ordinal);
        });
        var final = calls.Single(c => c.Type == "message");
        Assert.Equal("final", (string?)final.StreamInfo!["streamType"]);
        Assert.DoesNotContain("9,999,999", final.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", final.Text, StringComparison.Ordinal);
        Assert.Contains("Renewal on ", final.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slow_streamed_answer_is_acknowledged_with_an_informative_update_in_the_same_stream()
    {
        await using var host = await BotHost.StartAsync(s_fast);
        host.Copilot.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Copilot.StreamPieces = ["Contoso ", "is at risk."];
        var activity = host.Activity("playground-personal-message");
        activity["text"] = "renewal talking points for Contoso";

        await host.PostAsync(activity);

        await host.Stub.WaitForAsync(cs => cs.Any(c => c.StreamInfo is not null));
        host.Copilot.Gate.SetResult();
        var calls = await host.Stub.WaitForAsync(cs => cs.Any(c => c.Type == "message"));
        var infos = calls.Where(c => c.StreamInfo is not null).Select(c => c.StreamInfo!).ToList();
        Assert.Equal(["informative", "streaming", "streaming", "final"], infos.Select(i => (string?)i["streamType"]));
        Assert.Single(infos.Select(i => (string?)i["streamId"]).Where(id => id is not null).Distinct());
        Assert.DoesNotContain(calls, c => c.Type == "message" && c.Text?.StartsWith("Working on it", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Group_chats_do_not_stream_even_when_the_copilot_does()
    {
        await using var host = await BotHost.StartAsync(s_fast);
        host.Copilot.StreamPieces = ["a", "b"];

        await host.PostAsync(host.Activity("playground-groupchat-mention-message"));

        var calls = await host.Stub.WaitForAsync(cs => cs.Any(c => c.Type == "message"));
        Assert.DoesNotContain(calls, c => c.StreamInfo is not null);
        Assert.Null(host.Copilot.AskRequests.Single().OnTextDelta);
    }

    [Fact]
    public async Task Slow_card_action_answers_with_a_drafting_card_and_posts_the_draft_later()
    {
        await using var host = await BotHost.StartAsync(s_fast);
        host.Copilot.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Waiting for the draft would wait for ever: the gate opens only after the invoke is answered.
        using var response = await host.PostAsync(MessagesEndpointTests.CardInvoke(host, "remediation-plan", "A-100")).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("Drafting the remediation plan", body["value"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(host.Stub.Calls, c => c.Card is not null);
        host.Copilot.Gate.SetResult();
        var late = await host.Stub.WaitForMessageAsync(c => c.Card is not null);
        Assert.Contains("Remediation plan", late.Card!.ToJsonString(), StringComparison.Ordinal);
        Assert.EndsWith("/activities", late.RawTarget, StringComparison.Ordinal);
    }
}
