using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CopilotBot.Copilot.Understanding;

/// <summary>One labelled line of <c>knowledge/understanding/utterances.jsonl</c>.</summary>
public sealed record LabelledUtterance(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("as")] string As,
    [property: JsonPropertyName("intent")] string Intent)
{
    [JsonPropertyName("context")] public IReadOnlyList<string> Context { get; init; } = [];

    [JsonPropertyName("kind")] public string? Kind { get; init; }

    [JsonPropertyName("account")] public string? Account { get; init; }

    [JsonPropertyName("candidates")] public IReadOnlyList<string> Candidates { get; init; } = [];

    [JsonPropertyName("missing")] public string? Missing { get; init; }

    [JsonPropertyName("listIndex")] public int? ListIndex { get; init; }

    [JsonPropertyName("listRef")] public string? ListRef { get; init; }

    [JsonPropertyName("author")] public string? Author { get; init; }

    /// <summary>The intent, and the draft kind for drafts: the class the classifier tells apart.</summary>
    public string Label => Kind is { Length: > 0 } kind ? $"{Intent}:{kind}" : Intent;

    /// <summary>
    /// The fixed split: held out when the FNV-1a hash of the context lines and the text, joined by a line feed, is odd.
    /// It depends on nothing but the item, so no item can move between halves.
    /// </summary>
    [JsonIgnore]
    public bool IsHeldOut
    {
        get
        {
            var hash = 0x811c9dc5u;
            foreach (var b in Encoding.UTF8.GetBytes(string.Join('\n', [.. Context, Text])))
            {
                hash = (hash ^ b) * 0x01000193u;
            }

            return (hash & 1) == 1;
        }
    }
}

/// <summary>Reads the labelled utterance file.</summary>
public static class LabelledUtterances
{
    public static IReadOnlyList<LabelledUtterance> Read(string path)
    {
        var items = new List<LabelledUtterance>();
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            var item = JsonSerializer.Deserialize<LabelledUtterance>(text)
                ?? throw new FormatException($"{path}:{line}: empty item");
            AskIntents.Parse(item.Intent);
            items.Add(item);
        }

        return items;
    }
}
