using System.Text.RegularExpressions;

namespace CopilotBot.Knowledge.Ingestion;

/// <summary>One retrievable passage of a playbook with the metadata it is filtered and cited by.</summary>
public sealed record PlaybookChunk(
    string Id,
    string File,
    string Source,
    string Title,
    IReadOnlyList<string> HeadingPath,
    string Text,
    IReadOnlyList<string> Risks,
    IReadOnlyList<string> Stages,
    IReadOnlyList<string> Personas,
    string Context = "");

/// <summary>
/// Splits a playbook at its headings; a section longer than <see cref="MaxWords"/> is cut into overlapping
/// windows so no passage is too long to cite or too diluted to match.
/// </summary>
public sealed partial class PlaybookChunker(int maxWords = 350, int windowWords = 250, int overlapWords = 60)
{
    public int MaxWords { get; } = maxWords;

    public int WindowWords { get; } = windowWords;

    public int OverlapWords { get; } = overlapWords;

    /// <summary>A fingerprint of the settings, so changing them re-indexes every file.</summary>
    public string Version => $"chunker-v1/{MaxWords}/{WindowWords}/{OverlapWords}";

    /// <summary>The chunks of <paramref name="document"/>, whose path is relative to the knowledge folder.</summary>
    public IReadOnlyList<PlaybookChunk> Chunk(PlaybookDocument document)
    {
        // The overview before the first ##/### heading has no section anchor of its own: it becomes the context
        // every section is retrieved with (it says what the playbook is about, the sections say what to do).
        // A playbook with no sections at all is cited by its overview instead.
        var hasSections = document.Sections.Any(s => !s.IsPreamble);
        var context = hasSections ? string.Join("\n\n", document.Sections.Where(s => s.IsPreamble).Select(s => s.Text)) : string.Empty;
        var chunks = new List<PlaybookChunk>();
        foreach (var section in document.Sections)
        {
            if (hasSections && section.IsPreamble)
            {
                continue;
            }

            var source = section.Anchor.Length == 0 ? document.Path : $"{document.Path}#{section.Anchor}";
            var ordinal = 0;
            foreach (var window in Windows(section.Text))
            {
                chunks.Add(new PlaybookChunk(
                    $"{source}~{ordinal++}",
                    document.Path,
                    source,
                    document.Title,
                    section.HeadingPath,
                    window,
                    document.Risks,
                    document.Stages,
                    document.Personas,
                    context));
            }
        }

        return chunks;
    }

    private IEnumerable<string> Windows(string text)
    {
        var words = WordPattern().Matches(text);
        if (words.Count <= MaxWords)
        {
            yield return text;
            yield break;
        }

        var step = Math.Max(1, WindowWords - OverlapWords);
        for (var start = 0; start < words.Count; start += step)
        {
            var end = Math.Min(words.Count, start + WindowWords);
            // A short tail already lies inside the previous window's overlap: fold it into that window instead.
            if (words.Count - end < step / 2)
            {
                end = words.Count;
            }

            var from = words[start].Index;
            var last = words[end - 1];
            yield return text[from..(last.Index + last.Length)].Trim();
            if (end == words.Count)
            {
                yield break;
            }
        }
    }

    [GeneratedRegex(@"\S+")]
    private static partial Regex WordPattern();
}
