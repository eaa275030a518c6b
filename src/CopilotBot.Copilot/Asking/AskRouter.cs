using System.Text.RegularExpressions;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;
using CopilotBot.Core.Portfolio;

namespace CopilotBot.Copilot.Asking;

/// <summary>What a free question asks for.</summary>
public enum AskIntent { Help, Thanks, Draft, Portfolio, Health, Renewal, Stakeholders, Tickets, Outcomes, Usage, Activity, Feedback, Summary }

/// <summary>A routed question: the intent, the draft kind when it asks for one, and the filters of a portfolio question.</summary>
public sealed record AskRoute(AskIntent Intent, DraftKind? Kind = null, string? AccountMention = null, PortfolioQuery? Portfolio = null);

/// <summary>Filters of "which of my accounts renew this quarter and are red?" or "which accounts could expand?".</summary>
public sealed record PortfolioQuery(IReadOnlyList<Core.Health.HealthBand> Bands, int? RenewalWithinDays, string? WindowLabel, DateOnly? RenewalBy)
{
    /// <summary>Opportunity signals an account must show one of (<c>seat_expansion</c>, <c>advocate</c>); none: any account.</summary>
    public IReadOnlyList<string> Signals { get; init; } = [];

    /// <summary>The first day of the renewal window when it starts later than the as-of date (next quarter, next month).</summary>
    public DateOnly? RenewalFrom { get; init; }

    /// <summary>"Top 5 accounts by ARR", "our biggest accounts": the largest ARR first, at most this many (null: worst health first, all).</summary>
    public int? LargestFirst { get; init; }

    /// <summary>Risk flags an account must raise one of (<c>champion_left</c>, <c>stale_p1</c>...); none: any account.</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];
}

