using System.Text;
using System.Text.Json.Nodes;
using CopilotBot.Bot.Protocol;
using CopilotBot.Copilot.Drafting;
using static CopilotBot.Bot.Cards.AdaptiveCard;

namespace CopilotBot.Bot.Cards;

/// <summary>
/// Turns a draft into the reply message, with the card of its kind (a health card, a list, a manager's summary or a
/// drafted artefact) and Teams' conventions for AI answers: the AI-generated label, citations Teams shows as
/// popovers on the <c>[n]</c> markers of the text, feedback buttons, and the next questions as suggested actions.
/// </summary>
internal static class AnswerMessage
{
    /// <summary>
    /// A card's budget within Teams' 28 KB message limit, leaving room for the text, the citation entity and the
    /// suggested actions; a longer draft's card is built compact (clipped items and excerpts).
    /// </summary>
    public const int MaxCardBytes = 20 * 1024;

    /// <summary>Teams shows at most this many citations per message.</summary>
    public const int MaxCitations = 20;

    // Teams cuts a citation's name after 80 characters and its abstract after 160.
    private const int MaxCitationName = 80;
    private const int MaxCitationAbstract = 160;

    /// <summary>The Web Chat event a thumbs-up or thumbs-down sends; Teams sends the message/submitAction invoke instead.</summary>
    public const string WebChatFeedbackEvent = "webchat:activity-status/feedback";

    /// <summary>The card for a draft of this kind, or null when the answer is plain text (a refusal, a question back, help).</summary>
    /// <param name="withLead">Whether a drafted answer's card holds its first lines too (false when they travel as the message text).</param>
    public static JsonObject? CardFor(Draft draft, string? channelId, bool withLead = true) =>
        draft.Refused ? null
        : HealthLed(draft) ? HealthCard.Build(draft.Health!, channelId)
        : draft.PortfolioRows is { } rows && draft.Kind == DraftCatalogue.Of(DraftKind.AccountSummary).Name
            ? WithinBudget(SummaryCard.Build(draft, rows, channelId), () => SummaryCard.Build(draft, rows, channelId, compact: true))
        : draft.PortfolioRows is { } list && draft.Kind == PortfolioKind ? PortfolioCard.Build(draft, list, channelId)
        : draft.Sections.Count > 0 ? WithinBudget(DraftCard.Build(draft, channelId, withLead: withLead, rows: draft.PortfolioRows),
            () => DraftCard.Build(draft, channelId, withLead: withLead, rows: draft.PortfolioRows, compact: true))
        : null;

    private static JsonObject WithinBudget(JsonObject card, Func<JsonObject> compact) =>
        Encoding.UTF8.GetByteCount(card.ToJsonString()) <= MaxCardBytes ? card : compact();

    // OfflineAnswers.PortfolioKind: a list of accounts (filtered, or a CSM's priorities).
    private const string PortfolioKind = "portfolio";

    /// <summary>Whether the answer was drafted (and so is labelled, cited and open to feedback) rather than a plain message.</summary>
    public static bool IsDrafted(Draft draft) => !draft.Refused && draft.Sections.Count > 0;

    /// <summary>Fills the reply: text, card, AI entity with citations, feedback and suggested next questions.</summary>
    /// <param name="answerId">The id feedback on this answer is stored with.</param>
    public static void Render(Activity reply, Draft draft, string? channelId, string answerId, IReadOnlyList<string> nextQuestions)
    {
        var lead = IsTextLed(draft) ? DraftCard.LeadLines(draft) : [];
        var card = CardFor(draft, channelId, withLead: lead.Count == 0);
        if (card is null)
        {
            reply.Text = SafeText.Neutralize(draft.Markdown);
            reply.TextFormat = "markdown";
            var choices = draft.Choices is { Count: > 0 } c ? c : nextQuestions;
            Suggest(reply, choices);
            return;
        }

        if (lead.Count > 0)
        {
            reply.Text = LeadText(draft, lead, channelId);
            reply.TextFormat = "markdown";
        }

        reply.Attachments = [Attachment(card)];
        if (IsDrafted(draft))
        {
            Label(reply, draft, channelId, answerId);
        }

        Suggest(reply, nextQuestions);
    }

