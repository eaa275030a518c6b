using CopilotBot.Core.Domain;

namespace CopilotBot.Copilot.Understanding;

/// <summary>
/// What names can be linked to: every account (to tell "not yours" from a typo) and every contact, of which only the
/// asker's visible accounts and their contacts resolve, and the asker's colleagues. Pass the same lists while the
/// portfolio is unchanged: names are indexed once per list.
/// </summary>
public sealed record LinkingData(User Asker, IReadOnlyList<Account> Visible, IReadOnlyList<Account> All, IReadOnlyList<Contact> Contacts, IReadOnlyList<User> Colleagues);

/// <summary>A stretch of the question that names something, and the neutral word it is replaced by before classification.</summary>
public readonly record struct LinkedSpan(int Start, int Length, string Placeholder);

/// <summary>What the names in a question refer to.</summary>
public sealed record LinkedEntities(AccountReference Account, Contact? Contact, IReadOnlyList<User> Colleagues, IReadOnlyList<LinkedSpan> Spans, string? UnknownName)
{
    /// <summary>The accounts of names said in a row ("northwind, contoso and fabrikam"), when there are several.</summary>
    public IReadOnlyList<Account> SideBySide { get; init; } = [];
}

/// <summary>
/// Links every stretch of a question to the asker's data: account names and ids, contacts (a contact's name resolves
/// to their account) and colleagues. Case, possessives and small typos do not matter; a name's first word alone counts
/// only when it is not an ordinary word ("fabrikam" is a name, "first" or "blue" alone are not); a longer name beats a
/// shorter one ("fourth coffee logistics" is not Fourth Coffee); a name that matches several accounts equally, or the
/// whole name of one that opens another's ("fourth coffee" beside Fourth Coffee Logistics), is ambiguous; and a name
/// that is longer for an account the asker cannot see than for any they can ("tailspin toys" beside their Tailspin
/// Cloud) is missing, never silently another account.
/// </summary>
public sealed partial class EntityLinker(Vocabulary vocabulary)
{
    public const string AccountPlaceholder = "Acme";
    public const string ContactPlaceholder = "Jordan Lee";
    public const string ColleaguePlaceholder = "Sam";

    private const int MaxKeptNames = 200_000;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string[]> _nameTokens = new(StringComparer.Ordinal);

    private static readonly HashSet<string> s_legalSuffixes = ["inc", "corp", "corporation", "ltd", "llc", "co", "plc", "gmbh", "ag", "sa", "bv", "the"];

