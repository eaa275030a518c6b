using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using CopilotBot.Copilot.Drafting;

namespace CopilotBot.Copilot.Grounding;

/// <summary>What the check kept, what it removed and why, and the counts the evaluation reports.</summary>
public sealed record GroundingResult(IReadOnlyList<DraftSection> Sections, IReadOnlyList<string> Warnings, int Claims, int GroundedClaims, int ItemsRemoved);

/// <summary>
/// Checks every item of a draft against the sources it cites: each number, date, percentage, currency amount
/// and person's name must appear in a cited source or among the figures derived from the cited rows. Items
/// with no valid citation or an unsupported claim are removed and named in the warnings. Runs on every draft,
/// offline and LLM alike.
/// </summary>
public static partial class GroundednessChecker
{
    /// <summary>The title a section gets when the one written for it makes a claim its sources do not support.</summary>
    public const string NeutralTitle = "Notes";

    public static GroundingResult Check(IReadOnlyList<DraftSection> sections, CitationLedger ledger, IReadOnlyCollection<string> knownPeople)
    {
        ArgumentNullException.ThrowIfNull(sections);
        ArgumentNullException.ThrowIfNull(ledger);
        var derived = string.Join('\n', ledger.Derived);
        var derivedFacts = Facts.Of(derived);
        var corpus = ledger.Corpus();
        var warnings = new List<string>();
        var kept = new List<DraftSection>();
        int claims = 0, grounded = 0, removed = 0;
        foreach (var section in sections)
        {
            var items = new List<DraftItem>();
            var sectionWarnings = new List<(bool Uncited, IReadOnlyList<Claim> Unsupported)>();
            foreach (var item in section.Items)
            {
                var ids = item.Citations.Select(ledger.Resolve).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
                var text = StripMarkers(item.Text);
                var claimsOfItem = ExtractClaims(text, knownPeople, corpus);
                claims += claimsOfItem.Count;
                if (ids.Count == 0)
                {
                    removed++;
                    sectionWarnings.Add((true, []));
                    continue;
                }

                var unsupported = Unsupported(claimsOfItem, ids, ledger, derived, derivedFacts);
                grounded += claimsOfItem.Count - unsupported.Count;
                if (unsupported.Count > 0)
                {
                    removed++;
                    sectionWarnings.Add((false, unsupported));
                    continue;
                }

                items.Add(new DraftItem(text, ids));
            }

            // A title is text shown to the user like any item: it may only say what the section's kept sources support.
            var title = StripMarkers(section.Title);
            var titleClaims = ExtractClaims(title, knownPeople, corpus);
            var titleIds = items.SelectMany(i => i.Citations).Distinct(StringComparer.Ordinal).ToList();
            var titleUnsupported = titleIds.Count == 0 ? titleClaims : Unsupported(titleClaims, titleIds, ledger, derived, derivedFacts);
            var titleKept = titleUnsupported.Count == 0 && title.Length > 0;
            // Warnings name a section only by a title that passed the check: a warning must not carry an unchecked claim.
            var named = titleKept ? $"\"{title}\"" : "a section";
            foreach (var (uncited, unsupported) in sectionWarnings)
            {
                warnings.Add(uncited
                    ? $"Removed a statement from {named} that cites no source."
                    : $"Removed a statement from {named}: {Describe(unsupported)} not found in its cited sources.");
            }

            if (items.Count > 0)
            {
                if (!titleKept && titleClaims.Count > 0)
                {
                    warnings.Add($"Replaced a section title: {Describe(titleUnsupported)} not found in the section's sources.");
                }

                kept.Add(new DraftSection(titleKept ? title : NeutralTitle, items));
            }
        }

        return new GroundingResult(kept, warnings, claims, grounded, removed);
    }

    private static List<Claim> Unsupported(IReadOnlyList<Claim> claims, List<string> ids, CitationLedger ledger, string derived, Facts derivedFacts)
    {
        if (claims.Count == 0)
        {
            return [];
        }

        var cited = string.Join('\n', ids.Select(ledger.TextOf));
        var citedFacts = ids.Select(id => Facts.OfSource(ledger.TextOf(id))).ToList();
        return [.. claims.Where(c => !Supported(c, cited, citedFacts, derived, derivedFacts, ledger.PlanWindow, ids.Count))];
    }

    /// <summary>What kind of claims failed, counted, never quoted: the claim itself may be the invention.</summary>
    public static string Describe(IReadOnlyCollection<Claim> unsupported)
    {
        ArgumentNullException.ThrowIfNull(unsupported);
        var parts = new List<string>();
        foreach (var (kind, singular, plural) in new[] { (ClaimKind.Number, "figure", "figures"), (ClaimKind.Date, "date", "dates"), (ClaimKind.Person, "name", "names") })
        {
            var count = unsupported.Count(c => c.Kind == kind);
            if (count > 0)
            {
                parts.Add($"{count} {(count == 1 ? singular : plural)}");
            }
        }

        return parts.Count == 0 ? "a claim" : string.Join(" and ", parts);
    }

