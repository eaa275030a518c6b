using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CopilotBot.Bot.Protocol;
using CopilotBot.Bot.Teams;
using CopilotBot.Tests.Bot.Fakes;

namespace CopilotBot.Tests.Bot;

public sealed class ActivityTests
{
    [Theory]
    [InlineData("playground-personal-message")]
    [InlineData("playground-channel-message")]
    [InlineData("playground-invoke-adaptiveCard-action")]
    [InlineData("playground-action-submit-message")]
    [InlineData("playground-onload-installationUpdate")]
    [InlineData("playground-webchat-message")]
    public void Captured_activities_parse(string fixture)
    {
        var (activity, problem) = BotAdapter.Parse(Encoding.UTF8.GetBytes(Fixtures.Load(fixture).ToJsonString()));

        Assert.True(activity is not null, problem);
        Assert.False(string.IsNullOrEmpty(activity.ChannelId));
        Assert.False(string.IsNullOrEmpty(activity.Conversation?.Id));
    }

    [Fact]
    public void Unknown_fields_are_kept_and_written_back()
    {
        var json = Fixtures.Load("playground-personal-message");
        json["futureField"] = new JsonObject { ["x"] = 1 };
        json["from"]!["somethingNew"] = "kept";

        var (activity, _) = BotAdapter.Parse(Encoding.UTF8.GetBytes(json.ToJsonString()));
        var written = JsonNode.Parse(JsonSerializer.Serialize(activity, ActivityJson.Options))!;

        Assert.Equal(1, (int)written["futureField"]!["x"]!);
        Assert.Equal("kept", (string?)written["from"]!["somethingNew"]);
        Assert.Equal("00000000-0000-0000-0000-0000000000001", (string?)written["channelData"]!["tenant"]!["id"]);
        Assert.Null(written["speak"]); // nulls are not written
    }

    [Fact]
    public void Other_casing_is_accepted()
    {
        var body = """{"Type":"message","ChannelId":"msteams","Conversation":{"Id":"c1"},"Text":"hi"}""";

        var (activity, _) = BotAdapter.Parse(Encoding.UTF8.GetBytes(body));

        Assert.Equal("hi", activity?.Text);
        Assert.Equal("c1", activity?.Conversation?.Id);
    }

    [Fact]
    public void Reply_swaps_parties_and_threads_to_the_activity()
    {
        var (activity, _) = BotAdapter.Parse(Encoding.UTF8.GetBytes(Fixtures.Load("playground-channel-message").ToJsonString()));

        var reply = activity!.CreateReply();

        Assert.Equal(activity.Recipient!.Id, reply.From!.Id);
        Assert.Equal(activity.From!.Id, reply.Recipient!.Id);
        Assert.Equal(activity.Conversation!.Id, reply.Conversation!.Id);
        Assert.Equal(activity.Id, reply.ReplyToId);
        Assert.Equal(activity.ServiceUrl, reply.ServiceUrl);
        Assert.Null(reply.Id);
    }

    [Fact]
    public void Web_chat_conversationUpdate_reply_is_not_threaded()
    {
        var captured = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Bot", "Fixtures", "webchat-via-minidl-received.json")))!;
        var (activity, _) = BotAdapter.Parse(Encoding.UTF8.GetBytes(captured[0]!.ToJsonString()));

        Assert.Equal("conversationUpdate", activity!.Type);
        Assert.Null(activity!.CreateReply().ReplyToId);
    }

    [Theory]
    [InlineData("<at>Test Bot</at> hi channel", "hi channel")]
    [InlineData("hi <at>Test Bot</at>, health <at>Megan Bowen</at>", "hi , health <at>Megan Bowen</at>")]
    [InlineData("<AT>test bot</AT>   health   Contoso ", "health Contoso")]
    public void Bot_mention_is_stripped_and_other_mentions_stay(string text, string expected)
    {
        var json = Fixtures.Load("playground-channel-message");
        json["text"] = text;
        json["entities"]!.AsArray().Add(new JsonObject
        {
            ["type"] = "mention",
            ["mentioned"] = new JsonObject { ["id"] = "user-id-1", ["name"] = "Megan Bowen" },
            ["text"] = "<at>Megan Bowen</at>",
        });
        var (activity, _) = BotAdapter.Parse(Encoding.UTF8.GetBytes(json.ToJsonString()));

        Assert.Equal(expected, TeamsActivity.StripBotMention(activity!));
    }

    [Fact]
    public void Mention_without_text_falls_back_to_the_name()
    {
        var json = Fixtures.Load("playground-groupchat-mention-message");
        json["entities"]![0]!.AsObject().Remove("text");
        var (activity, _) = BotAdapter.Parse(Encoding.UTF8.GetBytes(json.ToJsonString()));

        Assert.Equal("hello group", TeamsActivity.StripBotMention(activity!));
    }

    [Theory]
    [InlineData("playground-personal-message", "Personal")]
    [InlineData("playground-groupchat-mention-message", "GroupChat")]
    [InlineData("playground-channel-message", "Channel")]
    [InlineData("playground-webchat-message", "Personal")]
    public void Conversation_kinds(string fixture, string expected)
    {
        var (activity, _) = BotAdapter.Parse(Encoding.UTF8.GetBytes(Fixtures.Load(fixture).ToJsonString()));

        Assert.Equal(expected, TeamsActivity.KindOf(activity!).ToString());
    }
}
