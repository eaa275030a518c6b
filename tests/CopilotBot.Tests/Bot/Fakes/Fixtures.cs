using System.Text.Json.Nodes;

namespace CopilotBot.Tests.Bot.Fakes;

/// <summary>Real activities captured from the Agents Playground and Web Chat (copied from the protocol notes).</summary>
public static class Fixtures
{
    public static JsonObject Load(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Bot", "Fixtures", name + ".json")))!.AsObject();

    /// <summary>A fixture re-pointed at a local connector and, optionally, another user or conversation.</summary>
    public static JsonObject Activity(string name, string serviceUrl, string? aadObjectId = null, string? conversationId = null)
    {
        var activity = Load(name);
        activity["serviceUrl"] = serviceUrl;
        if (aadObjectId is not null)
        {
            activity["from"]!["aadObjectId"] = aadObjectId;
        }

        if (conversationId is not null)
        {
            activity["conversation"]!["id"] = conversationId;
        }

        return activity;
    }
}
