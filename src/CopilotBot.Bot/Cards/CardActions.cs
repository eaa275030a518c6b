using System.Text.Json.Nodes;
using CopilotBot.Bot.Protocol;
using CopilotBot.Copilot.Drafting;

namespace CopilotBot.Bot.Cards;

/// <summary>What a card button asks for. Only the account id travels in the card; who asks always comes from the activity.</summary>
internal sealed record CardActionRequest(string Verb, DraftKind? Kind, string? AccountId, string? AlertKey = null, string? Question = null);

internal static class CardActions
{
    public const string DraftVerb = "draft";
    public const string AskVerb = "ask";
    public const string SnoozeAlertVerb = "alert-snooze";
    public const string HandleAlertVerb = "alert-handled";

    /// <summary>
    /// Teams gets Action.Execute (answered in place through the adaptiveCard/action invoke) with an Action.Submit
    /// fallback; Web Chat cannot execute Action.Execute, so it gets Action.Submit (a message with a value).
    /// </summary>
    public static JsonObject Draft(DraftKind kind, string accountId, string title, string? channelId) =>
        Action(DraftVerb, new JsonObject { ["action"] = DraftVerb, ["kind"] = DraftCatalogue.Of(kind).Name, ["accountId"] = accountId }, title, channelId);

    /// <summary>
    /// A question asked by a button ("health of A-100" on a portfolio row): answered exactly as if typed, so the
    /// copilot checks the asker's access as it does for any question.
    /// </summary>
    /// <param name="selectAction">For a whole row or container: no fallback, which select actions do not take.</param>
    public static JsonObject Ask(string question, string title, string? channelId, bool selectAction = false)
    {
        var action = Action(AskVerb, new JsonObject { ["action"] = AskVerb, ["question"] = question }, title, channelId);
        if (selectAction)
        {
            action.Remove("fallback");
        }

        return action;
    }

    /// <summary>An alert's state change (snooze, handled); the key is checked against the asker's access when used.</summary>
    public static JsonObject Alert(string verb, string alertKey, string title, string? channelId) =>
        Action(verb, new JsonObject { ["action"] = verb, ["alertKey"] = alertKey }, title, channelId);

    private static JsonObject Action(string verb, JsonObject data, string title, string? channelId)
    {
        var submit = new JsonObject { ["type"] = "Action.Submit", ["title"] = title, ["data"] = data.DeepClone() };
        if (!ChannelIds.IsTeams(channelId))
        {
            return submit;
        }

        return new JsonObject
        {
            ["type"] = "Action.Execute",
            ["title"] = title,
            ["verb"] = verb,
            ["data"] = data,
            ["fallback"] = submit,
        };
    }

    /// <summary>The request inside an adaptiveCard/action invoke value, or null when it is not one of ours.</summary>
    public static CardActionRequest? FromInvoke(JsonNode? value)
    {
        // The channel's JSON is untrusted: any member may be missing or of another type.
        if (value is not JsonObject { } invoke || invoke["action"] is not JsonObject action
            || !string.Equals(Read(action, "type"), "Action.Execute", StringComparison.Ordinal))
        {
            return null;
        }

        return FromData(Read(action, "verb"), action["data"]);
    }

    /// <summary>The request inside an Action.Submit message value.</summary>
    public static CardActionRequest? FromSubmit(JsonNode? value) =>
        value is JsonObject data ? FromData(null, data) : null;

    private static CardActionRequest? FromData(string? verb, JsonNode? data)
    {
        verb ??= Read(data, "action");
        if (verb is null)
        {
            return null;
        }

        var kindName = Read(data, "kind");
        return new CardActionRequest(verb, DraftCatalogue.TryParse(kindName, out var kind) ? kind.Kind : null, Read(data, "accountId"), Read(data, "alertKey"), Read(data, "question"));
    }

    private static string? Read(JsonNode? data, string name) =>
        data is JsonObject o && o[name] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s : null;
}
