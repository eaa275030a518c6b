using System.Collections.Frozen;

namespace CopilotBot.Knowledge.Text;

/// <summary>
/// The light English analyzer shared by keyword search and the offline embedder: lowercase, split on anything
/// that is not a letter or digit, drop stop words, Porter-stem what is left.
/// </summary>
internal static class EnglishAnalyzer
{
    private static readonly FrozenSet<string> StopWords = FrozenSet.ToFrozenSet(
    [
        "a", "about", "above", "after", "again", "all", "am", "an", "and", "any", "are", "as", "at", "be", "because",
        "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does",
        "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he",
        "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just",
        "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or",
        "other", "our", "ours", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than",
        "that", "the", "their", "theirs", "them", "then", "there", "these", "they", "this", "those", "through",
        "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which",
        "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "s", "t", "ll", "ve",
        "re", "d", "m", "also", "may", "might", "must", "shall", "us", "let", "get", "got", "e", "g", "etc",
    ]);

    /// <summary>The analysed terms of <paramref name="text"/>, in order.</summary>
    public static List<string> Analyze(string text)
    {
        var terms = new List<string>();
        foreach (var token in Tokenize(text))
        {
            if (!StopWords.Contains(token))
            {
                terms.Add(Stem(token));
            }
        }

        return terms;
    }

    // A library's vocabulary is a few thousand words; stemming each once makes (re)building the index cheap.
    private const int StemCacheLimit = 200_000;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> StemCache = new(StringComparer.Ordinal);

    private static string Stem(string token)
    {
        if (StemCache.TryGetValue(token, out var stem)) return stem;
        stem = PorterStemmer.Stem(token);
        if (StemCache.Count < StemCacheLimit) StemCache.TryAdd(token, stem);
        return stem;
    }

    /// <summary>Lowercase words and numbers; apostrophes inside a word are dropped ("customer's" → "customers").</summary>
    public static IEnumerable<string> Tokenize(string text)
    {
        var buffer = new System.Text.StringBuilder();
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (char.IsLetterOrDigit(c))
            {
                buffer.Append(char.ToLowerInvariant(c));
            }
            else if ((c == '\'' || c == '\u2019') && buffer.Length > 0 && i + 1 < text.Length && char.IsLetter(text[i + 1]))
            {
                continue;
            }
            else if (buffer.Length > 0)
            {
                yield return buffer.ToString();
                buffer.Clear();
            }
        }
    }
}
