using System.Text.Json.Serialization;
using CopilotBot.Core.Health;
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
}

/// <summary>A free question, with the account last discussed in the conversation (for "and its renewal?").</summary>
public sealed record AskRequest(string Question, string UserEmail, string? ContextAccountId = null)
{
    public Func<string, CancellationToken, Task>? OnTextDelta { get; init; }
}

/// <summary>The one brain behind the bot, the CLI and the tests.</summary>
public interface ICopilot
{
    Task<Draft> DraftAsync(DraftRequest request, CancellationToken cancellationToken = default);

    Task<Draft> AskAsync(AskRequest request, CancellationToken cancellationToken = default);
}
