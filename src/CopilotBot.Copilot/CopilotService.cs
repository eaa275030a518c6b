using CopilotBot.Copilot.Handlers;
using CopilotBot.Copilot.Understanding;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Copilot.Drafting.Offline;
using CopilotBot.Copilot.Grounding;
using CopilotBot.Copilot.Llm;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Portfolio;
using CopilotBot.Knowledge;

namespace CopilotBot.Copilot;

/// <summary>
/// The copilot: finds the asking user, then drafts about an account under their access rules (offline or with the
/// language model, falling back to offline when it fails), or answers a free question. Without a model the question
/// is understood once (<see cref="QuestionUnderstander"/>) and answered by the one handler of its intent; with one,
/// the model leads (<see cref="CopilotAgent"/>: the conversation's recent messages, the same handlers and plugins as
/// tools) and the offline pipeline answers, saying why, whenever the model's answer cannot be used.
/// </summary>
public sealed class CopilotService(
    DraftEngine engine,
    LlmDrafter llm,
    CopilotAgent agent,
    Microsoft.Extensions.Options.IOptions<LlmOptions> llmOptions,
    QuestionUnderstander understander,
    AskHandlers handlers,
    HelpHandler help,
    PortfolioSummaries summaries) : ICopilot
{
    private static readonly string[] s_portfolioWords = ["portfolio", "my portfolio", "my accounts", "team", "my team", "me", "all", "*"];

    public async Task<Draft> DraftAsync(DraftRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var kind = Format.Kind(request.Kind);
        var withModel = llm.Enabled && !request.Offline;
        var mode = withModel ? DraftEngine.LlmMode : DraftEngine.OfflineMode;
        var user = await engine.Gateway.FindUserAsync(request.UserEmail, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return UnknownUser(kind, mode, request.UserEmail);
        }

        if (DraftCatalogue.Of(request.Kind).CoversPortfolios && await PortfolioOwnerAsync(user, request.Account, cancellationToken).ConfigureAwait(false) is { } owner)
        {
            return await summaries.SummaryAsync(user, owner, cancellationToken).ConfigureAwait(false);
        }

        var data = await engine.Gateway.FindAccountAsync(user, request.Account, cancellationToken).ConfigureAwait(false);
        if (data is null)
        {
            var suggestions = await engine.Gateway.CandidatesAsync(user, request.Account, cancellationToken).ConfigureAwait(false);
            return DraftEngine.NotFound(kind, request.Account, mode, suggestions);
        }

        var warnings = new List<string>();
        var ledger = new CitationLedger();
        var ctx = await engine.PrepareAsync(request.Kind, data, ledger, warnings, cancellationToken,
            new DraftBrief(user, request.Recipient, request.Purpose)).ConfigureAwait(false);
        if (withModel)
        {
            var drafted = await llm.DraftAsync(request.Kind, ctx, user, request.OnTextDelta, warnings, cancellationToken).ConfigureAwait(false);
            if (drafted is not null)
            {
                return drafted;
            }
        }

        return Offline(request.Kind, ctx, warnings);
    }

    public async Task<Draft> AskAsync(AskRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var mode = llm.Enabled ? DraftEngine.LlmMode : DraftEngine.OfflineMode;
        var user = await engine.Gateway.FindUserAsync(request.UserEmail, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return UnknownUser(OfflineAnswers.AnswerKind, mode, request.UserEmail);
        }

        var state = request.Conversation ?? ConversationState.Empty;
        var data = await engine.Gateway.LinkingDataAsync(user, cancellationToken).ConfigureAwait(false);
        var understanding = understander.Understand(request.Question, data, state, engine.Gateway.AsOf);
        if (!agent.Enabled)
        {
            var offline = await handlers.For(understanding)
                .HandleAsync(new AskTurn(request, user, understanding, state, data), cancellationToken).ConfigureAwait(false);
            return offline with { Conversation = Remember(state, understanding, offline), Understood = understanding.Describe() };
        }

        var warnings = new List<string>();
        var users = await engine.Gateway.UsersAsync(cancellationToken).ConfigureAwait(false);
        var visible = data.Visible.Select(a => a.AccountId).ToHashSet(StringComparer.Ordinal);
        var knownPeople = data.Contacts.Where(c => visible.Contains(c.AccountId)).Select(c => c.Name).Concat(users.Select(u => u.Name)).Distinct(StringComparer.Ordinal).ToList();
        var answer = await agent.AnswerAsync(request, user, state.Messages, knownPeople, warnings, cancellationToken).ConfigureAwait(false);
        var understood = answer?.Understood ?? understanding.Describe();
        answer ??= AskAnswers.WithWarnings(await handlers.For(understanding)
            .HandleAsync(new AskTurn(request, user, understanding, state, data), cancellationToken).ConfigureAwait(false), warnings);
        var remembered = Remember(state, understanding, answer) with
        {
            Messages = [.. state.Messages
                .Append(new ConversationMessage(ConversationMessage.User, request.Question))
                .Append(new ConversationMessage(ConversationMessage.Assistant, CopilotAgent.Remembered(answer)))
                .TakeLast(llmOptions.Value.MaxRememberedMessages)],
        };
        return answer with { Conversation = remembered, Understood = understood };
    }

    public async Task<IReadOnlyList<GuideExample>> GuideAsync(string? userEmail, CancellationToken cancellationToken = default)
    {
        var user = userEmail is null ? null : await engine.Gateway.FindUserAsync(userEmail, cancellationToken).ConfigureAwait(false);
        return await help.ExamplesAsync(user, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// What the conversation keeps after an answer: the account it was about (a refusal or a question back keeps the
    /// old one), the list it showed in its order, and what was asked, so that a follow-up can leave all of it out.
    /// </summary>
    private static ConversationState Remember(ConversationState state, AskUnderstanding understanding, Draft answer)
    {
        if (understanding.Account is { Resolution: AccountResolution.Ambiguous, Candidates: { } candidates })
        {
            // "Did you mean Coho Winery or Coho Media?": the reply names one, and the question is asked again about it.
            return state with
            {
                CandidateAccountIds = [.. candidates.Select(a => a.AccountId)],
                Intent = understanding.Intent.ToString(),
                Kind = understanding.Kind is { } asked ? Format.Kind(asked) : null,
            };
        }

        if (understanding.Intent is AskIntent.Help or AskIntent.Thanks or AskIntent.OutOfScope or AskIntent.UnsupportedAction || answer.Refused)
        {
            return state;
        }

        var list = answer.PortfolioRows is { Count: > 0 } rows && answer.AccountId is null ? [.. rows.Select(r => r.Account.AccountId)] : state.ListAccountIds;
        return state with
        {
            AccountId = answer.AccountId ?? (answer.PortfolioRows is null ? state.AccountId : null),
            Intent = understanding.Intent.ToString(),
            Kind = understanding.Kind is { } kind ? Format.Kind(kind) : null,
            ListAccountIds = list,
            CandidateAccountIds = [],
            Filters = answer.PortfolioRows is not null && answer.AccountId is null ? understanding.Filters : state.Filters,
            ColleagueEmail = understanding.Colleagues is [var one] ? one.Email : state.ColleagueEmail,
            ContactId = understanding.Contact?.ContactId ?? (answer.AccountId == state.AccountId ? state.ContactId : null),
        };
    }

    /// <summary>Composes the offline draft; also the fallback of the LLM path.</summary>
    public static Draft Offline(DraftKind kind, AccountContext ctx, IReadOnlyList<string> warnings)
    {
        var sections = DraftEngine.ComposeOffline(kind, ctx);
        return DraftEngine.Finish(Format.Kind(kind), MarkdownRenderer.Title(kind), DraftEngine.Subtitle(ctx, DraftEngine.OfflineMode),
            ctx.Account.AccountId, DraftEngine.OfflineMode, sections, ctx.Ledger, ctx.KnownPeople, warnings);
    }

    private async Task<User?> PortfolioOwnerAsync(User asker, string account, CancellationToken cancellationToken)
    {
        var text = account.Trim();
        if (s_portfolioWords.Contains(text, StringComparer.OrdinalIgnoreCase))
        {
            return asker;
        }

        var users = await engine.Gateway.UsersAsync(cancellationToken).ConfigureAwait(false);
        return users.FirstOrDefault(u => string.Equals(u.Email, text, StringComparison.OrdinalIgnoreCase) || string.Equals(u.Name, text, StringComparison.OrdinalIgnoreCase));
    }

    private static Draft UnknownUser(string kind, string mode, string email) =>
        DraftEngine.Message(kind, mode, $"I don't know \"{email}\": ask an admin to add you to users.csv.", refused: true);
}
