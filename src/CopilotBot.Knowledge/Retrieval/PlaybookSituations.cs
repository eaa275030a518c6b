using System.Text.Json;
using CopilotBot.Knowledge.Ingestion;

namespace CopilotBot.Knowledge.Retrieval;

/// <summary>
/// One way a playbook's situation sounds in a user's own words ("people got accounts but still do everything in excel"
/// for low adoption). Used only to rank playbooks, never cited: it is not guidance.
/// </summary>
/// <param name="Text">The situation as a user would type it.</param>
/// <param name="File">The playbook it calls for, as indexed: <c>playbooks/low-adoption.md</c>.</param>
public sealed record PlaybookSituation(string Text, string File);

/// <summary>A situations file that could not be read; <see cref="Line"/> is 1-based.</summary>
public sealed class SituationFormatException(string path, int line, string reason)
    : Exception($"{path}:{line}: {reason}")
{
    public string SituationsPath { get; } = path;

    public int Line { get; } = line;

    public string Reason { get; } = reason;
}

/// <summary>
/// Reads the situations file (<c>Knowledge:SituationsFile</c>): one JSON object a line,
/// <c>{"text": "...", "playbook": "low-adoption.md"}</c>, the playbook named relative to the playbook folder.
/// </summary>
public static class PlaybookSituations
{
    /// <summary>
    /// The situations in <paramref name="path"/>, in file order; blank lines are skipped.
    /// </summary>
    /// <param name="path">The situations file.</param>
    /// <param name="knownPlaybooks">
    /// The playbooks that exist (<c>playbooks/...</c>); a line naming another is an error, so a renamed playbook cannot
    /// silently lose its situations. Null accepts any name.
    /// </param>
    /// <exception cref="SituationFormatException">A line is not such an object, or names an unknown playbook.</exception>
    public static IReadOnlyList<PlaybookSituation> Read(string path, IReadOnlySet<string>? knownPlaybooks)
    {
        var situations = new List<PlaybookSituation>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            situations.Add(Parse(path, number, line, knownPlaybooks));
        }

        return situations;
    }

    /// <summary>The playbooks under <paramref name="folder"/>, named as the indexer names them.</summary>
    public static IReadOnlySet<string> PlaybooksIn(string folder) =>
        Directory.EnumerateFiles(folder, "*.md", SearchOption.AllDirectories)
            .Select(path => PlaybookIndexer.SourcePrefix + Path.GetRelativePath(folder, path).Replace('\\', '/'))
            .ToHashSet(StringComparer.Ordinal);

    private static PlaybookSituation Parse(string path, int number, string line, IReadOnlySet<string>? knownPlaybooks)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(line);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new SituationFormatException(path, number, $"not a JSON object: {e.Message}");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new SituationFormatException(path, number, "not a JSON object");
        }

        var text = Field(root, "text");
        var playbook = Field(root, "playbook");
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new SituationFormatException(path, number, "\"text\" must be a non-empty string");
        }

        if (string.IsNullOrWhiteSpace(playbook) || !playbook.EndsWith(".md", StringComparison.Ordinal))
        {
            throw new SituationFormatException(path, number, "\"playbook\" must name a playbook file, e.g. \"low-adoption.md\"");
        }

        var file = PlaybookIndexer.SourcePrefix + playbook.Trim();
        if (knownPlaybooks is not null && !knownPlaybooks.Contains(file))
        {
            throw new SituationFormatException(path, number, $"unknown playbook '{playbook}' (no such file in the playbook folder)");
        }

        return new PlaybookSituation(text.Trim(), file);
    }

    private static string? Field(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
