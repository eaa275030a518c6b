using System.Runtime.CompilerServices;
using System.Text;
using CopilotBot.Core.Domain;

namespace CopilotBot.Copilot.Drafting;

/// <summary>
/// Free text from the portfolio (survey comments, timeline summaries, ticket subjects) as drafts quote it: one line,
/// no control characters, and markdown's punctuation escaped, so that a comment can never become a heading, emphasis,
/// a link or a link definition in a draft, whatever client renders the markdown. Every draft reads its account's
/// data through this, so the composers need not remember to.
/// </summary>
public static class InertText
{
    private static readonly ConditionalWeakTable<AccountData, AccountData> s_inert = [];

    /// <summary>The text on one line, control characters gone, markdown punctuation escaped; unchanged when nothing needed it.</summary>
    public static string Inline(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (!text.AsSpan().ContainsAny(s_special) && !text.AsSpan().ContainsAnyInRange('\0', '\u001F') && !text.AsSpan().ContainsAnyInRange('\u007F', '\u009F'))
        {
            return text;
        }

        var inline = new StringBuilder(text.Length + 8);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                pendingSpace = inline.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                inline.Append(' ');
                pendingSpace = false;
            }

            if (s_markdown.Contains(c))
            {
                inline.Append('\\');
            }

            inline.Append(c);
        }

        return inline.ToString();
    }

    /// <summary>The account's rows with their free text made inert; computed once per loaded <see cref="AccountData"/>.</summary>
    public static AccountData Of(AccountData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return s_inert.GetValue(data, static d => d with
        {
            Tickets = [.. d.Tickets.Select(t => t with { Subject = Inline(t.Subject) })],
            Surveys = [.. d.Surveys.Select(s => s.Comment is null ? s : s with { Comment = Inline(s.Comment) })],
            Interactions = [.. d.Interactions.Select(i => i with { Summary = Inline(i.Summary) })],
        });
    }

    private const string s_markdown = "\\`*_[]<>#~|";
    private static readonly System.Buffers.SearchValues<char> s_special = System.Buffers.SearchValues.Create(s_markdown + "\u2028\u2029\u0085");
}
