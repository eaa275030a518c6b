using System.Numerics.Tensors;
using System.Text;
using System.Text.RegularExpressions;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Core;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Import;
using CopilotBot.Knowledge;
using CopilotBot.Knowledge.Embeddings;
using Microsoft.Extensions.Options;

namespace CopilotBot.Copilot.Understanding;

/// <summary>
/// Understands a question offline: names are linked to the asker's data (<see cref="EntityLinker"/>) and replaced by
/// neutral ones, then the question is classified by its nearest labelled utterances in a sentence-embedding space;
/// too far from all of them, it is out of scope. The conversation fills in what a follow-up leaves out: "and
/// fabrikam?" repeats the last question for another account, "the second one" picks from the last list, "and their
/// renewal?" keeps the account.
/// </summary>
public sealed partial class QuestionUnderstander
{
    /// <summary>Below this similarity to the nearest labelled utterance a question is out of scope.</summary>
    internal const double OutOfScopeBelow = 0.35;

    // Words that carry no request of their own: a message of nothing else ("and fabrikam?", "what about the second
    // one?", "same for litware") continues the previous question with a new subject.
    private static readonly HashSet<string> s_connectives =
    [
        "and", "or", "what", "whats", "about", "how", "hows", "the", "a", "an", "for", "with", "of", "to", "on", "at", "in",
        "now", "then", "same", "too", "also", "do", "does", "please", "pls", "plz", "ok", "okay", "so", "one", "ones", "is",
        "it", "that", "this", "there", "here", "me", "again", "you", "can", "could", "u", "thing", "next",
        "instead", "but", "let", "lets", "try", "tell", "more", "hmm", "yes", "yeah", "no", "nope", "sure", "i", "mean", "meant",
        "actually", "sorry", "oh", "ah", "well", "go", "check", "look", "pull", "up", "gimme", "give", "show",
    ];