    /// <summary>The checkable claims of a text: dates, figures and people's names.</summary>
    public static IReadOnlyList<Claim> ExtractClaims(string text, IReadOnlyCollection<string> knownPeople, string corpus)
    {
        var claims = new List<Claim>();
        var rest = text;
        foreach (Match m in DateRegex().Matches(rest))
        {
            if (TryParseDate(m.Value, out var date))
            {
                claims.Add(new Claim(ClaimKind.Date, m.Value, date.DayNumber));
            }
        }

        rest = DateRegex().Replace(rest, " ");
        foreach (Match m in NumberRegex().Matches(rest))
        {
            claims.Add(new Claim(ClaimKind.Number, m.Value.Trim(), ParseNumber(m)));
        }

        foreach (var person in knownPeople)
        {
            if (person.Length > 0 && text.Contains(person, StringComparison.Ordinal))
            {
                claims.Add(new Claim(ClaimKind.Person, person, 0));
            }
        }

        foreach (Match m in NameLikeRegex().Matches(text))
        {
            var words = m.Value.Split(' ').SkipWhile(w => s_commonWords.Contains(w)).ToList();
            var candidate = string.Join(' ', words.TakeWhile(w => !s_commonWords.Contains(w)));
            if (!candidate.Contains(' ', StringComparison.Ordinal) && words.Count > 1)
            {
                // "Umbrella Health": a proper name followed by a common word still names something (another account).
                candidate = words[0] + " " + words[1];
            }

            if (candidate.Contains(' ', StringComparison.Ordinal)
                && !knownPeople.Any(p => p.Contains(candidate, StringComparison.Ordinal) || candidate.Contains(p, StringComparison.Ordinal))
                && !corpus.Contains(candidate, StringComparison.OrdinalIgnoreCase))
            {
                claims.Add(new Claim(ClaimKind.Person, candidate, 0));
            }
        }

        return claims;
    }

    private static bool Supported(Claim claim, string cited, List<Facts> citedFacts, string derived, Facts derivedFacts, (DateOnly From, DateOnly To)? window, int citedCount) =>
        claim.Kind switch
        {
            ClaimKind.Date => citedFacts.Exists(f => f.Dates.Contains((int)claim.Value)) || derivedFacts.Dates.Contains((int)claim.Value)
                || (window is { } w && claim.Value >= w.From.DayNumber && claim.Value <= w.To.DayNumber),
            ClaimKind.Number => citedFacts.Exists(f => f.Matches(claim)) || derivedFacts.Matches(claim)
                || (claim.Value == Math.Floor(claim.Value) && claim.Value >= 0 && claim.Value <= citedCount),
            _ => cited.Contains(claim.Raw, StringComparison.Ordinal) || derived.Contains(claim.Raw, StringComparison.Ordinal),
        };

    private static string StripMarkers(string text) => MarkerRegex().Replace(text, "").Trim();

