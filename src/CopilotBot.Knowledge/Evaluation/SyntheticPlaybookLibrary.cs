using System.Globalization;
using System.Text;
using CopilotBot.Knowledge.Ingestion;

namespace CopilotBot.Knowledge.Evaluation;

/// <summary>
/// A playbook library of a chosen size for benchmarks: the real playbooks, copied unchanged, plus generated ones
/// until the library holds the wanted number of passages. A generated playbook takes the shape (headings, front
/// matter) of a real one and fills each section with lines drawn from sections of other real playbooks, so the extra
/// passages speak the library's own vocabulary: hard distractors for the labelled queries, not random words.
/// The same arguments always give the same files.
/// </summary>
public static class SyntheticPlaybookLibrary
{
    private static readonly string[] Segments =
    [
        "Healthcare", "Banking", "Retail", "Public sector", "Manufacturing", "Education", "Insurance", "Logistics",
        "Telecom", "Energy", "Media", "Life sciences",
    ];

    /// <summary>
    /// Writes the playbooks of <paramref name="sourceFolder"/> and generated ones into <paramref name="targetFolder"/>
    /// and returns how many passages the library has (the chunker's count, at least <paramref name="targetChunks"/>).
    /// </summary>
    public static async Task<int> WriteAsync(string sourceFolder, string targetFolder, int targetChunks, int seed = 20261122, CancellationToken cancellationToken = default)
    {
        var chunker = new PlaybookChunker();
        Directory.CreateDirectory(targetFolder);
        var library = new List<PlaybookDocument>();
        var chunks = 0;
        foreach (var path in Directory.EnumerateFiles(sourceFolder, "*.md").Order(StringComparer.Ordinal))
        {
            var content = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            var document = PlaybookParser.Parse(Path.GetFileName(path), content);
            library.Add(document);
            chunks += chunker.Chunk(document).Count;
            await File.WriteAllTextAsync(Path.Combine(targetFolder, Path.GetFileName(path)), content, cancellationToken).ConfigureAwait(false);
        }

        var shapes = library.Where(d => d.Sections.Any(s => !s.IsPreamble && Lines(s).Count > 0)).ToList();
        if (shapes.Count < 2)
        {
            throw new InvalidOperationException($"'{sourceFolder}' needs at least two playbooks with sections to mix.");
        }

        var random = new Random(seed);
        for (var number = 1; chunks < targetChunks; number++)
        {
            var shape = shapes[random.Next(shapes.Count)];
            var others = shapes.Where(d => d != shape).ToList();
            var name = $"generated-{number:D5}.md";
            var markdown = Compose(shape, others, $"{Segments[random.Next(Segments.Length)]} field notes {number}", targetChunks - chunks, random);
            chunks += chunker.Chunk(PlaybookParser.Parse(name, markdown)).Count;
            await File.WriteAllTextAsync(Path.Combine(targetFolder, name), markdown, cancellationToken).ConfigureAwait(false);
        }

        return chunks;
    }

    // One section per passage (4 to 8 lines stay far under the chunker's window), and no more sections than passages wanted.
    private static string Compose(PlaybookDocument shape, List<PlaybookDocument> others, string title, int sectionsWanted, Random random)
    {
        var markdown = new StringBuilder()
            .Append("---\n")
            .Append(CultureInfo.InvariantCulture, $"title: {title}\n")
            .Append(CultureInfo.InvariantCulture, $"risks: [{string.Join(", ", shape.Risks)}]\n")
            .Append(CultureInfo.InvariantCulture, $"stages: [{string.Join(", ", shape.Stages)}]\n")
            .Append(CultureInfo.InvariantCulture, $"personas: [{string.Join(", ", shape.Personas)}]\n")
            .Append("---\n\n")
            .Append(CultureInfo.InvariantCulture, $"# {title}\n\n")
            .Append(Pick(others, random)).Append("\n\n");
        foreach (var section in shape.Sections.Where(s => !s.IsPreamble && Lines(s).Count > 0).Take(sectionsWanted))
        {
            markdown.Append(CultureInfo.InvariantCulture, $"## {section.HeadingPath[^1]}\n\n");
            var count = random.Next(4, 9);
            for (var i = 0; i < count; i++)
            {
                markdown.Append(Pick(others, random)).Append('\n');
            }

            markdown.Append('\n');
        }

        return markdown.ToString();
    }

    private static string Pick(List<PlaybookDocument> documents, Random random)
    {
        while (true)
        {
            var sections = documents[random.Next(documents.Count)].Sections;
            var lines = Lines(sections[random.Next(sections.Count)]);
            if (lines.Count > 0)
            {
                return lines[random.Next(lines.Count)];
            }
        }
    }

    private static List<string> Lines(PlaybookSection section) =>
        section.Text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith('#') && !line.StartsWith('|') && !line.StartsWith('>'))
            .ToList();
}
