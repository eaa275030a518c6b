using CopilotBot.Copilot.Drafting;

namespace CopilotBot.Copilot.Handlers;

/// <summary>What every handler finishes an answer with.</summary>
internal static class AskAnswers
{
    /// <summary>An offline answer standing in for a failed model call, saying why.</summary>
    public static Draft WithWarnings(Draft draft, IReadOnlyList<string> warnings) => warnings.Count == 0 ? draft : draft with
    {
        Warnings = [.. warnings, .. draft.Warnings],
        Markdown = draft.Markdown.TrimEnd() + "\n\n## Warnings\n" + string.Concat(warnings.Select(w => $"- {w}\n")),
    };
}