/// <summary>
/// The deterministic router of offline mode: keywords pick the intent, the user's visible accounts are
/// matched against the question for the account, and an explicit mention of an account the user cannot see
/// ends in the same "not found" answer as an account that does not exist.
/// </summary>
public static partial class AskRouter
{
    public static AskRoute Route(string question, DateOnly asOf)
    {
        var q = question.Trim().ToLowerInvariant();
        var mention = Mention(question);
        if (IsHelp(question))
        {
            return new AskRoute(AskIntent.Help);
        }

        // Chat is chat: a thank-you gets a short reply rather than "which account do you mean?".
        if (Normalize(q) is "thanks" or "thank you" or "thx" or "ty" or "cheers" or "ok" or "okay" or "ok thanks" or "great" or "great thanks" or "perfect" or "got it")
        {
            return new AskRoute(AskIntent.Thanks);
        }

        DraftKind? kind =
            Has(q, "remediation", "rescue plan", "recovery plan", "action plan", "save plan") ? DraftKind.RemediationPlan
            : Has(q, "discovery", "questions should i ask", "questions to ask", "what should i ask") ? DraftKind.DiscoveryQuestions
            : Has(q, "talking points", "renewal pitch", "renewal conversation", "value realized", "roi") ? DraftKind.RenewalTalkingPoints
            // An account's openings are in its talking points; "any upsell opportunities in my book?" lists accounts instead.
            : Has(q, "pitch", "upsell", "up-sell", "cross-sell", "expansion opportunit") && !IsPortfolioList(q) ? DraftKind.RenewalTalkingPoints
            : Has(q, "pre-call", "precall", "brief", "prep me", "prepare me", "before my call", "before the call", "before calling", "before i call", "before we call", "before my meeting", "before the meeting") ? DraftKind.PreCallBrief
            : Has(q, "summary", "summarize", "summarise", "overview") ? DraftKind.AccountSummary
            : null;
        if (kind is { } k)
        {
            return new AskRoute(AskIntent.Draft, k, mention);
        }

        if (IsPortfolioList(q)
            || (mention is null && Has(q, "renewing", "renewals", "up for renewal") && (Has(q, "this quarter", "next quarter", "this month", "next month") || DaysRegex().IsMatch(q))))
        {
            return new AskRoute(AskIntent.Portfolio, Portfolio: PortfolioFilters(q, asOf));
        }

        // "What do I do about Acme" asks for a plan, whatever the trouble: the usage drop, the P1, the detractor.
        if (Has(q, "what do i do", "what should i do", "what should we do", "what do we do", "what can i do", "what can we do",
            "how do i fix", "how do we fix", "how do i save", "how do we save", "how do i turn", "how do we turn", "next steps", "what now"))
        {
            return new AskRoute(AskIntent.Draft, DraftKind.RemediationPlan, mention);
        }

        if (Has(q, "last talk", "last spoke", "last spoken", "last meet", "last met", "last call", "last touch", "talk about", "talked about",
            "interactions", "meeting notes", "call notes", "what happened", "recent activity", "timeline", "latest news"))
        {
            return new AskRoute(AskIntent.Activity, AccountMention: mention);
        }

        if (Has(q, "nps", "csat", "survey", "sentiment", "feedback", "how happy", "satisf"))
        {
            return new AskRoute(AskIntent.Feedback, AccountMention: mention);
        }

        if (Has(q, "goal", "outcome", "objective", "success plan", "success criteria", "kpi", "trying to achieve", "want to achieve"))
        {
            return new AskRoute(AskIntent.Outcomes, AccountMention: mention);
        }

        // "Why did usage drop?" is a health question: the answer is the drag on the score.
        if (!Has(q, "why") && Has(q, "usage", "active users", "utilization", "utilisation", "seats", "logins", "how many people", "feature adoption", "products", "modules", "licens"))
        {
            return new AskRoute(AskIntent.Usage, AccountMention: mention);
        }

        if (Has(q, "why", "health", "score", "how is", "how's", "doing", "drop", "band"))
        {
            return new AskRoute(AskIntent.Health, AccountMention: mention);
        }

        // "Who signs the contract?" is about people, not dates.
        if (Has(q, "who signs", "who approves", "decision maker", "economic buyer", "budget holder", "who decides"))
        {
            return new AskRoute(AskIntent.Stakeholders, AccountMention: mention);
        }

        if (Has(q, "renew", "renewal", "contract"))
        {
            return new AskRoute(AskIntent.Renewal, AccountMention: mention);
        }

        if (Has(q, "who ", "stakeholder", "contact", "champion", "sponsor", "detractor"))
        {
            return new AskRoute(AskIntent.Stakeholders, AccountMention: mention);
        }

        if (Has(q, "ticket", "support", "escalation", "p1"))
        {
            return new AskRoute(AskIntent.Tickets, AccountMention: mention);
        }

        return new AskRoute(AskIntent.Summary, AccountMention: mention);
    }

    /// <summary>Whether a message asks what the bot can do: "help", "what can you do?", or a greeting with nothing else.</summary>
    public static bool IsHelp(string question)
    {
        var q = question.Trim().ToLowerInvariant();
        return q.Length == 0 || q is "?" || q.StartsWith("what can you", StringComparison.Ordinal)
            || Normalize(q) is "help" or "hi" or "hello" or "hey" or "hi there" or "hello there" or "good morning" or "good afternoon"
            || q.StartsWith("help ", StringComparison.Ordinal);
    }

    /// <summary>The visible account the question names (id or name tokens), if any.</summary>
    public static Account? FindAccount(string question, IEnumerable<Account> visible)
    {
        var normalized = " " + Normalize(question) + " ";
        // People shorten names ("contoso pharma"): a word of 4+ letters that starts a name's word counts for it, but
        // only beside a whole word of the name, so that "prep me for my call" never means an account "Callisto".
        var words = normalized.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length >= 4).ToList();
        bool Whole(string token) => normalized.Contains(" " + token + " ", StringComparison.Ordinal);
        bool Shortened(string token) => words.Exists(w => token.StartsWith(w, StringComparison.Ordinal));
        Account? best = null;
        var bestScore = 0.0;
        foreach (var account in visible)
        {
            double score = normalized.Contains(" " + account.AccountId.ToLowerInvariant() + " ", StringComparison.Ordinal) ? 1.0 : 0;
            var name = Normalize(account.Name);
            if (score == 0 && normalized.Contains(" " + name + " ", StringComparison.Ordinal))
            {
                score = 0.95;
            }

            if (score == 0)
            {
                var tokens = name.Split(' ').Where(t => t.Length >= 3 && !s_weakTokens.Contains(t)).ToArray();
                var whole = tokens.Count(Whole);
                var hits = whole == 0 ? 0 : whole + tokens.Count(t => !Whole(t) && Shortened(t));
                score = tokens.Length == 0 ? 0 : 0.8 * hits / tokens.Length;
            }

            if (score > bestScore)
            {
                (best, bestScore) = (account, score);
            }
        }

