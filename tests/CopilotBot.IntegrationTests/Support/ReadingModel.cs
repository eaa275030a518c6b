using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CopilotBot.IntegrationTests.Support;

/// <summary>
/// A stand-in model that routes by reading, as a model would and with nothing about our code built in: it finds the
/// company the question (or, failing that, the conversation's earlier questions) names, resolves it with the tool whose
/// description says it resolves company names, then calls the account tool whose description shares the most words
/// with the question, and answers with the items that tool returned, citing the ids it gave. A question naming no
/// company goes to the best-described tool that needs no account. So a tool that is missing, misdescribed, takes the
/// account under another name or returns nothing citable makes the test fail.
/// </summary>
public sealed partial class ReadingModel
{
    private static readonly HashSet<string> s_stopWords =
    [
        "the", "and", "for", "what", "should", "them", "they", "their", "with", "this", "that", "wants", "want", "how", "are",
        "does", "our", "you", "can", "any", "about", "tell", "please", "when", "who", "which", "why", "its", "has", "have",
        "doing", "going", "there", "from", "into", "need", "needs", "get", "give", "show", "let", "know", "will", "would", "my", "all",
    ];

    // Words that open a question with a capital without naming anything.
    private static readonly HashSet<string> s_openers =
        ["What", "How", "And", "When", "Which", "Who", "Why", "Can", "Could", "Is", "Are", "Does", "Do", "Draft", "Please", "Give", "Show", "Tell", "I", "Any", "Our", "My"];

    /// <summary>How many items of the last tool result the answer quotes.</summary>
    public int ItemsQuoted { get; init; } = 3;

    /// <summary>Every tool this model called, in order (full names such as <c>accounts-find_accounts</c>).</summary>
    public List<string> Called { get; } = [];

    public ScriptedReply Reply(RecordedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var messages = request.Messages;
        var lastUser = LastIndex(messages, "user");
        var question = Content(messages[lastUser]);
        var turn = messages.Skip(lastUser + 1).ToList();
        var results = turn.Where(m => Role(m) == "tool").Select(Content).ToList();
        var tools = request.Tools;
        if (results.Count == 0)
        {
            var name = CompanyName(question) ?? messages.Take(lastUser).Where(m => Role(m) == "user").Select(Content).Reverse().Select(CompanyName).FirstOrDefault(n => n is not null);
            if (name is null)
            {
                var general = Best(question, tools.Where(t => Required(t.Parameters).Count == 0));
                return general is null ? Text(new { message = "I have no tool for that." }) : Call(general.Value.Name, Optional(question, general.Value.Parameters));
            }

            var resolver = tools.FirstOrDefault(t => Says(t.Description, "company name") && Says(t.Description, "account id"));
            if (resolver.Name is null)
            {
                return Text(new { message = "I cannot look accounts up." });
            }

            return Call(resolver.Name, new JsonObject { [Required(resolver.Parameters).First()] = name });
        }

        if (results.Count == 1 && AccountIdIn(results[0]) is { } accountId)
        {
            var tool = Best(question, tools.Where(t => AccountParameter(t.Parameters) is not null));
            if (tool is { } chosen)
            {
                var arguments = new JsonObject { [AccountParameter(chosen.Parameters)!] = accountId };
                foreach (var (parameter, description) in Properties(chosen.Parameters))
                {
                    if (Says(description, "what it is about"))
                    {
                        arguments[parameter] = question;
                    }
                }

                return Call(chosen.Name, arguments);
            }
        }

        var items = Citable(results[^1]).Take(ItemsQuoted).ToList();
        return items.Count == 0
            ? Text(new { message = "I could not find that among the accounts you can see." })
            : Text(new { sections = new[] { new { title = "Answer", items = items.Select(i => new { text = i.Text, citations = new[] { i.Cite } }) } } });
    }

    private ScriptedReply Call(string name, JsonObject arguments)
    {
        lock (Called)
        {
            Called.Add(name);
        }

        return new ScriptedReply { ToolCalls = [(name, arguments.ToJsonString())] };
    }

    private static ScriptedReply Text(object reply)
    {
        var json = JsonSerializer.Serialize(reply);
        return new ScriptedReply { Text = _ => json };
    }

    /// <summary>The tool whose description shares the most words with the question (the first offered on a tie).</summary>
    private static (string Name, string Description, JsonObject Parameters)? Best(string question, IEnumerable<(string Name, string Description, JsonObject Parameters)> tools)
    {
        var words = Words(question).Where(w => !char.IsUpper(w[0])).Select(w => w.ToLowerInvariant()).Where(w => !s_stopWords.Contains(w)).ToHashSet();
        (string, string, JsonObject)? best = null;
        var bestScore = -1;
        foreach (var tool in tools)
        {
            var described = Words(tool.Description).Select(w => w.ToLowerInvariant()).ToList();
            var score = words.Count(w => described.Any(d => SameStem(w, d)));
            if (score > bestScore)
            {
                (best, bestScore) = (tool, score);
            }
        }

        return best;
    }

