namespace CopilotBot.Knowledge.Ingestion;

/// <summary>A parsed playbook: its front matter and its sections in document order.</summary>
public sealed record PlaybookDocument(
    string Path,
    string Title,
    IReadOnlyList<string> Risks,
    IReadOnlyList<string> Stages,
    IReadOnlyList<string> Personas,
    IReadOnlyList<PlaybookSection> Sections);

/// <summary>
/// The text under one heading, up to the next heading. <see cref="Anchor"/> is the GitHub-style slug of the
/// nearest <c>##</c>/<c>###</c> heading (or of the <c>#</c> title for text before the first of those, the
/// <see cref="IsPreamble"/> overview).
/// </summary>
public sealed record PlaybookSection(IReadOnlyList<string> HeadingPath, string Anchor, string Text, int Line, bool IsPreamble = false);

/// <summary>A playbook that could not be read; <see cref="Line"/> is 1-based, 0 when the whole file is at fault.</summary>
public sealed class PlaybookFormatException(string path, int line, string reason)
    : Exception($"{path}:{line}: {reason}")
{
    public string PlaybookPath { get; } = path;

    public int Line { get; } = line;

    public string Reason { get; } = reason;
}
