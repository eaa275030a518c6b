using CopilotBot.Copilot.Drafting;
using CopilotBot.Core.Domain;

namespace CopilotBot.Copilot.Understanding;

/// <summary>What a free question asks for; the labels of <c>knowledge/understanding/utterances.jsonl</c>.</summary>
public enum AskIntent
{
    Help, Thanks, Health, Renewal, Stakeholders, Tickets, Outcomes, Usage, Activity, Feedback, Draft, Portfolio, Team,
    Priorities, Guidance, OutOfScope, UnsupportedAction,
}

/// <summary>The labels of <see cref="AskIntent"/> as the utterance file writes them.</summary>
public static class AskIntents
{
    private static readonly Dictionary<string, AskIntent> s_byLabel = Enum.GetValues<AskIntent>()
        .ToDictionary(Label, i => i, StringComparer.OrdinalIgnoreCase);

    public static string Label(AskIntent intent) => intent switch
    {
        AskIntent.OutOfScope => "out-of-scope",
        AskIntent.UnsupportedAction => "unsupported-action",
        _ => intent.ToString().ToLowerInvariant(),
    };

    public static AskIntent Parse(string label) =>
        s_byLabel.TryGetValue(label, out var intent) ? intent : throw new FormatException($"unknown intent '{label}'");

    /// <summary>Intents whose answer is about one account.</summary>
    public static bool NeedsAccount(AskIntent intent) => intent is AskIntent.Health or AskIntent.Renewal or AskIntent.Stakeholders
        or AskIntent.Tickets or AskIntent.Outcomes or AskIntent.Usage or AskIntent.Activity or AskIntent.Feedback or AskIntent.Draft;
}

/// <summary>How the account a question is about was resolved.</summary>
public enum AccountResolution
{
    /// <summary>The question names no account and the conversation has none.</summary>
    None,

    /// <summary>Named, or picked from the previous answer's list.</summary>
    Named,

    /// <summary>Not named: the conversation's account.</summary>
    FromConversation,

    /// <summary>A name that matches several of the asker's accounts equally: the answer asks which.</summary>
    Ambiguous,

    /// <summary>A name that matches none of the asker's accounts (whether it exists or not).</summary>
    Missing,
}

/// <summary>The account a question is about, or why there is none.</summary>
public sealed record AccountReference(AccountResolution Resolution, Account? Account = null, string? Said = null, IReadOnlyList<Account>? Candidates = null)
{
    /// <summary>Of an ambiguous name, the candidate whose whole name it is ("relecloud": Relecloud, beside Relecloud Industries).</summary>
    public Account? Whole { get; init; }

    public static readonly AccountReference NoAccount = new(AccountResolution.None);
}

/// <summary>
/// One question, understood: what it asks, about what, and how the conversation resolved it. Produced offline by
/// <see cref="QuestionUnderstander"/> from labelled utterances and the asker's visible data.
/// </summary>
public sealed record AskUnderstanding(AskIntent Intent, DraftKind? Kind, AccountReference Account)
{
    /// <summary>How close the nearest labelled utterances were (cosine, 0-1); low means the question was far from all of them.</summary>
    public double Confidence { get; init; }

    /// <summary>A contact the question names (their account is <see cref="Account"/>).</summary>
    public Contact? Contact { get; init; }

    /// <summary>Colleagues the question names ("how is alex doing", "compare Alex and Isaiah").</summary>
    public IReadOnlyList<User> Colleagues { get; init; } = [];

    /// <summary>Filters of a portfolio question ("renewing next quarter and red").</summary>
    public PortfolioQuery Filters { get; init; } = PortfolioQuery.None;

    /// <summary>"The second one" (1-based) from the previous answer's list.</summary>
    public int? ListIndex { get; init; }

    /// <summary>"Why those 3?": the previous answer's list as a whole.</summary>
    public IReadOnlyList<string> ListAccountIds { get; init; } = [];

    /// <summary>The question repeats the previous question's intent for another subject ("and fabrikam?").</summary>
    public bool Continues { get; init; }

    /// <summary>Asks why (the health answer then explains the drop rather than listing components).</summary>
    public bool AsksWhy { get; init; }

    /// <summary>What a message to write is about: what follows the last name in the request ("asking for a call next week").</summary>
    public string? Purpose { get; init; }

    /// <summary>One line for people: "draft:remediation-plan · Proseware Inc (A-1008), named · 0.97".</summary>
    public string Describe()
    {
        var what = AskIntents.Label(Intent) + (Kind is { } kind ? ":" + Format.Kind(kind) : "");
        var about = Account.Resolution switch
        {
            AccountResolution.Named or AccountResolution.FromConversation => $"{Account.Account!.Name} ({Account.Account.AccountId}), {(Account.Resolution == AccountResolution.Named ? "named" : "from the conversation")}",
            AccountResolution.Ambiguous => $"\"{Account.Said}\" is ambiguous: {string.Join(", ", Account.Candidates!.Select(a => a.AccountId))}",
            AccountResolution.Missing => $"\"{Account.Said}\" is none of the asker's accounts",
            _ => "no account",
        };
        var extra = string.Concat(
            Contact is null ? "" : $" · contact {Contact.Name}",
            Colleagues.Count == 0 ? "" : $" · colleagues {string.Join(", ", Colleagues.Select(c => c.Name))}",
            ListIndex is { } index ? $" · item {index} of the last list" : "",
            ListAccountIds.Count > 0 ? $" · the last list ({ListAccountIds.Count})" : "",
            Continues ? " · continues the last question" : "");
        return FormattableString.Invariant($"{what} · {about}{extra} · {Confidence:0.00}");
    }
}

/// <summary>
/// What a conversation remembers between turns: the account, the last answer's list (in its order), the last intent,
/// draft kind and filter, so that "and their renewal?", "the second one" and "and fabrikam?" are understood.
/// </summary>
public sealed record ConversationState
{
    public static readonly ConversationState Empty = new();

    // A list longer than an answer names is not picked from by position.
    private const int MaxListed = PortfolioFilters.MaxListedAccounts;

    /// <summary>The state a host stored (<see cref="ToJson"/>); empty when there is none or it does not read.</summary>
    public static ConversationState FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return Empty;
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<ConversationState>(json) ?? Empty;
        }
        catch (System.Text.Json.JsonException)
        {
            return Empty;
        }
    }

    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this with { ListAccountIds = [.. ListAccountIds.Take(MaxListed)] });

    public string? AccountId { get; init; }

    public string? Intent { get; init; }

    public string? Kind { get; init; }

    public IReadOnlyList<string> ListAccountIds { get; init; } = [];

    /// <summary>The accounts the last answer asked the user to choose between ("Coho Winery or Coho Media?").</summary>
    public IReadOnlyList<string> CandidateAccountIds { get; init; } = [];

    public PortfolioQuery? Filters { get; init; }

    public string? ColleagueEmail { get; init; }

    /// <summary>The contact last named at the conversation's account, whom "draft an email to him" means.</summary>
    public string? ContactId { get; init; }

    /// <summary>The conversation's latest questions and answers, for a model that leads (bounded by Copilot:Llm:MaxRememberedMessages).</summary>
    public IReadOnlyList<ConversationMessage> Messages { get; init; } = [];
}
