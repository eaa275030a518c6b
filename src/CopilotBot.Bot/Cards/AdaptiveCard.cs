using System.Text.Json.Nodes;
using CopilotBot.Bot.Protocol;

namespace CopilotBot.Bot.Cards;

/// <summary>Adaptive Card 1.5 elements as JSON nodes; every string that may come from data goes through <see cref="SafeText"/> by the callers.</summary>
internal static class AdaptiveCard
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";
    public const string Version = "1.5";

    public static JsonObject Card(IEnumerable<JsonNode> body, IEnumerable<JsonNode>? actions = null, string? fallbackText = null)
    {
        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = Version,
            ["body"] = new JsonArray([.. body]),
        };
        var actionArray = new JsonArray([.. actions ?? []]);
        if (actionArray.Count > 0)
        {
            card["actions"] = actionArray;
        }

        if (fallbackText is not null)
        {
            card["fallbackText"] = fallbackText;
        }

        return card;
    }

    public static Attachment Attachment(JsonObject card) => new() { ContentType = ContentType, Content = card };

    public static JsonObject Text(
        string text,
        string? size = null,
        string? weight = null,
        string? color = null,
        bool subtle = false,
        bool monospace = false,
        string? spacing = null)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };
        Set(block, "size", size);
        Set(block, "weight", weight);
        Set(block, "color", color);
        Set(block, "spacing", spacing);
        if (subtle)
        {
            block["isSubtle"] = true;
        }

        if (monospace)
        {
            block["fontType"] = "Monospace";
        }

        return block;
    }

    public static JsonObject Container(IEnumerable<JsonNode> items, string? style = null, bool bleed = false)
    {
        var container = new JsonObject { ["type"] = "Container", ["items"] = new JsonArray([.. items]) };
        Set(container, "style", style);
        if (bleed)
        {
            container["bleed"] = true;
        }

        return container;
    }

    public static JsonObject Columns(params (string Width, JsonNode[] Items)[] columns) => new()
    {
        ["type"] = "ColumnSet",
        ["columns"] = new JsonArray([.. columns.Select(c => (JsonNode)new JsonObject
        {
            ["type"] = "Column",
            ["width"] = c.Width,
            ["verticalContentAlignment"] = "Center",
            ["items"] = new JsonArray(c.Items),
        })]),
    };

    public static JsonObject Facts(IEnumerable<(string Title, string Value)> facts) => new()
    {
        ["type"] = "FactSet",
        ["facts"] = new JsonArray([.. facts.Select(f => (JsonNode)new JsonObject { ["title"] = f.Title, ["value"] = f.Value })]),
    };

    /// <summary>A button row inside the body (per-item buttons, which card-level actions cannot be).</summary>
    public static JsonObject ActionSet(IEnumerable<JsonNode> actions, string? spacing = null)
    {
        var set = new JsonObject { ["type"] = "ActionSet", ["actions"] = new JsonArray([.. actions]) };
        Set(set, "spacing", spacing);
        return set;
    }

    /// <summary>Shows or hides the elements with these ids, in the client, with no round trip to the bot.</summary>
    public static JsonObject Toggle(string title, params string[] targetIds) => new()
    {
        ["type"] = "Action.ToggleVisibility",
        ["title"] = title,
        ["targetElements"] = new JsonArray([.. targetIds.Select(id => (JsonNode)JsonValue.Create(id))]),
    };

    /// <summary>
    /// A section folded away: a "▸ title" line the reader clicks to open the hidden items below it. Ids must be
    /// unique in the card; <paramref name="id"/> is suffixed for the header.
    /// </summary>
    public static IEnumerable<JsonNode> Collapsible(string id, string title, IEnumerable<JsonNode> items)
    {
        var header = Container([Text("▸ " + title, weight: "Bolder", color: "Accent", size: "Small")]);
        header["id"] = id + "-header";
        header["spacing"] = "Small";
        header["selectAction"] = Toggle(title, id);
        var body = Container(items);
        body["id"] = id;
        body["isVisible"] = false;
        body["spacing"] = "None";
        return [header, body];
    }

    private static void Set(JsonObject node, string name, string? value)
    {
        if (value is not null)
        {
            node[name] = value;
        }
    }
}
