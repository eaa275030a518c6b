using System.Text.RegularExpressions;
using CopilotBot.Core.Portfolio;

namespace CopilotBot.Copilot.Understanding;

/// <summary>A word of a message as linking compares it (lower case, possessive dropped) and where it was written.</summary>
public readonly record struct ChatWord(string Text, int Start, int Length);

/// <summary>
/// How chat text is cut into words for linking: case, possessives ("contoso's", "margie’s"), accents ("tomas" for
/// "Tomás", as people type names) and punctuation do not count.
/// </summary>
public static partial class ChatText
{
    public static IReadOnlyList<ChatWord> Words(string text)
    {
        var words = new List<ChatWord>();
        foreach (Match m in WordRegex().Matches(text))
        {
            var word = WithoutAccents(m.Value.ToLowerInvariant().Replace('’', '\''));
            if (word.EndsWith("'s", StringComparison.Ordinal) || word.EndsWith("s'", StringComparison.Ordinal))
            {
                word = word.EndsWith("s'", StringComparison.Ordinal) ? word[..^1] : word[..^2];
            }

            word = word.Replace("'", "", StringComparison.Ordinal);
            if (word.Length > 0)
            {
                words.Add(new ChatWord(word, m.Index, m.Length));
            }
        }

        return words;
    }

    private static string WithoutAccents(string word)
    {
        if (word.All(char.IsAscii)) return word;
        var decomposed = word.Normalize(System.Text.NormalizationForm.FormD);
        return new string([.. decomposed.Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)])
            .Normalize(System.Text.NormalizationForm.FormC);
    }

    /// <summary>Edits between two words, a swap of neighbours counting once (the matcher's, for typos in names).</summary>
    public static int Distance(string a, string b) => AccountMatcher.Distance(a, b);

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*['’]?")]
    private static partial Regex WordRegex();
}