    /// <param name="question">The message as typed.</param>
    /// <param name="data">What the asker may see.</param>
    /// <param name="conversationAccountId">The account the conversation is about: a contact's name shared by several accounts means the one there.</param>
    /// <param name="offered">The accounts the last answer asked to choose between.</param>
    public LinkedEntities Link(string question, LinkingData data, string? conversationAccountId = null, IReadOnlyList<string>? offered = null)
    {
        var words = ChatText.Words(question);
        var visibleIds = data.Visible.Select(a => a.AccountId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var accountHits = Find(words, data.All, a => a.Name, a => a.AccountId, vocabulary.IsOrdinary);
        var visibleHits = accountHits.Where(h => visibleIds.Contains(h.Item.AccountId)).ToList();
        var hiddenHits = accountHits.Where(h => !visibleIds.Contains(h.Item.AccountId)).ToList();
        // A colleague is mostly called by first name, and first names are common English ("alex"): only the words of the
        // copilot's own language ("will", "mark") are no first name said alone.
        var colleagueHits = Find(words, data.Colleagues, u => u.Name, u => u.Email, vocabulary.IsOwnWord).Where(h => h.Full || h.Length == 1).ToList();

        var spans = new List<LinkedSpan>();
        var account = Settle(ResolveAccount(words, question, visibleHits, hiddenHits, spans), conversationAccountId, offered ?? [], colleagueHits);
        var sideBySide = account.Resolution is AccountResolution.Named or AccountResolution.Ambiguous ? SideBySide(question, words, visibleHits, spans) : [];
        var contactHits = ContactHits(words, data, visibleIds, account, conversationAccountId, colleagueHits);
        if (account.Resolution == AccountResolution.Ambiguous
            && contactHits.Select(h => h.Item.AccountId).Distinct(StringComparer.OrdinalIgnoreCase).ToList() is [var only]
            && account.Candidates!.FirstOrDefault(a => string.Equals(a.AccountId, only, StringComparison.OrdinalIgnoreCase)) is { } theirs)
        {
            // "omar at litware": of the Litwares, the one Omar works at.
            account = new AccountReference(AccountResolution.Named, theirs, account.Said);
        }

        Contact? contact = null;
        var freeContacts = contactHits.Where(h => !Overlaps(h, spans, words)).ToList();
        if (freeContacts.Count > 0)
        {
            var longest = freeContacts.Max(h => h.Length);
            var named = freeContacts.Where(h => h.Length == longest).ToList();
            Mark(words, named[0], ContactPlaceholder, spans);
            if (account.Resolution == AccountResolution.None)
            {
                var accounts = named.Select(h => h.Item.AccountId).Distinct(StringComparer.OrdinalIgnoreCase)
                    .Select(id => data.Visible.First(a => string.Equals(a.AccountId, id, StringComparison.OrdinalIgnoreCase))).ToList();
                if (accounts.Count > 1 && accounts.FirstOrDefault(a => string.Equals(a.AccountId, conversationAccountId, StringComparison.OrdinalIgnoreCase)) is { } here)
                {
                    (accounts, named) = ([here], [.. named.Where(h => string.Equals(h.Item.AccountId, here.AccountId, StringComparison.OrdinalIgnoreCase))]);
                }
                account = accounts.Count == 1
                    ? new AccountReference(AccountResolution.Named, accounts[0], Said(question, words, named[0]))
                    : new AccountReference(AccountResolution.Ambiguous, Said: Said(question, words, named[0]), Candidates: accounts);
                contact = accounts.Count == 1 ? named[0].Item : null;
            }
        }

        var colleagues = new List<User>();
        foreach (var hit in colleagueHits.Where(h => !Overlaps(h, spans, words)).OrderByDescending(h => h.Length))
        {
            if (Overlaps(hit, spans, words)) continue;
            colleagues.Add(hit.Item);
            Mark(words, hit, ColleaguePlaceholder, spans);
        }

        return new LinkedEntities(account, contact, colleagues.Distinct().ToList(), spans, UnknownName(question, words, spans)) { SideBySide = sideBySide };
    }

    /// <summary>
    /// The accounts of the first run of names joined only by commas, "and", "or" or "vs" ("northwind, contoso, fabrikam -
    /// which is worst", "tailspin cloud vs tailspin toys"), in the order said, a name several accounts share standing for
    /// each of them; empty unless two names are in the run. The names after the first are marked as names too.
    /// </summary>
    private static List<Account> SideBySide(string question, IReadOnlyList<ChatWord> words, List<Hit<Account>> visible, List<LinkedSpan> spans)
    {
        var named = visible.GroupBy(h => h.Start).OrderBy(g => g.Key)
            .Select(g => g.Where(h => h.Length == g.Max(x => x.Length)).ToList())
            .ToList();
        var run = new List<List<Hit<Account>>>();
        foreach (var hits in named)
        {
            if (run.Count > 0)
            {
                var previous = run[^1][0];
                if (hits[0].Start < previous.Start + previous.Length) continue;
                var end = words[previous.Start + previous.Length - 1];
                if (!CoordinatorRegex().IsMatch(question[(end.Start + end.Length)..words[hits[0].Start].Start]))
                {
                    if (run.Count >= 2) break;
                    run.Clear();
                }
            }

            run.Add(hits);
        }

        if (run.Count < 2) return [];
        foreach (var hits in run.Skip(1).Where(h => !Overlaps(h[0], spans, words)))
        {
            Mark(words, hits[0], AccountPlaceholder, spans);
        }

        return [.. run.SelectMany(hits => hits.Select(h => h.Item)).DistinctBy(a => a.AccountId)];
    }

    /// <summary>
    /// A name several accounts share, said where only one of them can be meant: the one the conversation is about
    /// ("is anyone using analytics at bellows" after Bellows Utilities' usage), or the only one a colleague named in the
    /// same message looks after ("i'm joining alex on the timberline call").
    /// </summary>
    private static AccountReference Settle(AccountReference account, string? conversationAccountId, IReadOnlyList<string> offered, List<Hit<User>> colleagueHits)
    {
        if (account.Resolution != AccountResolution.Ambiguous) return account;
        if (account.Whole is { } whole && offered.Contains(whole.AccountId, StringComparer.OrdinalIgnoreCase))
        {
            // "Relecloud" in reply to "Did you mean Relecloud or Relecloud Industries?" (its button) is the one of that whole name.
            return new AccountReference(AccountResolution.Named, whole, account.Said);
        }

        var candidates = account.Candidates!;
        var here = candidates.Where(a => string.Equals(a.AccountId, conversationAccountId, StringComparison.OrdinalIgnoreCase)).ToList();
        var colleagues = colleagueHits.Select(h => h.Item.Email).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var theirs = candidates.Where(a => colleagues.Contains(a.CsmEmail) || (a.SalesEmail is { } sales && colleagues.Contains(sales))).ToList();
        return (here.Count == 1 ? here : theirs) is [var only] ? new AccountReference(AccountResolution.Named, only, account.Said) : account;
    }

    /// <summary>
    /// The contacts a message names: by full name among the asker's accounts, or by first name alone ("priya left??")
    /// where that can only be one person: a contact of the account the conversation or the message is about (or of one
    /// of the accounts an ambiguous name matched), else the only contact of that first name the asker has. A colleague's
    /// first name is the colleague's.
    /// </summary>
    private List<Hit<Contact>> ContactHits(IReadOnlyList<ChatWord> words, LinkingData data, HashSet<string> visibleIds, AccountReference account,
        string? conversationAccountId, List<Hit<User>> colleagueHits)
    {
        // Like colleagues, contacts are called by first name, and many first names are English ("victor", "grace").
        var hits = Find(words, data.Contacts, c => c.Name, id: null, vocabulary.IsOwnWord).Where(h => visibleIds.Contains(h.Item.AccountId)).ToList();
        var full = hits.Where(h => h.Full).ToList();
        var around = account.Resolution switch
        {
            AccountResolution.Named => [account.Account!.AccountId],
            AccountResolution.Ambiguous => account.Candidates!.Select(a => a.AccountId).ToList(),
            _ => conversationAccountId is null ? [] : new List<string> { conversationAccountId },
        };
        var firstNames = hits.Where(h => !h.Full && h.Length == 1 && !colleagueHits.Any(c => c.Start == h.Start) && !full.Any(f => f.Start == h.Start)).ToList();
        var here = firstNames.Where(h => around.Contains(h.Item.AccountId, StringComparer.OrdinalIgnoreCase)).ToList();
        // None there ("victor's account" while on Woodgrove): the asker's only contact of that first name, wherever.
        var alone = firstNames.GroupBy(h => h.Start).Where(g => g.Count() == 1).SelectMany(g => g).ToList();
        return [.. full, .. here.Count > 0 ? here : alone];
    }

    /// <summary>The visible accounts whose name starts with the same word as <paramref name="account"/>'s, itself included.</summary>
    public IReadOnlyList<Account> Namesakes(Account account, LinkingData data)
    {
        if (NameTokens(account.Name) is not [var first, ..]) return [];
        var index = NameIndex<Account>.Of(data.All, a => a.Name, a => a.AccountId, NameTokens);
        return index.ByFirstToken.TryGetValue(first, out var named)
            ? [.. named.Select(n => n.Item).Where(a => data.Visible.Contains(a))]
            : [];
    }

    /// <summary>
    /// The one account of <paramref name="family"/> (the accounts a "which one?" offered, or the conversation's account
    /// and those sharing its first word) that a word of the message tells apart: "winery" after "coho", "the airline
    /// one" after "blue yonder", "and the logistics one?" after Fourth Coffee. Null when no word, or more than one
    /// account, fits.
    /// </summary>
    public (Account Account, LinkedSpan Span)? PickFromFamily(string question, IReadOnlyList<Account> family)
    {
        if (family.Count < 2) return null;
        var words = ChatText.Words(question);
        var shared = family.Select(a => NameTokens(a.Name)).Aggregate((a, b) => [.. a.Intersect(b, StringComparer.Ordinal)]).ToHashSet(StringComparer.Ordinal);
        (Account Account, LinkedSpan Span)? picked = null;
        foreach (var account in family)
        {
            var own = NameTokens(account.Name).Where(t => !shared.Contains(t)).ToList();
            var said = words.Where(w => own.Any(t => SameNameWord(w.Text, t))).Take(1).ToList();
            if (said.Count == 0) continue;
            if (picked is not null) return null;
            picked = (account, new LinkedSpan(said[0].Start, said[0].Length, AccountPlaceholder));
        }

        return picked;
    }

    // "airline" for Airlines, "pharma" for Pharmaceuticals, "wienry" for Winery: one name word, said alone.
    private static bool SameNameWord(string said, string nameWord) =>
        string.Equals(said, nameWord, StringComparison.Ordinal)
        || (Math.Min(said.Length, nameWord.Length) >= 4
            && (nameWord.StartsWith(said, StringComparison.Ordinal) || said.StartsWith(nameWord, StringComparison.Ordinal)))
        || (said.Length >= 5 && said[0] == nameWord[0] && ChatText.Distance(said, nameWord) <= 1);

    private AccountReference ResolveAccount(IReadOnlyList<ChatWord> words, string question, List<Hit<Account>> visible, List<Hit<Account>> hidden, List<LinkedSpan> spans)
    {
        var bestVisible = visible.Count == 0 ? 0 : visible.Max(h => h.Length);
        var hiddenLonger = hidden.Where(h => h.Length > bestVisible).OrderByDescending(h => h.Length).FirstOrDefault();
        if (hiddenLonger is not null)
        {
            Mark(words, hiddenLonger, AccountPlaceholder, spans);
            return new AccountReference(AccountResolution.Missing, Said: Said(question, words, hiddenLonger));
        }

        if (bestVisible == 0)
        {
            return AccountReference.NoAccount;
        }

        var top = visible.Where(h => h.Length == bestVisible).ToList();
        var full = top.Where(h => h.Full).ToList();
        // A whole name that also opens a longer one ("relecloud" beside Relecloud Industries, "fourth coffee" beside Fourth
        // Coffee Logistics) may mean either: people shorten names as often as they say them whole.
        var opensAnother = top.Any(h => !h.Full && full.Any(f => f.Start == h.Start));
        var chosen = (full.Count > 0 && !opensAnother ? full : top).OrderBy(h => h.Start).ToList();
        var accounts = chosen.Select(h => h.Item).DistinctBy(a => a.AccountId).ToList();
        var first = chosen[0];
        // Two names said in different places ("compare fabrikam and contoso"): the first one is the subject.
        if (accounts.Count > 1 && chosen.Any(h => h.Start != first.Start))
        {
            accounts = [.. chosen.Where(h => h.Start == first.Start).Select(h => h.Item).DistinctBy(a => a.AccountId)];
        }

        if (accounts.Count > 1 && AbbreviatedNext(words, first, accounts) is { } shortened)
        {
            (accounts, first) = ([shortened], first with { Length = first.Length + 1, Covered = first.Covered + 1 });
        }

        Mark(words, first, AccountPlaceholder, spans);
        return accounts.Count == 1
            ? new AccountReference(AccountResolution.Named, accounts[0], Said(question, words, first))
            : new AccountReference(AccountResolution.Ambiguous, Said: Said(question, words, first), Candidates: accounts)
            {
                Whole = opensAnother ? full.Where(f => f.Start == first.Start).Select(f => f.Item).FirstOrDefault() : null,
            };
    }

    /// <summary>
    /// Of the accounts a name's first words matched, the one whose next name word the next word shortens: "humongous
    /// fab" is Humongous Fabrication, "humongous sw" Humongous Software. An everyday word ("humongous so what") shortens
    /// nothing, unless it is three letters and more of the name word's start.
    /// </summary>
    private Account? AbbreviatedNext(IReadOnlyList<ChatWord> words, Hit<Account> hit, IReadOnlyList<Account> accounts)
    {
        var next = hit.Start + hit.Length;
        if (next >= words.Count) return null;
        var said = words[next].Text;
        var shortened = accounts.Where(a => NameTokens(a.Name) is var tokens && tokens.Length > hit.Covered && Shortens(said, tokens[hit.Covered])).Take(2).ToList();
        return shortened is [var only] ? only : null;
    }

    private bool Shortens(string said, string nameWord) =>
        said.Length >= 2 && said.Length < nameWord.Length && said.All(char.IsLetter) && said[0] == nameWord[0] && IsSubsequence(said, nameWord)
        && ((said.Length >= 3 && nameWord.StartsWith(said, StringComparison.Ordinal)) || !vocabulary.IsOrdinary(said));

    private static bool IsSubsequence(string said, string word)
    {
        var at = 0;
        foreach (var c in word)
        {
            if (at < said.Length && said[at] == c) at++;
        }

        return at == said.Length;
    }

    /// <summary>
    /// A word that is no word of the language the copilot was taught, nor a typo of one, nor linked: most likely a name
    /// the asker has no account by ("help me save acme").
    /// </summary>
    private string? UnknownName(string question, IReadOnlyList<ChatWord> words, List<LinkedSpan> spans)
    {
        // "umbrella corp", "acme inc": whatever the words, a legal suffix makes them a company's name.
        for (var i = 1; i < words.Count; i++)
        {
            if (s_legalSuffixes.Contains(words[i].Text) && words[i].Text != "the" && !IsLinked(words[i - 1], spans) && words[i - 1].Text.All(char.IsLetter))
            {
                return question[words[i - 1].Start..(words[i].Start + words[i].Length)];
            }
        }

        // "health of Wayne Health": capitalised past the sentence's start, and not one of the copilot's words.
        for (var i = 1; i < words.Count; i++)
        {
            if (!char.IsUpper(question[words[i].Start]) || IsLinked(words[i], spans) || vocabulary.IsOwnWord(words[i].Text) || !words[i].Text.All(char.IsLetter)
                || IsAcronym(question.AsSpan(words[i].Start, words[i].Length))) continue;
            var end = i;
            while (end + 1 < words.Count && char.IsUpper(question[words[end + 1].Start]) && !IsLinked(words[end + 1], spans)) end++;
            return question[words[i].Start..(words[end].Start + words[end].Length)];
        }

        for (var i = 0; i < words.Count; i++)
        {
            if (!IsUnknown(question, words[i], spans)) continue;
            var end = i;
            while (end + 1 < words.Count && IsUnknown(question, words[end + 1], spans)) end++;
            return question[words[i].Start..(words[end].Start + words[end].Length)];
        }

        return null;
    }

    // "their COO left", "value from KB", "last QBR": short and all capitals, a title or a term, not a company's name.
    private static bool IsAcronym(ReadOnlySpan<char> word) => word.Length <= 4 && !word.ContainsAnyInRange('a', 'z');

    private bool IsUnknown(string question, ChatWord word, List<LinkedSpan> spans) =>
        word.Text.Length >= 3 && word.Text.All(char.IsLetter) && !IsLinked(word, spans) && !IsAcronym(question.AsSpan(word.Start, word.Length))
        && !vocabulary.IsWordOrTypo(word.Text);

    private static bool IsLinked(ChatWord word, List<LinkedSpan> spans) => spans.Any(s => word.Start >= s.Start && word.Start < s.Start + s.Length);

    // isWordAlone: whether a name's first word said alone is a word rather than the name.
    private List<Hit<T>> Find<T>(IReadOnlyList<ChatWord> words, IReadOnlyList<T> items, Func<T, string> name, Func<T, string>? id, Func<string, bool> isWordAlone)
        where T : class
    {
        var index = NameIndex<T>.Of(items, name, id, NameTokens);
        var hits = new List<Hit<T>>();
        for (var i = 0; i < words.Count; i++)
        {
            if (index.ById?.TryGetValue(words[i].Text, out var byId) == true)
            {
                hits.Add(new Hit<T>(byId, i, 1, Full: true, Covered: 1));
            }

            foreach (var first in index.FirstTokensSaidAs(words[i].Text, SameWord))
            {
                foreach (var (item, tokens) in index.ByFirstToken[first])
                {
                    var m = Continue(words, i + 1, tokens, 1);
                    // A trailing legal suffix said or not ("proseware" is Proseware Inc).
                    var full = m == tokens.Length;
                    if (!full && m == 1 && isWordAlone(tokens[0]))
                    {
                        continue;
                    }

                    hits.Add(new Hit<T>(item, i, m, full, m));
                }
            }

            // "wwi" for Wide World Importers, "bfy renewables" for Best For You Renewables: initials no word is spelt like.
            if (id is not null && index.ByInitials.TryGetValue(words[i].Text, out var initialled) && !isWordAlone(words[i].Text))
            {
                foreach (var (item, tokens, count) in initialled)
                {
                    var m = Continue(words, i + 1, tokens, count);
                    hits.Add(new Hit<T>(item, i, 1 + m - count, m == tokens.Length, m));
                }
            }
        }

        return hits;
    }

    // How far a name's words go on being said from word <paramref name="at"/>, its first <paramref name="matched"/> said already.
    private int Continue(IReadOnlyList<ChatWord> words, int at, string[] tokens, int matched)
    {
        while (matched < tokens.Length && at < words.Count && SameWord(words[at].Text, tokens[matched])) (matched, at) = (matched + 1, at + 1);
        return matched;
    }

    // A name's word as said: whole, shortened from its start ("pharma" for Pharmaceuticals, "intl" is not), or with a
    // typo when what was said is no word of its own ("fabrikm", but never "margin" for Margie's). A typo keeps the first
    // letter: "adatum" is another company than Datum.
    private bool SameWord(string said, string nameWord) =>
        string.Equals(said, nameWord, StringComparison.Ordinal)
        || (said.Length >= 4 && nameWord.Length > said.Length + 2 && nameWord.StartsWith(said, StringComparison.Ordinal))
        || (said.Length >= 4 && nameWord.Length >= 4 && said[0] == nameWord[0] && !vocabulary.IsWord(said)
            && ChatText.Distance(said, nameWord) <= (nameWord.Length >= 9 ? 2 : 1));

    // Names are cut into words once: a large book is scanned on every question.
    private string[] NameTokens(string name)
    {
        if (_nameTokens.TryGetValue(name, out var tokens)) return tokens;
        if (_nameTokens.Count >= MaxKeptNames) _nameTokens.Clear();
        return _nameTokens[name] = [.. ChatText.Words(name).Select(w => w.Text).Where(t => !s_legalSuffixes.Contains(t))];
    }

    /// <summary>
    /// The names of one list (every account, every contact) by their first word, built once per list: the store's cache
    /// hands out the same list until the next import, so a question looks up the few first words it could mean
    /// instead of comparing each of ten thousand names with each of its words.
    /// </summary>
    private sealed class NameIndex<T>
        where T : class
    {
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<T>, NameIndex<T>> s_built = [];

        private const int MinInitials = 3;

        private readonly string[] _longFirstTokens;

        private NameIndex(IReadOnlyList<T> items, Func<T, string> name, Func<T, string>? id, Func<string, string[]> tokens)
        {
            ByFirstToken = new Dictionary<string, List<(T, string[])>>(StringComparer.Ordinal);
            foreach (var item in items)
            {
                var words = tokens(name(item));
                if (words.Length == 0) continue;
                if (!ByFirstToken.TryGetValue(words[0], out var named)) ByFirstToken[words[0]] = named = [];
                named.Add((item, words));
            }

            _longFirstTokens = [.. ByFirstToken.Keys.Where(k => k.Length >= 4)];
            ByInitials = new Dictionary<string, List<(T, string[], int)>>(StringComparer.Ordinal);
            foreach (var (item, words) in id is null ? [] : ByFirstToken.Values.SelectMany(named => named))
            {
                for (var count = MinInitials; count <= words.Length; count++)
                {
                    var initials = string.Concat(words.Take(count).Select(w => w[0]));
                    if (!ByInitials.TryGetValue(initials, out var initialled)) ByInitials[initials] = initialled = [];
                    initialled.Add((item, words, count));
                }
            }
            if (id is not null)
            {
                ById = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
                foreach (var item in items) ById.TryAdd(id(item), item);
            }
        }

        public Dictionary<string, List<(T Item, string[] Tokens)>> ByFirstToken { get; }

        public Dictionary<string, T>? ById { get; }

        /// <summary>Accounts' names by the initials of their first three words and more (two letters are too often something else).</summary>
        public Dictionary<string, List<(T Item, string[] Tokens, int Count)>> ByInitials { get; }

        public static NameIndex<T> Of(IReadOnlyList<T> items, Func<T, string> name, Func<T, string>? id, Func<string, string[]> tokens) =>
            s_built.GetValue(items, list => new NameIndex<T>(list, name, id, tokens));

        /// <summary>The first words of names that <paramref name="said"/> may stand for: itself, or (four letters and more) a longer word it shortens or mistypes.</summary>
        public IEnumerable<string> FirstTokensSaidAs(string said, Func<string, string, bool> sameWord)
        {
            if (ByFirstToken.ContainsKey(said)) yield return said;
            if (said.Length < 4) yield break;
            foreach (var token in _longFirstTokens)
            {
                if (!string.Equals(token, said, StringComparison.Ordinal) && sameWord(said, token)) yield return token;
            }
        }
    }

    private static void Mark<T>(IReadOnlyList<ChatWord> words, Hit<T> hit, string placeholder, List<LinkedSpan> spans)
    {
        var start = words[hit.Start].Start;
        var last = words[hit.Start + hit.Length - 1];
        spans.Add(new LinkedSpan(start, last.Start + last.Length - start, placeholder));
    }

    private static bool Overlaps<T>(Hit<T> hit, List<LinkedSpan> spans, IReadOnlyList<ChatWord> words)
    {
        var start = words[hit.Start].Start;
        var end = words[hit.Start + hit.Length - 1].Start + words[hit.Start + hit.Length - 1].Length;
        return spans.Any(s => start < s.Start + s.Length && s.Start < end);
    }

    private static string Said<T>(string question, IReadOnlyList<ChatWord> words, Hit<T> hit)
    {
        var last = words[hit.Start + hit.Length - 1];
        return question[words[hit.Start].Start..(last.Start + last.Length)].TrimEnd('\'', '’');
    }

    // Length: the message's words it spans; Covered: the name's words they stand for ("wwi" is one word for three).
    private sealed record Hit<T>(T Item, int Start, int Length, bool Full, int Covered);

    // What may stand between names said side by side: punctuation, "and", "or", "vs".
    [System.Text.RegularExpressions.GeneratedRegex(@"^[\s,;/&+-]*(?:(?:and|or|vs\.?|versus)[\s,;/&+-]*)?$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex CoordinatorRegex();
}