    private static bool TryParseDate(string value, out DateOnly date) =>
        TryParseIsoDate(value, out date)
        || DateOnly.TryParseExact(value.Replace(",", "", StringComparison.Ordinal),
            ["MMMM d yyyy", "MMM d yyyy", "d MMMM yyyy", "d MMM yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    // Nearly every date in a draft is ISO; the general parser is the checker's hottest path without this.
    private static bool TryParseIsoDate(string value, out DateOnly date)
    {
        date = default;
        var span = value.AsSpan();
        if (span.Length != 10 || span[4] != '-' || span[7] != '-'
            || !int.TryParse(span[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(span[5..7], NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || !int.TryParse(span[8..], NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    private static decimal ParseNumber(Match m)
    {
        var value = decimal.Parse(m.Groups["num"].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        return m.Groups["suf"].Value.ToLowerInvariant() switch
        {
            "k" => value * 1_000m,
            "m" or "million" => value * 1_000_000m,
            "bn" or "billion" => value * 1_000_000_000m,
            _ => value,
        };
    }

    /// <summary>The dates and figures found in a text; never changed once parsed.</summary>
    private sealed class Facts
    {
        // Drafts cite the same rows and passages over and over, within a draft and across a conversation: a source's
        // figures are parsed once while it stays among the most recent sources. When full, the set starts over.
        private const int MaxKeptSources = 4096;
        private static readonly ConcurrentDictionary<string, Facts> s_ofSource = new(StringComparer.Ordinal);

        public HashSet<int> Dates { get; } = [];

        private readonly List<decimal> _numbers = [];
        private readonly HashSet<decimal> _exact = [];

        /// <summary><see cref="Of"/> for a cited source's text.</summary>
        public static Facts OfSource(string text)
        {
            if (s_ofSource.TryGetValue(text, out var known))
            {
                return known;
            }

            if (s_ofSource.Count >= MaxKeptSources)
            {
                s_ofSource.Clear();
            }

            return s_ofSource[text] = Of(text);
        }

        public static Facts Of(string text)
        {
            var facts = new Facts();
            foreach (Match m in DateRegex().Matches(text))
            {
                if (TryParseDate(m.Value, out var date))
                {
                    facts.Dates.Add(date.DayNumber);
                }
            }

            foreach (Match m in NumberRegex().Matches(DateRegex().Replace(text, " ")))
            {
                var number = ParseNumber(m);
                facts._numbers.Add(number);
                facts._exact.Add(number);
            }

            return facts;
        }

        /// <summary>Equal, or equal once the source is rounded to the claim's precision (41.7 supports 42).</summary>
        public bool Matches(Claim claim)
        {
            // Most claims repeat a figure exactly: a lookup settles them before any rounding arithmetic.
            if (_exact.Contains(claim.Value) || _exact.Contains(-claim.Value))
            {
                return true;
            }

            var decimals = claim.Raw.Contains('.', StringComparison.Ordinal) ? claim.Raw.Length - claim.Raw.IndexOf('.', StringComparison.Ordinal) - 1 : 0;
            decimals = Math.Clamp(decimals, 0, 4);
            var tolerance = 0.5m * (decimal)Math.Pow(10, -decimals);
            return _numbers.Any(n => n == claim.Value || Math.Abs(n - claim.Value) < tolerance || Math.Abs(-n - claim.Value) < tolerance);
        }
    }

    [GeneratedRegex(@"\[C\d+\]")]
    private static partial Regex MarkerRegex();

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}\b|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2},? \d{4}\b|\b\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{4}\b")]
    private static partial Regex DateRegex();

    [GeneratedRegex(@"(?<![\w.\-/#@])[-+]?(?<cur>[$€£])?(?<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s?(?<suf>%|k|K|M|million|bn|billion)\b|%)?(?![\w\-]|\.\d)")]
    private static partial Regex NumberRegex();

    [GeneratedRegex(@"\b[A-Z][a-z]+(?:['\-][A-Z]?[a-z]+)?(?: [A-Z][a-z]+(?:['\-][A-Z]?[a-z]+)?){1,3}\b")]
    private static partial Regex NameLikeRegex();

    /// <summary>Capitalized words that start sentences or name roles and things, never people.</summary>
    private static readonly HashSet<string> s_commonWords = new(StringComparer.Ordinal)
    {
        "A", "An", "The", "This", "That", "These", "Those", "Our", "Their", "Your", "My", "We", "They", "It", "If", "When", "Before",
        "After", "During", "By", "For", "From", "In", "On", "At", "With", "Without", "To", "Of", "And", "Or", "But", "Not", "No", "Yes",
        "Ask", "Agree", "Align", "Book", "Bring", "Build", "Call", "Check", "Close", "Confirm", "Run", "Review", "Schedule", "Set", "Share",
        "Meet", "Open", "Escalate", "Identify", "Invite", "Introduce", "Map", "Offer", "Plan", "Prepare", "Present", "Propose", "Re-engage",
        "Reach", "Recap", "Restore", "Send", "Start", "Secure", "Show", "Walk", "Win", "Follow", "Use", "Get", "Keep", "Make", "Name", "Hold",
        "Executive", "Sponsor", "Champion", "Detractor", "Economic", "Technical", "Buyer", "End", "User", "Users", "Support", "Professional",
        "Services", "Success", "Customer", "Manager", "Account", "Accounts", "Team", "Health", "Score", "Renewal", "Renewals", "Risk", "Risks",
        "Quarterly", "Business", "Review", "QBR", "Plan", "Playbook", "Playbooks", "Adoption", "Relationship", "Outcomes", "Outcome", "Sentiment",
        "Value", "Goal", "Goals", "Agenda", "Questions", "Snapshot", "Stakeholders", "Diagnosis", "Actions", "Action", "Owner", "Due", "Measure",
        "Root", "Cause", "Causes", "Hypothesis", "Red", "Yellow", "Green", "Band", "Trend", "Flag", "Flags", "Open", "Issues", "Since", "Last",
        "Touch", "Next", "Days", "Weeks", "Portfolio", "Expansion", "Opportunities", "Asks", "Wins", "Early", "Market", "Chasm", "Tornado",
        "Main", "Street", "Stage", "Enterprise", "Mid", "Smb", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
        "January", "February", "March", "April", "June", "July", "August", "September", "October", "November", "December", "Q1", "Q2", "Q3", "Q4",
        "NPS", "CSAT", "ARR", "ROI", "CSM", "P1", "P2", "Who", "What", "Why", "How", "Which", "Where", "Is", "Are", "Was", "Were", "Has", "Have",
        "Do", "Does", "Did", "Can", "Could", "Would", "Should", "Will", "Let", "Note", "Notes", "Also", "Then", "Now", "Today", "Until",
        "Hi", "Hello", "Dear", "Thanks", "Thank", "Best", "Regards", "Subject", "Context", "Message", "Following",
    };
}

/// <summary>Kinds of checkable claim.</summary>
public enum ClaimKind { Date, Number, Person }

/// <summary>One checkable claim: its text as written and, for dates and figures, its value.</summary>
public sealed record Claim(ClaimKind Kind, string Raw, decimal Value);