        return bestScore >= 0.5 ? best : null;
    }

    /// <summary>An explicit account mention ("Acme's", "of Acme Corp", "A-123"), even when no visible account matches.</summary>
    public static string? Mention(string question)
    {
        var id = IdRegex().Match(question);
        if (id.Success)
        {
            return id.Value;
        }

        var m = PossessiveRegex().Match(question);
        if (m.Success)
        {
            return m.Groups["name"].Value;
        }

        m = PrepositionRegex().Match(question);
        return m.Success ? m.Groups["name"].Value : null;
    }

    /// <summary>
    /// An account named in lower case after a preposition ("tickets at fabrikam", "how is it going with contoso"), as
    /// the subject of a question ("is northwind a good reference?") or alone ("fabrikam"), matched like an explicit
    /// mention but only when its first word is a whole word of the name: lower-case words after "at" or "for" are
    /// mostly not names, so what matches nothing is not an account either (null).
    /// </summary>
    public static (string Mention, AccountMatch Match)? SpokenMention(string question, IReadOnlyList<Account> visible)
    {
        var lower = question.ToLowerInvariant();
        // Zero-width after each preposition, so "for my call with acme" tries "my call" and then "acme"; a short
        // message may be the name and nothing else ("fabrikam").
        var phrases = LowercaseMentionRegex().Matches(lower).Select(m => m.Groups["words"].Value)
            .Prepend(Normalize(lower) is var whole && whole.Split(' ').Length <= 4 ? whole : string.Empty);
        foreach (var phrase in phrases)
        {
            var words = phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0 || words[0].Length < 4 || s_notNames.Contains(words[0])) continue;
            // Only names holding the first word whole can match, and matching (with its typo distances) stays cheap
            // in a large book.
            var holding = visible.Where(a => Normalize(a.Name).Split(' ').Contains(words[0], StringComparer.Ordinal)).ToList();
            for (var count = words.Length; count > 0 && holding.Count > 0; count--)
            {
                var said = string.Join(' ', words.Take(count));
                var match = AccountMatcher.Match(said, holding);
                if (match.Outcome != AccountMatchOutcome.NotFound)
                {
                    return (said, match);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The colleague a question names ("how is alex doing", "summary of Alex Wilber's accounts"): full name or e-mail,
    /// or a first name only one of them has. Null when none, or when the first name is shared.
    /// </summary>
    public static User? FindUser(string question, IEnumerable<User> users, User asker) =>
        FindUsers(question, users, asker) is [var one] ? one : null;

    /// <summary>The colleagues a question names: by full name or e-mail when any is, otherwise by first names.</summary>
    public static IReadOnlyList<User> FindUsers(string question, IEnumerable<User> users, User asker)
    {
        var normalized = " " + Normalize(question) + " ";
        var others = users.Where(u => !string.Equals(u.Email, asker.Email, StringComparison.OrdinalIgnoreCase)).ToList();
        var full = others.Where(u => normalized.Contains(" " + Normalize(u.Name) + " ", StringComparison.Ordinal)
            || question.Contains(u.Email, StringComparison.OrdinalIgnoreCase)).ToList();
        if (full.Count > 0) return full;
        var words = WordRegex().Matches(question).Select(m => m.Value).ToList();
        return [.. others.Where(u => SaysFirstName(words, u.Name))];
    }

    /// <summary>
    /// A first name alone is a person when written as one: capitalised, possessive, or after "is", "about", "of" or
    /// "with" ("how is alex doing"). First names are often words too, and "when will it renew" is not about Will.
    /// </summary>
    private static bool SaysFirstName(IReadOnlyList<string> words, string fullName)
    {
        var name = fullName.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (name is not { Length: >= 3 }) return false;
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            var possessive = word.EndsWith("'s", StringComparison.OrdinalIgnoreCase) || word.EndsWith("’s", StringComparison.OrdinalIgnoreCase);
            if (!string.Equals(possessive ? word[..^2] : word, name, StringComparison.OrdinalIgnoreCase)) continue;
            if (char.IsUpper(word[0]) || possessive || (i > 0 && words[i - 1].ToLowerInvariant() is "is" or "about" or "of" or "with"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a question points at one account without naming it ("when do they renew?", "who is the champion?"),
    /// rather than asking in general ("why do customers churn?").
    /// </summary>
    public static bool RefersToAnAccount(string question) => AccountReferenceRegex().IsMatch(question.ToLowerInvariant());

    /// <summary>
    /// The portfolio filter of a question asking which accounts raise a flag ("did we lose any champions?", "who has a
    /// stale P1?"); null when it names no flag or reads as being about one account. In a conversation about an
    /// account, "any detractors?" is about that account: it takes "accounts", "customers", "which" or "how many".
    /// </summary>
    public static PortfolioQuery? FlagQuestion(string question, DateOnly asOf, bool accountInConversation)
    {
        if (IsHowTo(question)) return null;
        var q = question.ToLowerInvariant();
        var flags = FlagsIn(q);
        var across = accountInConversation ? AcrossAccountsInConversationRegex().IsMatch(q) : AcrossAccountsRegex().IsMatch(q);
        return flags.Count > 0 && across ? PortfolioWindow(q, asOf) with { Flags = flags } : null;
    }

    /// <summary>
    /// Whether a question compares the CSMs of a team: "which CSM has the most red accounts?", or a comparison naming
    /// two colleagues or more ("compare Alex and Isaiah"); "compare Fabrikam and Contoso" compares accounts.
    /// </summary>
    public static bool IsTeamBreakdown(string question, IEnumerable<User> users, User asker)
    {
        var q = question.ToLowerInvariant();
        return TeamBreakdownRegex().IsMatch(q) || (CompareRegex().IsMatch(q) && FindUsers(question, users, asker).Count >= 2);
    }

    /// <summary>Whether a question asks how things are done in general ("how do I run a QBR?", "why do customers churn?").</summary>
    public static bool IsHowTo(string question) => HowToRegex().IsMatch(question.Trim().ToLowerInvariant());

    /// <summary>Whether a question is about a whole book of business rather than one account ("how much ARR is at risk?").</summary>
    public static bool IsPortfolioWide(string question) =>
        PortfolioWideRegex().IsMatch(question.ToLowerInvariant());

    private static PortfolioQuery PortfolioFilters(string q, DateOnly asOf) => PortfolioWindow(q, asOf) with
    {
        Signals = [
            .. Has(q, "upsell", "up-sell", "expand", "expansion", "grow", "more seats", "add seats") ? [FlagCodes.SeatExpansion] : Array.Empty<string>(),
            .. Has(q, "advocate", "reference", "case study", "testimonial", "promoter") ? [FlagCodes.Advocate] : Array.Empty<string>(),
        ],
        Flags = FlagsIn(q),
        LargestFirst = LargestRegex().Match(q) is { Success: true } largest
            ? (int.TryParse(largest.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 1, OfflineAnswers.MaxListedAccounts) : DefaultLargest)
            : Has(q, "largest", "biggest", "by arr", "most arr", "highest arr") ? DefaultLargest : null,
    };

    // "Our biggest accounts" without a number: a short list.
    private const int DefaultLargest = 10;

    private static bool IsPortfolioList(string q) =>
        Has(q, "portfolio", "my accounts", "which of my", "which accounts", "my book", "list accounts", "all accounts", "accounts renew", "accounts are")
        || AccountsByKindRegex().IsMatch(q) || LargestRegex().IsMatch(q);

    private static List<string> FlagsIn(string q)
    {
        var flags = new List<string>();
        if (Has(q, "champion") && Has(q, "lost", "lose", "left", "leav", "quit", "gone", "depart")) flags.Add(FlagCodes.ChampionLeft);
        if (Has(q, "p1", "sev 1", "sev1", "priority 1")) flags.Add(FlagCodes.StaleP1);
        if (Has(q, "usage", "adoption") && Has(q, "drop", "fall", "fell", "declin", "down")) flags.Add(FlagCodes.UsageDrop);
        if (Has(q, "sponsor") && Has(q, "no ", "without", "missing", "lost", "lack")) flags.Add(FlagCodes.NoSponsor);
        if (Has(q, "detractor", "low nps", "unhappy")) flags.Add(FlagCodes.Detractor);
        if (Has(q, "no contact", "gone quiet", "gone dark", "gone silent", "neglected")
            || (Has(q, "talked", "spoken", "heard from", "contacted", "touched base", "been in touch") && Has(q, "n't", "not ", "no ", "in a while", "for a while", "in ages", "long time")))
        {
            flags.Add(FlagCodes.NoContact60Days);
        }

        return flags;
    }

    private static PortfolioQuery PortfolioWindow(string q, DateOnly asOf)
    {
        var bands = Enum.GetValues<Core.Health.HealthBand>().Where(b => Regex.IsMatch(q, $@"\b{b.ToString().ToLowerInvariant()}\b")).ToList();
        if (Has(q, "at risk", "at-risk") && bands.Count == 0)
        {
            bands.Add(Core.Health.HealthBand.Red);
        }

        if (Has(q, "this quarter"))
        {
            var quarterEndMonth = ((asOf.Month - 1) / 3 + 1) * 3;
            var end = new DateOnly(asOf.Year, quarterEndMonth, DateTime.DaysInMonth(asOf.Year, quarterEndMonth));
            return new PortfolioQuery(bands, end.DayNumber - asOf.DayNumber, "this quarter", end);
        }

        if (Has(q, "next quarter"))
        {
            var start = new DateOnly(asOf.Year, ((asOf.Month - 1) / 3 * 3) + 1, 1).AddMonths(3);
            var end = start.AddMonths(3).AddDays(-1);
            return new PortfolioQuery(bands, end.DayNumber - asOf.DayNumber, "next quarter", end) { RenewalFrom = start };
        }

        if (Has(q, "next month"))
        {
            var start = new DateOnly(asOf.Year, asOf.Month, 1).AddMonths(1);
            var end = start.AddMonths(1).AddDays(-1);
            return new PortfolioQuery(bands, end.DayNumber - asOf.DayNumber, "next month", end) { RenewalFrom = start };
        }

        if (Has(q, "this month"))
        {
            var end = new DateOnly(asOf.Year, asOf.Month, DateTime.DaysInMonth(asOf.Year, asOf.Month));
            return new PortfolioQuery(bands, end.DayNumber - asOf.DayNumber, "this month", end);
        }

        var days = DaysRegex().Match(q);
        if (days.Success)
        {
            var n = int.Parse(days.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture) * (days.Groups["unit"].Value.StartsWith('w') ? 7 : days.Groups["unit"].Value.StartsWith('m') ? 30 : 1);
            return new PortfolioQuery(bands, n, $"in the next {n} days", asOf.AddDays(n));
        }

        if (Has(q, "renew"))
        {
            return new PortfolioQuery(bands, 90, "in the next 90 days", asOf.AddDays(90));
        }

        return new PortfolioQuery(bands, null, null, null);
    }

    private static string Normalize(string text)
    {
        var chars = text.ToLowerInvariant().Replace("'s", "", StringComparison.Ordinal).Replace("’s", "", StringComparison.Ordinal)
            .Select(c => char.IsLetterOrDigit(c) || c == '-' ? c : ' ').ToArray();
        return string.Join(' ', new string(chars).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    private static bool Has(string q, params string[] words) => words.Any(w => q.Contains(w, StringComparison.Ordinal));

    // Words that open names ("First Up", "Best For You", "Fourth Coffee") but far more often a phrase ("what is first
    // on my list", "at best"): said in lower case, they are not taken for a name; said whole, the name still is.
    private static readonly HashSet<string> s_notNames = ["first", "second", "third", "fourth", "fifth", "last", "next", "best", "worst",
        "most", "least", "main", "good", "great", "high", "wide", "blue", "green", "yellow", "this", "that", "these", "those", "their",
        "there", "what", "which", "your", "some", "every", "each", "other", "another", "more", "less", "risk", "renewal", "account", "accounts"];

    private static readonly HashSet<string> s_weakTokens = ["inc", "corp", "ltd", "llc", "the", "and", "group", "company", "systems", "solutions", "global", "health", "services"];

    [GeneratedRegex(@"\b[A-Z]{1,4}-\d{2,}\b")]
    private static partial Regex IdRegex();

    [GeneratedRegex(@"(?<name>[A-Z][\w&.\-]*(?: [A-Z][\w&.\-]*){0,3})['’]s\b")]
    private static partial Regex PossessiveRegex();

    [GeneratedRegex(@"\b(?:of|for|about|on|with|at)\s+(?<name>[A-Z][\w&.\-]*(?: [A-Z][\w&.\-]*){0,3})")]
    private static partial Regex PrepositionRegex();

    // After a preposition, or after the verb that opens a question about its subject ("is northwind a good reference?",
    // "when does woodgrove renew?", "how many seats does northwind use?"); not after a verb anywhere.
    [GeneratedRegex(@"(?:\b(?:of|for|about|on|with|at)|^\s*(?:is|are|does|did|has|have|will|would|should|can|could)|\b(?:how|when|where|why|what|who|how\s+many\s+\w+|how\s+much\s+\w+|what\s+\w+)\s+(?:is|are|does|did|has|will|was))\s+(?=(?<words>[a-z0-9][\w&.\-]*(?: (?!(?:of|for|about|on|with|at)\b)[a-z0-9][\w&.\-]*){0,3}))")]
    private static partial Regex LowercaseMentionRegex();

    [GeneratedRegex(@"\b(?:they|their|them|theirs|it|its)\b|\b(?:the|this|that)\s+(?:account|customer|client|champion|sponsor|renewal|contract|score|health|tickets?|stakeholders?)\b")]
    private static partial Regex AccountReferenceRegex();

    [GeneratedRegex(@"\b(?:red|yellow|green|at[- ]risk|any)\s+accounts\b|\baccounts\s+(?:at risk|renewing|that|with|in)\b")]
    private static partial Regex AccountsByKindRegex();

    // Words as written, a possessive kept on its word ("Alex's").
    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’]s\b)?")]
    private static partial Regex WordRegex();

    [GeneratedRegex(@"^(?:how\s+(?:do|does|should|can|would)\s+(?:i|we|you|one|a\s+csm)\b|how\s+to\b|what\s+(?:is|are)\s+(?:a|an|the\s+best|the\s+signs|good)\b|what's\s+(?:a|an|the\s+best)\b|any\s+tips\b|best\s+practices?\b|why\s+do\s+(?:customers|accounts|champions)\b)")]
    private static partial Regex HowToRegex();

    [GeneratedRegex(@"\b(?:top\s+(?<n>\d{1,2})\s+(?:\w+\s+)?accounts|(?:biggest|largest|top)\s+(?:\w+\s+)?accounts|accounts\s+by\s+(?:arr|revenue|size))\b")]
    private static partial Regex LargestRegex();

    [GeneratedRegex(@"\b(?:csms|which csm|by csm|per csm|each csm|who on my team|team members?)\b")]
    private static partial Regex TeamBreakdownRegex();

    [GeneratedRegex(@"\b(?:compar(?:e|ed|ing|ison)|vs|versus)\b")]
    private static partial Regex CompareRegex();

    [GeneratedRegex(@"\b(?:any(?!\s+(?:tips|advice|ideas|suggestions|guidance))|which|how many|who has|who else|list|accounts|customers)\b")]
    private static partial Regex AcrossAccountsRegex();

    [GeneratedRegex(@"\b(?:which|how many|accounts|customers)\b")]
    private static partial Regex AcrossAccountsInConversationRegex();

    [GeneratedRegex(@"\b(?:portfolio|my accounts|book of business|my team|our team|arr|at risk|step in|renewals)\b")]
    private static partial Regex PortfolioWideRegex();

    [GeneratedRegex(@"(?:next|in|within)\s+(?<n>\d{1,3})\s*(?<unit>days?|weeks?|months?)")]
    private static partial Regex DaysRegex();
}