    private static bool SameStem(string a, string b)
    {
        var stem = Math.Min(5, Math.Min(a.Length, b.Length));
        return stem >= 3 && string.Compare(a, 0, b, 0, stem, StringComparison.Ordinal) == 0 && Math.Abs(a.Length - b.Length) <= 4;
    }

    /// <summary>A run of capitalised words that is not a question's opening word: how a reader spots a company.</summary>
    private static string? CompanyName(string text)
    {
        foreach (Match match in CapitalisedRun().Matches(text))
        {
            var words = match.Value.Split(' ').SkipWhile(s_openers.Contains).ToList();
            if (words.Count > 0)
            {
                return string.Join(' ', words);
            }
        }

        return null;
    }

    /// <summary>
    /// Optional arguments the question gives: a listed value it says ("red" for "bands: red, yellow, green"), or a number
    /// followed by the unit the parameter counts ("90 days" for "within this many days").
    /// </summary>
    private static JsonObject Optional(string question, JsonObject parameters)
    {
        var said = Words(question).Select(w => w.ToLowerInvariant()).ToHashSet();
        var arguments = new JsonObject();
        foreach (var (name, description) in Properties(parameters))
        {
            var type = parameters["properties"]?[name]?["type"]?.ToJsonString() ?? "";
            if (type.Contains("integer", StringComparison.Ordinal))
            {
                var counted = Words(description).Select(w => w.ToLowerInvariant()).ToList();
                var number = NumberAndUnit().Matches(question).FirstOrDefault(m => counted.Any(c => SameStem(c, m.Groups[2].Value.ToLowerInvariant())));
                if (number is not null)
                {
                    arguments[name] = int.Parse(number.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            else if (description.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0)
            {
                var listed = description[(colon + 1)..].Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Select(v => v.Split(' ')[0].ToLowerInvariant());
                var hits = listed.Where(said.Contains).ToList();
                if (hits.Count > 0)
                {
                    arguments[name] = string.Join(',', hits);
                }
            }
        }

        return arguments;
    }

    private static string? AccountParameter(JsonObject parameters) =>
        Properties(parameters).Where(p => Says(p.Description, "account id")).Select(p => p.Name).FirstOrDefault(p => Required(parameters).Contains(p));

    private static IEnumerable<(string Name, string Description)> Properties(JsonObject parameters) =>
        parameters["properties"] is JsonObject properties
            ? properties.Select(p => (p.Key, p.Value?["description"]?.GetValue<string>() ?? ""))
            : [];

    private static List<string> Required(JsonObject parameters) =>
        parameters["required"] is JsonArray required ? [.. required.Select(r => r!.GetValue<string>())] : [];

    private static string? AccountIdIn(string result) => AccountIdPattern().Match(result) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>Texts with the citation id a tool gave them: drafted items (<c>text</c>, <c>cites</c>) or facts (<c>Cite</c>, <c>Fact</c>).</summary>
    private static IEnumerable<(string Text, string Cite)> Citable(string result)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(result);
        }
        catch (JsonException)
        {
            yield break;
        }

        var stack = new Stack<JsonNode?>([root]);
        var found = new List<(string, string)>();
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case JsonObject o when o["text"] is JsonValue text && o["cites"] is JsonArray { Count: > 0 } cites:
                    found.Add((text.GetValue<string>(), cites[0]!.GetValue<string>()));
                    break;
                case JsonObject o when o["Fact"] is JsonValue fact && o["Cite"] is JsonValue cite:
                    found.Add((fact.GetValue<string>(), cite.GetValue<string>()));
                    break;
                case JsonObject o:
                    foreach (var child in o.Select(p => p.Value).Reverse())
                    {
                        stack.Push(child);
                    }

                    break;
                case JsonArray a:
                    foreach (var child in a.Reverse())
                    {
                        stack.Push(child);
                    }

                    break;
            }
        }

        foreach (var item in found)
        {
            yield return item;
        }
    }

    private static bool Says(string text, string phrase) => text.Contains(phrase, StringComparison.OrdinalIgnoreCase);

    private static int LastIndex(IReadOnlyList<JsonNode> messages, string role)
    {
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (Role(messages[i]) == role)
            {
                return i;
            }
        }

        throw new InvalidOperationException("A chat request without a user message.");
    }

    private static string? Role(JsonNode message) => message["role"]?.GetValue<string>();

    private static string Content(JsonNode message) => message["content"] switch
    {
        JsonValue v => v.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>())),
        _ => "",
    };

    private static IEnumerable<string> Words(string text) => WordPattern().Matches(text).Select(m => m.Value).Where(w => w.Length >= 3);

    [GeneratedRegex(@"\b(\d+)\s+([A-Za-z]+)")]
    private static partial Regex NumberAndUnit();

    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9']*")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"\b[A-Z][a-zA-Z'&-]+(?: [A-Z][a-zA-Z'&-]+)*")]
    private static partial Regex CapitalisedRun();

    [GeneratedRegex(@"""accountId""\s*:\s*""([^""]+)""")]
    private static partial Regex AccountIdPattern();
}
