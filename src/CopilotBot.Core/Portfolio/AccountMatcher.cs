using System.Globalization;
using System.Text;
using CopilotBot.Core.Domain;

namespace CopilotBot.Core.Portfolio;

/// <summary>How an account query was resolved.</summary>
public enum AccountMatchOutcome { Found, Ambiguous, NotFound }

/// <summary>The resolved account, or the closest candidates when there is none or more than one.</summary>
public sealed record AccountMatch(AccountMatchOutcome Outcome, Account? Account, IReadOnlyList<Account> Candidates);

/// <summary>
/// Finds an account by id or by name, tolerant of case, punctuation, legal suffixes ("Inc.") and small typos.
/// Callers pass only the accounts the user may see, so suggestions never reveal anyone else's.
/// </summary>
public static class AccountMatcher
{
    private const int MaxCandidates = 5;

    private static readonly HashSet<string> s_legalSuffixes =
        ["inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc", "plc", "gmbh", "ag", "sa", "bv", "group", "holdings"];

    public static AccountMatch Match(string query, IReadOnlyList<Account> accounts)
    {
        var trimmed = query.Trim();
        var byId = accounts.FirstOrDefault(a => string.Equals(a.AccountId, trimmed, StringComparison.OrdinalIgnoreCase));
        if (byId is not null)
        {
            return new AccountMatch(AccountMatchOutcome.Found, byId, [byId]);
        }

        var wanted = Normalize(trimmed);
        if (wanted.Length == 0)
        {
            return new AccountMatch(AccountMatchOutcome.NotFound, null, []);
        }

        var named = accounts.Select(a => (Account: a, Name: Normalize(a.Name))).ToList();

        var exact = named.Where(n => n.Name == wanted).Select(n => n.Account).ToList();
        if (exact.Count > 0)
        {
            return Decide(exact);
        }

        // Leading words, each possibly cut short ("acme" or "contoso pharma"), are what people type most.
        var prefixed = named.Where(n => StartsWithWords(n.Name, wanted)).Select(n => n.Account).ToList();
        if (prefixed.Count > 0)
        {
            return Decide(prefixed);
        }

        var ranked = named
            .Select(n => (n.Account, Distance: NameDistance(wanted, n.Name)))
            .OrderBy(r => r.Distance)
            .ThenBy(r => r.Account.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var tolerance = Math.Max(1, wanted.Length / 5);
        var close = ranked.Where(r => r.Distance <= tolerance).ToList();
        if (close.Count > 0)
        {
            var best = close[0].Distance;
            return Decide(close.Where(r => r.Distance == best).Select(r => r.Account).ToList());
        }

        var suggestions = ranked
            .Where(r => r.Distance <= Math.Max(3, wanted.Length / 2) || SharesCloseWord(wanted, Normalize(r.Account.Name)))
            .Take(MaxCandidates)
            .Select(r => r.Account)
            .ToList();
        return new AccountMatch(AccountMatchOutcome.NotFound, null, suggestions);
    }

    private static AccountMatch Decide(List<Account> matches) => matches.Count == 1
        ? new AccountMatch(AccountMatchOutcome.Found, matches[0], matches)
        : new AccountMatch(AccountMatchOutcome.Ambiguous, null, matches.Take(MaxCandidates).ToList());

    private static bool StartsWithWords(string name, string prefix)
    {
        var nameWords = name.Split(' ');
        var prefixWords = prefix.Split(' ');
        return prefixWords.Length <= nameWords.Length &&
            prefixWords.Select((word, i) => nameWords[i].StartsWith(word, StringComparison.Ordinal)).All(matches => matches);
    }

    /// <summary>Lower-case letters and digits, single spaces, diacritics and legal suffixes removed.</summary>
    internal static string Normalize(string name)
    {
        var decomposed = name.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && c != '\'')
            {
                builder.Append(' ');
            }
        }

        var words = builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        while (words.Count > 1 && s_legalSuffixes.Contains(words[^1]))
        {
            words.RemoveAt(words.Count - 1);
        }

        return string.Join(' ', words);
    }

    /// <summary>Distance to the whole name or to its leading words, so "globx" is close to "Globex Industries".</summary>
    private static int NameDistance(string query, string name)
    {
        var queryWords = query.Count(c => c == ' ') + 1;
        var nameWords = name.Split(' ');
        var whole = Distance(query, name);
        return queryWords < nameWords.Length
            ? Math.Min(whole, Distance(query, string.Join(' ', nameWords.Take(queryWords))))
            : whole;
    }

    /// <summary>Whether a word of the query is a small typo away from a word of the name ("initek" / "initech").</summary>
    private static bool SharesCloseWord(string query, string name)
    {
        var nameWords = name.Split(' ');
        return query.Split(' ').Any(q => q.Length >= 4 && nameWords.Any(n => Distance(q, n) <= Math.Max(1, q.Length / 3)));
    }

    /// <summary>Optimal string alignment distance: Levenshtein plus adjacent transpositions ("Acme" / "Amce").</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

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
}
