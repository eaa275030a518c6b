using System.Text.RegularExpressions;

namespace CopilotBot.Copilot.Understanding;

/// <summary>A word of a message as linking compares it (lower case, possessive dropped) and where it was written.</summary>
public readonly record struct ChatWord(string Text, int Start, int Length);

/// <summary>How chat text is cut into words for linking: case, possessives ("contoso's", "margie’s") and punctuation do not count.</summary>
public static partial class ChatText
{
    public static IReadOnlyList<ChatWord> Words(string text)
    {
        var words = new List<ChatWord>();
        foreach (Match m in WordRegex().Matches(text))
        {
            var word = m.Value.ToLowerInvariant().Replace('’', '\'');
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

    /// <summary>Damerau-Levenshtein distance (adjacent swaps count once), for typos in names.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*['’]?")]
    private static partial Regex WordRegex();
}
