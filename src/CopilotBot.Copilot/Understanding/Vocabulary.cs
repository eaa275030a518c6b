namespace CopilotBot.Copilot.Understanding;

/// <summary>
/// The words of the copilot's language, to tell a name from a word. Its own words are those of the playbooks written
/// in lower case (so not their example companies) and of the labelled utterances it learns from, names taken out;
/// the English around them comes from the sentence model's vocabulary, whose order follows how common a word is.
/// </summary>
public sealed class Vocabulary(IEnumerable<string> ownWords, IReadOnlyDictionary<string, int> englishRanks)
{
    /// <summary>Model vocabulary places below this are everyday English ("first", "blue", "margin"), never a name alone.</summary>
    public const int CommonRank = 10_000;

    private readonly HashSet<string> _own = ownWords.ToHashSet(StringComparer.Ordinal);

    /// <summary>A word people use in ordinary sentences: a name that is one ("Blue Yonder") is only linked when said whole.</summary>
    public bool IsOrdinary(string word) => _own.Contains(word) || (englishRanks.TryGetValue(word, out var rank) && rank < CommonRank);

    /// <summary>A word of the copilot's own texts (playbooks, utterances): English that is not a name's ("will", "health").</summary>
    public bool IsOwnWord(string word) => _own.Contains(word);

    /// <summary>Any word of the language, however rare ("olympia" is one, "fabrikm" and "acme" are not): never corrected into a name.</summary>
    public bool IsWord(string word) => _own.Contains(word) || englishRanks.ContainsKey(word);

    /// <summary>
    /// A word, or one edit from one of the copilot's own words ("renewl"); a four-letter word only by a letter left out
    /// ("wats"), since one edit turns most short names into a word ("acme" into "came").
    /// </summary>
    public bool IsWordOrTypo(string word)
    {
        if (IsWord(word) || Stems(word).Any(IsWord)) return true;
        if (word.Length < 4) return false;
        foreach (var known in _own)
        {
            var fits = word.Length >= 5 ? Math.Abs(known.Length - word.Length) <= 1 : known.Length == word.Length + 1;
            // "incl", "mgmt" aside: a word shortened from its start ("incl" for "including") is one too.
            if ((fits && ChatText.Distance(known, word) <= 1) || (known.Length >= word.Length + 2 && known.StartsWith(word, StringComparison.Ordinal))) return true;
        }

        return false;
    }

    /// <summary>
    /// The word of the copilot's own language a typo stands for ("comission" for "commission"): one edit from exactly
    /// one of them, five letters and more, and no word of its own; otherwise the word as typed.
    /// </summary>
    public string Corrected(string word)
    {
        if (word.Length < 5 || IsWord(word) || !word.All(char.IsLetter)) return word;
        string? found = null;
        foreach (var known in _own)
        {
            if (Math.Abs(known.Length - word.Length) > 1 || ChatText.Distance(known, word) > 1) continue;
            if (found is not null) return word;
            found = known;
        }

        return found ?? word;
    }

    /// <summary>What an inflected word may come from: "flagging" from "flag", "riskiest" from "risky", "renewals" from "renewal".</summary>
    private static IEnumerable<string> Stems(string word)
    {
        foreach (var (ending, replacements) in s_endings)
        {
            if (word.Length < ending.Length + 3 || !word.EndsWith(ending, StringComparison.Ordinal)) continue;
            var stem = word[..^ending.Length];
            foreach (var replacement in replacements) yield return stem + replacement;
            // A doubled last consonant: "flagging", "planned".
            if (stem.Length >= 3 && stem[^1] == stem[^2]) yield return stem[..^1];
        }
    }

    private static readonly (string Ending, string[] Replacements)[] s_endings =
    [
        ("iest", ["y"]), ("ier", ["y"]), ("ies", ["y"]), ("ied", ["y"]), ("ing", ["", "e"]), ("est", ["", "e"]), ("ed", ["", "e"]),
        ("er", ["", "e"]), ("es", [""]), ("s", [""]), ("ly", [""]),
    ];
}
