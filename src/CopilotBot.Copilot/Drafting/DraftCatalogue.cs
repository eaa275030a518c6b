using CopilotBot.Copilot.Drafting.Offline;

namespace CopilotBot.Copilot.Drafting;

/// <summary>
/// What the playbook search looks for in a draft of one kind: the account's flags always, plus the artefact's topic,
/// extra risks and audience; <paramref name="ByStage"/> keeps passages of the account's adoption stage only;
/// <paramref name="OnePerFlag"/> puts a playbook behind each of the first critical flags.
/// </summary>
public sealed record PlaybookFocus(string Topic, IReadOnlyList<string> Risks, string Persona, bool ByStage = false, bool OnePerFlag = false);

/// <summary>
/// One draft kind, described once: its command-line name, title, the section titles both modes write, the prompt
/// folder the model drafts it with, the offline composer, and what it needs from the playbooks.
/// </summary>
public sealed record DraftKindInfo(
    DraftKind Kind,
    string Name,
    string Title,
    IReadOnlyList<string> Sections,
    string Prompt,
    Func<AccountContext, IReadOnlyList<DraftSection>> Compose,
    PlaybookFocus Playbooks)
{
    /// <summary>Offered as a button on an account's health and draft cards.</summary>
    public bool OnAccountCards { get; init; }

    /// <summary>Also drafted for a whole portfolio (a CSM's book or a team) when the account is "portfolio", "team" or a colleague.</summary>
    public bool CoversPortfolios { get; init; }

    /// <summary>When a model should ask for this kind: what the user is after when it is the answer.</summary>
    public string UseWhen { get; init; } = "";

    /// <summary>Takes a recipient and a purpose (<see cref="DraftRequest.Recipient"/>, <see cref="DraftRequest.Purpose"/>).</summary>
    public bool Addressed { get; init; }
}

/// <summary>Every draft kind. Hosts, the model path and the offline engine read the kind from here and nowhere else.</summary>
public static class DraftCatalogue
{
    public const string AtAGlance = "At a glance";

    public static IReadOnlyList<DraftKindInfo> All { get; } =
    [
        new(DraftKind.RemediationPlan, "remediation-plan", "Remediation plan",
            [AtAGlance, "Diagnosis", "Root causes to confirm", "Actions", "Success measures", "Playbooks behind this plan"],
            "remediation-plan", RemediationPlanComposer.Compose,
            new PlaybookFocus("remediation plan first response", [], "csm", OnePerFlag: true))
        { OnAccountCards = true, UseWhen = "what to do about an account at risk or whose health dropped: actions with owners and dates" },
        new(DraftKind.DiscoveryQuestions, "discovery-questions", "Discovery questions",
            [AtAGlance, "Going in", "Where they are in adoption", "Open risks", "Stakeholders", "Outcomes", "Playbook guidance"],
            "discovery-questions", DiscoveryQuestionsComposer.Compose,
            new PlaybookFocus("discovery questions", ["outcomes", "onboarding", "adoption"], "csm", ByStage: true))
        { OnAccountCards = true, UseWhen = "what to ask the customer on the next call to understand their goals, adoption and risks" },
        new(DraftKind.RenewalTalkingPoints, "renewal-talking-points", "Renewal talking points",
            [AtAGlance, "Value realized", "Adoption wins", "Risks to address before they are raised", "Expansion opportunities", "Asks", "Playbook guidance"],
            "renewal-talking-points", RenewalTalkingPointsComposer.Compose,
            new PlaybookFocus("renewal value realization ROI", ["renewal", "outcomes", "expansion"], "csm"))
        { OnAccountCards = true, UseWhen = "what to tell the customer in a renewal or expansion conversation (more seats, more products, price): value they got, wins, risks to address, asks" },
        new(DraftKind.PreCallBrief, "pre-call-brief", "Pre-call brief",
            [AtAGlance, "Snapshot", "Stakeholders", "Since the last touch", "Open issues", "Their goals", "Suggested agenda", "Questions to ask", "Playbook guidance"],
            "pre-call-brief", PreCallBriefComposer.Compose,
            new PlaybookFocus("pre-call brief sales", ["renewal", "expansion", "relationship"], "sales"))
        { UseWhen = "preparing a call or meeting with the customer: snapshot, people, what happened since the last touch, agenda" },
        new(DraftKind.AccountSummary, "account-summary", "Account summary",
            [AtAGlance, "Where it stands", "What changed", "Risks", "Where to step in"],
            "account-summary", AccountSummaryComposer.Compose,
            new PlaybookFocus("manager health triage", ["renewal_at_risk"], "manager"))
        { CoversPortfolios = true, UseWhen = "an overview of where an account, a CSM's book or a team stands, for a manager" },
        new(DraftKind.Email, "email", "E-mail",
            [AtAGlance, "To", "Subject", "Message", "Why this message"],
            "email", EmailComposer.Compose,
            new PlaybookFocus("customer email follow-up next step", ["relationship", "renewal"], "csm"))
        { Addressed = true, UseWhen = "writing to a contact of the account or to a colleague: a message ready to send" },
    ];

    private static readonly Dictionary<DraftKind, DraftKindInfo> s_byKind = All.ToDictionary(k => k.Kind);

    public static DraftKindInfo Of(DraftKind kind) => s_byKind[kind];

    /// <summary>Finds a kind by its command-line name ("remediation-plan") or its enum name ("RemediationPlan"), any case.</summary>
    public static bool TryParse(string? text, out DraftKindInfo info)
    {
        var name = text?.Trim();
        info = All.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase)
            || string.Equals(k.Kind.ToString(), name, StringComparison.OrdinalIgnoreCase))!;
        return info is not null;
    }

    /// <summary>The title for a draft's kind string; answers that are not drafts (health, portfolio, ask) get a generic one.</summary>
    public static string TitleOf(string? name) => TryParse(name, out var info) ? info.Title : "Answer";
}
