using System.Text.Json.Serialization;
using CopilotBot.Core.Health;
using CopilotBot.Copilot.Understanding;
using CopilotBot.Core.Portfolio;

namespace CopilotBot.Copilot.Drafting;

/// <summary>The drafted artefacts; <see cref="DraftCatalogue"/> describes each (name, title, sections, prompt, composer).</summary>
public enum DraftKind { RemediationPlan, DiscoveryQuestions, RenewalTalkingPoints, PreCallBrief, AccountSummary, Email }

/// <summary>A cited source: a data row (<c>tickets.csv#T-1042</c>) or a playbook passage (<c>playbooks/x.md#anchor</c>).</summary>
public sealed record Citation(string Id, string Type, string Source, string Excerpt);

/// <summary>One sentence or bullet of a draft and the citations that ground it.</summary>
public sealed record DraftItem(string Text, IReadOnlyList<string> Citations);

/// <summary>A titled group of items.</summary>
public sealed record DraftSection(string Title, IReadOnlyList<DraftItem> Items);

/// <summary>
/// What the copilot answers, in the stable <c>--json</c> shape of DESIGN.md. <see cref="Health"/> and
/// <see cref="PortfolioRows"/> are set when the answer is about a score or a portfolio, so that hosts can
/// render cards without asking again.
/// </summary>
public sealed record Draft(
    string Kind,
    string? AccountId,
    string Mode,
    string Markdown,
    IReadOnlyList<DraftSection> Sections,
    IReadOnlyList<Citation> Citations,
    IReadOnlyList<string> Warnings,
    bool Refused)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public HealthReport? Health { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<PortfolioRow>? PortfolioRows { get; init; }

    /// <summary>Replies offered as buttons: the accounts an ambiguous name may mean ("Did you mean…?").</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Choices { get; init; }

    /// <summary>How the question was understood (intent, kind, account and how it was found, confidence): for <c>ask --explain</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Understood { get; init; }

    /// <summary>The answer's heading ("Remediation plan", "Your accounts"), for hosts that lay the answer out themselves.</summary>
    [JsonIgnore]
    public string? Title { get; init; }

    /// <summary>
    /// The line under the heading: whose and as of when ("Contoso · as of 2026-11-20 · offline"), or for a
    /// list the filter as it was read, the count and the total ARR.
    /// </summary>
    [JsonIgnore]
    public string? Subtitle { get; init; }

    /// <summary>What the conversation remembers after this answer; the host keeps it for the next question.</summary>
    [JsonIgnore]
    public ConversationState? Conversation { get; init; }
}

/// <summary>Ask for one draft about one account (id or name, fuzzy), on behalf of a user.</summary>
public sealed record DraftRequest(DraftKind Kind, string Account, string UserEmail)
{
    /// <summary>Who an addressed draft (an e-mail) is for: a contact of the account or a colleague, by name or e-mail; the main contact when null.</summary>
    public string? Recipient { get; init; }

    /// <summary>What an addressed draft is about, in the asker's words ("asking for a call next week"); the account's most pressing matter when null.</summary>
    public string? Purpose { get; init; }

    /// <summary>Called with each piece of text as an LLM streams it; ignored in offline mode.</summary>
    public Func<string, CancellationToken, Task>? OnTextDelta { get; init; }

    /// <summary>Written by the offline engine even with a model configured: a model-led answer's draft tools and its fallback.</summary>
    public bool Offline { get; init; }
}

/// <summary>A free question, with what the conversation remembers (for "and its renewal?", "the second one").</summary>
public sealed record AskRequest(string Question, string UserEmail, ConversationState? Conversation = null)
{
    public Func<string, CancellationToken, Task>? OnTextDelta { get; init; }
}

/// <summary>Something to ask ("how's Tailspin Toys doing?") and what it gives.</summary>
public sealed record GuideExample(string Example, string What);

/// <summary>The one brain behind the bot, the CLI and the tests.</summary>
public interface ICopilot
{
    Task<Draft> DraftAsync(DraftRequest request, CancellationToken cancellationToken = default);

    Task<Draft> AskAsync(AskRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// What the copilot does for this user's role, with examples naming their own accounts and colleagues; for no
    /// user (a group or a channel), examples that name nobody's accounts.
    /// </summary>
    Task<IReadOnlyList<GuideExample>> GuideAsync(string? userEmail, CancellationToken cancellationToken = default);
}