    private static readonly string[] s_ordinals = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];

    // What was learned from a set of files, once per process: hosts and tests build several service providers.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Learned>> s_learned = new(StringComparer.Ordinal);

    private readonly SentenceEmbeddingGenerator _model;
    private readonly Lazy<Learned> _learned;

    public QuestionUnderstander(SentenceEmbeddingGenerator model, IOptions<CopilotOptions> copilot, IOptions<KnowledgeOptions> knowledge)
    {
        _model = model;
        var knowledgePath = copilot.Value.KnowledgePath;
        var utterances = Path.Combine(knowledgePath, "understanding", "utterances.jsonl");
        var sample = Path.Combine(knowledgePath, "sample-portfolio");
        var playbooks = Path.GetFullPath(knowledge.Value.PlaybooksDirectory, knowledgePath);
        var key = string.Join('|', utterances, File.GetLastWriteTimeUtc(utterances).Ticks, sample, playbooks);
        _learned = s_learned.GetOrAdd(key, _ => new Lazy<Learned>(
            () => Learn(LabelledUtterances.Read(utterances).Where(u => !u.IsHeldOut).ToList(), sample, playbooks),
            LazyThreadSafetyMode.ExecutionAndPublication));
    }

    /// <summary>The ordinary words of the language (for the linker and the evaluation).</summary>
    public Vocabulary Vocabulary => _learned.Value.Vocabulary;

    /// <summary>Learns the labelled utterances now rather than on the first question.</summary>
    public void Warm() => _ = _learned.Value;

    public AskUnderstanding Understand(string question, LinkingData data, ConversationState state, DateOnly asOf)
    {
        var learned = _learned.Value;
        var entities = learned.Linker.Link(question, data, state.AccountId, state.CandidateAccountIds);
        if (entities.Account.Resolution == AccountResolution.None && learned.Linker.PickFromFamily(question, Family(learned.Linker, data, state)) is var (member, span)
            && (state.CandidateAccountIds.Count > 0 || ContentWords(ChatText.Words(Mask(question, [.. entities.Spans, span])).Select(w => w.Text)).Count <= 2))
        {
            // Unasked, only a short reply switches to a namesake ("and the logistics one?", "logistics usage?"): "how is
            // their university partnership going" stays on Contoso Pharmaceuticals.
            // The name's other words are no unknown name: "pharma" after "contoso" is Contoso Pharmaceuticals.
            entities = entities with
            {
                Account = new AccountReference(AccountResolution.Named, member, question.Substring(span.Start, span.Length)),
                Spans = [.. entities.Spans, span],
                UnknownName = null,
            };
        }

        var masked = Mask(question, entities.Spans);
        var words = ChatText.Words(masked).Select(w => w.Text).ToList();
        var unknownWords = entities.UnknownName is { } name ? ChatText.Words(name).Select(w => w.Text).ToHashSet() : [];
        var content = ContentWords(words.Where(w => !unknownWords.Contains(w)));
        // An ordinal picks from a list only when there is one, or when it is all the message says ("the second one"):
        // "which accounts should i call first today" and "the 4th floor" pick nothing.
        var listIndex = state.ListAccountIds.Count > 0 || content.Count == 0 ? ListIndex(masked, state.ListAccountIds.Count) : null;

        var previous = state.Intent is { } last && Enum.TryParse<AskIntent>(last, out var lastIntent) ? lastIntent : (AskIntent?)null;
        var newSubject = entities.Account.Resolution != AccountResolution.None || entities.Colleagues.Count > 0 || listIndex is not null
            || entities.UnknownName is not null;
        AskIntent intent;
        DraftKind? kind;
        double confidence;
        bool continues = false;
        if (content.Count == 0 && newSubject && previous is { } again)
        {
            // A list answered (the asker's, a colleague's, their priorities), then "the second one": the account itself,
            // on what the list was about (a list of renewals: its renewal), else its health.
            intent = listIndex is not null && !AskIntents.NeedsAccount(again) ? state.Filters?.RenewalBy is null ? AskIntent.Health : AskIntent.Renewal : again;
            kind = intent == AskIntent.Draft ? ParseKind(state.Kind) : null;
            confidence = 1;
            continues = true;
        }
        else
        {
            // Typos of the copilot's words are read as the words ("whats my comission"), by the model and by the words shared.
            var corrected = Corrected(masked, learned.Vocabulary);
            (intent, kind, confidence) = learned.Classify(_model.Embed(corrected), [.. ChatText.Words(corrected).Select(w => w.Text)]);
        }

        // "northwind, contoso, fabrikam - which is worst?" asks of each account named, as "why those 3?" asks of each
        // listed; a draft is of one account, the first named.
        var sideBySide = entities.SideBySide.Count >= 2 && intent != AskIntent.Draft;
        IReadOnlyList<string> listed = sideBySide ? [.. entities.SideBySide.Select(a => a.AccountId)]
            : state.ListAccountIds.Count > 0 && words.Any(w => w is "those" or "these" or "them" or "all") ? state.ListAccountIds : [];
        var asksOfEach = listed.Count > 0;
        var account = entities.Account;
        if (account.Resolution == AccountResolution.None && listIndex is { } pick)
        {
            // A pick past the end of the list is no account at all, never the conversation's.
            account = pick <= state.ListAccountIds.Count
                && data.Visible.FirstOrDefault(a => string.Equals(a.AccountId, state.ListAccountIds[pick - 1], StringComparison.OrdinalIgnoreCase)) is { } picked
                ? new AccountReference(AccountResolution.Named, picked, $"#{pick}")
                : new AccountReference(AccountResolution.Missing, Said: $"number {pick} of the last list");
        }

        if (account.Resolution == AccountResolution.None && entities.UnknownName is { } unknown && (AskIntents.NeedsAccount(intent) || continues))
        {
            account = new AccountReference(AccountResolution.Missing, Said: unknown);
        }

        if (account.Resolution == AccountResolution.None && state.AccountId is { } contextId && !asksOfEach
            && data.Visible.FirstOrDefault(a => string.Equals(a.AccountId, contextId, StringComparison.OrdinalIgnoreCase)) is { } current)
        {
            account = new AccountReference(AccountResolution.FromConversation, current);
        }

        var filters = PortfolioFilters.Read(question, asOf);
        // Someone with no team who asks for a filtered view of it ("my team's red accounts") asks for their own accounts.
        if (intent == AskIntent.Team && !filters.IsEmpty && data.Asker.Role is not (UserRole.Manager or UserRole.Admin))
        {
            intent = AskIntent.Portfolio;
        }

        if (sideBySide)
        {
            filters = filters with { AccountIds = listed };
        }
        else if (asksOfEach)
        {
            filters = (state.Filters ?? PortfolioQuery.None) with { AccountIds = listed };
        }
        else if (intent == AskIntent.Portfolio && continues is false && state.Filters is { } earlier && filters.IsEmpty is false && previous == AskIntent.Portfolio && content.Count <= 3)
        {
            // "and the ones renewing next month?" after "my red accounts": the new filter narrows the old one.
            filters = Narrow(earlier, filters);
        }

        // "draft an email to him" after "victor's account...": the contact the conversation last named there.
        var spans = entities.Spans;
        var contact = entities.Contact;
        if (contact is null && account.Resolution == AccountResolution.FromConversation
            && ChatText.Words(question).FirstOrDefault(w => w.Text is "him" or "her") is { Length: > 0 } pronoun
            && data.Contacts.FirstOrDefault(c => c.ContactId == state.ContactId && c.AccountId == account.Account!.AccountId) is { } named)
        {
            (contact, spans) = (named, [.. spans, new LinkedSpan(pronoun.Start, pronoun.Length, EntityLinker.ContactPlaceholder)]);
        }

        return new AskUnderstanding(intent, kind, account)
        {
            Confidence = confidence,
            Contact = contact,
            Colleagues = entities.Colleagues,
            Filters = filters,
            ListIndex = listIndex,
            ListAccountIds = listed,
            Continues = continues,
            AsksWhy = WhyRegex().IsMatch(question),
            Purpose = kind == DraftKind.Email ? AfterLastName(question, spans) : null,
        };
    }

    /// <summary>
    /// The accounts a short reply may choose between: those the last answer asked about ("which one?"), else the
    /// conversation's account and the visible accounts whose name starts with the same word.
    /// </summary>
    private static IReadOnlyList<Account> Family(EntityLinker linker, LinkingData data, ConversationState state)
    {
        if (state.CandidateAccountIds.Count > 0)
        {
            return [.. data.Visible.Where(a => state.CandidateAccountIds.Contains(a.AccountId, StringComparer.OrdinalIgnoreCase))];
        }

        return state.AccountId is { } id && data.Visible.FirstOrDefault(a => string.Equals(a.AccountId, id, StringComparison.OrdinalIgnoreCase)) is { } current
            ? linker.Namesakes(current, data)
            : [];
    }

    /// <summary>The draft kind a label names ("remediation-plan", "email"); null when this build has no such kind.</summary>
    public static DraftKind? ParseKind(string? name) => DraftCatalogue.TryParse(name, out var info) ? info.Kind : null;

    private static PortfolioQuery Narrow(PortfolioQuery earlier, PortfolioQuery added) => earlier with
    {
        Bands = added.Bands.Count > 0 ? added.Bands : earlier.Bands,
        RenewalBy = added.RenewalBy ?? earlier.RenewalBy,
        RenewalFrom = added.RenewalBy is null ? earlier.RenewalFrom : added.RenewalFrom,
        RenewalWithinDays = added.RenewalBy is null ? earlier.RenewalWithinDays : added.RenewalWithinDays,
        WindowLabel = added.RenewalBy is null ? earlier.WindowLabel : added.WindowLabel,
        Flags = [.. earlier.Flags.Union(added.Flags)],
        Signals = [.. earlier.Signals.Union(added.Signals)],
        LargestFirst = added.LargestFirst ?? earlier.LargestFirst,
    };

    // "draft an email to tomas alvarez asking for a call next week": the request is before the name, the purpose after it.
    private static string? AfterLastName(string question, IReadOnlyList<LinkedSpan> spans)
    {
        if (spans.Count == 0) return null;
        var end = spans.Max(s => s.Start + s.Length);
        var rest = question[end..];
        if (rest.StartsWith("'s", StringComparison.Ordinal) || rest.StartsWith("’s", StringComparison.Ordinal)) rest = rest[2..];
        rest = rest.TrimStart(',', ':', '-', ' ').Trim().TrimEnd('?', '.', '!');
        return rest.Length == 0 ? null : rest;
    }

    /// <summary>The place in the last list a message picks; the last one said when it says several ("the last one... i mean the 3rd").</summary>
    private static int? ListIndex(string masked, int listCount)
    {
        var words = ChatText.Words(masked);
        (int At, int Index)? pick = null;
        for (var i = 0; i < words.Count; i++)
        {
            var ordinal = Array.IndexOf(s_ordinals, words[i].Text);
            var one = i + 1 < words.Count && words[i + 1].Text == "one";
            int? index = ordinal >= 0 ? ordinal + 1
                : words[i].Text == "top" && one ? 1
                : words[i].Text == "last" && one && listCount > 0 ? listCount
                : null;
            if (index is { } found) pick = (words[i].Start, found);
        }

        if (NumberedRegex().Matches(masked).LastOrDefault() is { } m && (pick is null || m.Index > pick.Value.At))
        {
            pick = (m.Index, int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture));
        }

        return pick?.Index;
    }

    /// <summary>The words that ask for something: not names, connectives ("and", "what about"), ordinals or list words.</summary>
    private static List<string> ContentWords(IEnumerable<string> words) =>
        [.. words.Where(w => !s_connectives.Contains(w) && !IsPlaceholder(w) && !s_ordinals.Contains(w) && !NumberWordRegex().IsMatch(w)
            && w is not ("those" or "these" or "them" or "all"))];

    private static bool IsPlaceholder(string word) => word is "acme" or "jordan" or "lee" or "sam";

    private static string Corrected(string text, Vocabulary vocabulary)
    {
        var corrected = new StringBuilder(text);
        foreach (var word in ChatText.Words(text).Reverse())
        {
            var meant = vocabulary.Corrected(word.Text);
            if (!string.Equals(meant, word.Text, StringComparison.Ordinal)) corrected.Remove(word.Start, word.Length).Insert(word.Start, meant);
        }

        return corrected.ToString();
    }

    internal static string Mask(string question, IReadOnlyList<LinkedSpan> spans)
    {
        if (spans.Count == 0) return question;
        var text = new StringBuilder(question);
        foreach (var span in spans.OrderByDescending(s => s.Start))
        {
            text.Remove(span.Start, span.Length).Insert(span.Start, span.Placeholder);
        }

        return text.ToString();
    }

    private Learned Learn(IReadOnlyList<LabelledUtterance> utterances, string samplePortfolio, string playbooks)
    {
        var sample = new PortfolioReader(TimeProvider.System).Read(samplePortfolio).Portfolio
            ?? throw new InvalidOperationException($"The sample portfolio at {samplePortfolio} does not read: the labelled utterances are linked against it.");
        var playbookWords = Directory.Exists(playbooks)
            ? Directory.EnumerateFiles(playbooks, "*.md").SelectMany(f => LowerCaseWordRegex().Matches(File.ReadAllText(f)).Select(m => m.Value))
            : [];
        var english = SentenceEmbeddingGenerator.WordRanks;
        var vocabulary = new Vocabulary(playbookWords.Concat(s_connectives).Concat(s_ordinals), english);
        var sampleData = new LinkingData(sample.Users[0], sample.Accounts, sample.Accounts, sample.Contacts, sample.Users);
        var linker = new EntityLinker(vocabulary);
        var examples = new List<IntentExample>();
        var chatWords = new List<string>();
        // A name's word said in the utterances ("email omar", "victor's account") is no word of the language: taught as
        // one, it would stop "omar" from ever linking to a colleague or contact of that name. Words of names that the
        // playbooks use ("grace", "will", "blue") are words all the same.
        var nameWords = sample.Contacts.Select(c => c.Name).Concat(sample.Users.Select(u => u.Name)).Concat(sample.Accounts.Select(a => a.Name))
            .SelectMany(name => ChatText.Words(name).Select(w => w.Text))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var utterance in utterances)
        {
            var entities = linker.Link(utterance.Text, sampleData);
            var masked = Mask(utterance.Text, entities.Spans);
            var missing = utterance.Missing is { } name ? ChatText.Words(name).Select(w => w.Text).ToHashSet() : [];
            var words = ChatText.Words(masked).Select(w => w.Text).ToList();
            chatWords.AddRange(words.Where(w => !missing.Contains(w) && !IsPlaceholder(w) && !nameWords.Contains(w)));
            // "and fabrikam?" means what the conversation asked before: the conversation decides it, not the classifier.
            if (ContentWords(words).Count > 0)
            {
                examples.Add(new IntentExample(utterance.Text, _model.Embed(masked), words, utterance.Label));
            }
        }

        var learnedVocabulary = new Vocabulary(playbookWords.Concat(s_connectives).Concat(s_ordinals).Concat(chatWords), english);
        return new Learned(learnedVocabulary, new EntityLinker(learnedVocabulary), examples, new IntentClassifier(examples));
    }

    /// <summary>The classifier in 5-fold cross-validation over the learned half: the figure tuning may look at.</summary>
    public IntentCrossValidation CrossValidate() => IntentClassifier.CrossValidate(_learned.Value.Examples);

    private sealed class Learned(Vocabulary vocabulary, EntityLinker linker, IReadOnlyList<IntentExample> examples, IntentClassifier classifier)
    {
        public Vocabulary Vocabulary { get; } = vocabulary;

        public EntityLinker Linker { get; } = linker;

        public IReadOnlyList<IntentExample> Examples { get; } = examples;

        public (AskIntent Intent, DraftKind? Kind, double Confidence) Classify(float[] question, IReadOnlyList<string> words)
        {
            var prediction = classifier.Predict(question, words);
            if (prediction.NearestSimilarity < OutOfScopeBelow)
            {
                return (AskIntent.OutOfScope, null, prediction.NearestSimilarity);
            }

            var parts = prediction.Label.Split(':');
            return (AskIntents.Parse(parts[0]), parts.Length > 1 ? ParseKind(parts[1]) : null, prediction.Score);
        }
    }

    [GeneratedRegex(@"(?<![\p{L}'’])[a-z]+(?:-[a-z]+)*(?![\p{L}])")]
    private static partial Regex LowerCaseWordRegex();

    [GeneratedRegex(@"(?:#\s*|\bnumber\s+|\bno\.?\s*)(?<n>\d{1,2})\b|\b(?<n>\d{1,2})(?:st|nd|rd|th)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NumberedRegex();

    // "2", "2nd", and the "nd" of "2 nd".
    [GeneratedRegex(@"^(?:\d+|\d*(?:st|nd|rd|th))$")]
    private static partial Regex NumberWordRegex();

    [GeneratedRegex(@"\bwhy\b|\bhow come\b|\bwhat happened\b|\bwhat'?s wrong\b|\bwhat'?s dragging\b", RegexOptions.IgnoreCase)]
    private static partial Regex WhyRegex();
}