    /// <summary>Drafted artefacts and answers lead with their first lines as text; data cards (health, lists, summaries) lead with figures.</summary>
    public static bool IsTextLed(Draft draft) =>
        !HealthLed(draft) && !(draft.PortfolioRows is not null && (draft.Kind == PortfolioKind || draft.Kind == DraftCatalogue.Of(DraftKind.AccountSummary).Name));

    // An offline health answer is its health card; a model's answer about the account leads with what the model said.
    private static bool HealthLed(Draft draft) => draft.Health is not null && draft.Mode != DraftEngine.LlmMode;

    private static string LeadText(Draft draft, IReadOnlyList<string> lead, string? channelId)
    {
        var text = new StringBuilder();
        text.Append("**").Append(DraftCard.Title(draft)).Append("**\n\n");
        foreach (var line in lead)
        {
            text.Append("- ").Append(line).Append('\n');
        }

        // Web Chat shows citations from markdown link definitions ("[1]: cite:1"); Teams from the entity alone.
        if (!ChannelIds.IsTeams(channelId))
        {
            text.Append('\n');
            foreach (var (citation, position) in Cited(draft, text.ToString()))
            {
                text.Append('[').Append(position).Append("]: cite:").Append(position).Append(" \"").Append(Clip(SafeText.Neutralize(citation.Source), MaxCitationName).Replace("\"", "'", StringComparison.Ordinal)).Append("\"\n");
            }
        }

        return text.ToString();
    }

    /// <summary>The citations whose markers the text shows, with their positions.</summary>
    private static IEnumerable<(Citation Citation, int Position)> Cited(Draft draft, string text) =>
        draft.Citations.Select((c, i) => (c, i + 1)).Where(p => text.Contains($"[{p.Item2}]", StringComparison.Ordinal)).Take(MaxCitations);

    /// <summary>
    /// The schema.org Message entity of an AI answer: Teams shows the AI label and the citations; Web Chat shows the
    /// citations, the label (the first claim's interpreter) and, from its potential actions, thumbs up and down.
    /// </summary>
    private static void Label(Activity reply, Draft draft, string? channelId, string answerId)
    {
        var citations = new JsonArray();
        foreach (var (citation, position) in Cited(draft, reply.Text ?? string.Empty))
        {
            var claim = new JsonObject
            {
                ["@type"] = "Claim",
                ["position"] = position,
                ["appearance"] = new JsonObject
                {
                    ["@type"] = "DigitalDocument",
                    ["name"] = Clip(SafeText.Neutralize(citation.Source), MaxCitationName),
                    ["abstract"] = Clip(SafeText.Neutralize(citation.Excerpt), MaxCitationAbstract),
                    ["text"] = SafeText.Neutralize(citation.Excerpt),
                    ["keywords"] = new JsonArray(citation.Type),
                },
            };
            if (citations.Count == 0)
            {
                claim["claimInterpreter"] = new JsonObject { ["@type"] = "Project", ["name"] = "CopilotBot", ["slogan"] = "AI generated" };
            }

            citations.Add(claim);
        }

        var entity = new JsonObject
        {
            ["type"] = "https://schema.org/Message",
            ["@type"] = "Message",
            ["@context"] = "https://schema.org",
            ["@id"] = string.Empty,
            ["additionalType"] = new JsonArray("AIGeneratedContent"),
        };
        if (citations.Count > 0)
        {
            entity["citation"] = citations;
        }

        if (ChannelIds.IsTeams(channelId))
        {
            reply.ChannelData = new JsonObject { ["feedbackLoopEnabled"] = true };
        }
        else
        {
            entity["potentialAction"] = new JsonArray(
                new JsonObject { ["@type"] = "LikeAction", ["@id"] = $"{answerId}:like" },
                new JsonObject { ["@type"] = "DislikeAction", ["@id"] = $"{answerId}:dislike" });
        }

        reply.Entities = [.. reply.Entities ?? [], entity];
    }

    private static void Suggest(Activity reply, IReadOnlyList<string> questions)
    {
        if (questions.Count > 0)
        {
            reply.SuggestedActions = new SuggestedActions { Actions = [.. questions.Select(q => new CardAction("imBack", SafeText.Neutralize(q), q))] };
        }
    }

    private static string Clip(string text, int max)
    {
        var single = text.ReplaceLineEndings(" ").Trim();
        return single.Length <= max ? single : single[..(max - 1)].TrimEnd() + "…";
    }
}
