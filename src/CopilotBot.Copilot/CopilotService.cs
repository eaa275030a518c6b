using CopilotBot.Copilot.Asking;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Copilot.Drafting.Offline;
using CopilotBot.Copilot.Grounding;
using CopilotBot.Copilot.Llm;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Portfolio;
using CopilotBot.Knowledge;

namespace CopilotBot.Copilot;

/// <summary>
/// The copilot: resolves the asking user and the account under their access rules, drafts offline or with
/// the language model (falling back to offline when it fails), and answers free questions.
/// </summary>
public sealed class CopilotService(DraftEngine engine, LlmDrafter llm) : ICopilot
{
    // Offline guidance quotes the best passages as they are; the model gets a few more to choose and combine from.
    private const int OfflineGuidancePassages = 3;
    private const int ModelGuidancePassages = 6;

    private static readonly string[] s_portfolioWords = ["portfolio", "my portfolio", "my accounts", "team", "my team", "me", "all", "*"];

    public async Task<Draft> DraftAsync(DraftRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var kind = Format.Kind(request.Kind);
        var mode = llm.Enabled ? DraftEngine.LlmMode : DraftEngine.OfflineMode;
        var user = await engine.Gateway.FindUserAsync(request.UserEmail, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return UnknownUser(kind, mode, request.UserEmail);
        }

        if (DraftCatalogue.Of(request.Kind).CoversPortfolios && await PortfolioOwnerAsync(user, request.Account, cancellationToken).ConfigureAwait(false) is { } owner)
        {
            return await PortfolioSummaryAsync(user, owner, cancellationToken).ConfigureAwait(false);
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
        if (llm.Enabled)
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

        var route = AskRouter.Route(request.Question, engine.Gateway.AsOf);
        // "Which CSM has the most red accounts?", "compare Alex and Isaiah": the team summary, a line per CSM.
        if (user.Role is UserRole.Manager or UserRole.Admin && route.Intent is not (AskIntent.Help or AskIntent.Thanks)
            && AskRouter.IsTeamBreakdown(request.Question, await engine.Gateway.UsersAsync(cancellationToken).ConfigureAwait(false), user))
        {
            return await PortfolioSummaryAsync(user, user, cancellationToken).ConfigureAwait(false);
        }

        switch (route.Intent)
        {
            case AskIntent.Help:
                return OfflineAnswers.Help(DraftEngine.OfflineMode);
            case AskIntent.Thanks:
                return DraftEngine.Message(OfflineAnswers.AnswerKind, DraftEngine.OfflineMode, "You're welcome. Ask me about an account or your portfolio any time.", refused: false);
            case AskIntent.Portfolio:
                return await PortfolioAnswerAsync(request, user, route.Portfolio!, cancellationToken).ConfigureAwait(false);
            case AskIntent.Draft when route.Kind == DraftKind.AccountSummary && IsPortfolioQuestion(request.Question):
                return await PortfolioSummaryAsync(user, await ColleagueAsync(user, request.Question, cancellationToken).ConfigureAwait(false) ?? user, cancellationToken).ConfigureAwait(false);
        }

        var visible = await engine.Gateway.VisibleAccountsAsync(user, cancellationToken).ConfigureAwait(false);
        var account = AskRouter.FindAccount(request.Question, visible);
        // No account named, but a colleague: "how is alex doing", "summary of Alex Wilber's accounts" ask about their book.
        if (account is null && await ColleagueAsync(user, request.Question, cancellationToken).ConfigureAwait(false) is { } colleague)
        {
            return await PortfolioSummaryAsync(user, colleague, cancellationToken).ConfigureAwait(false);
        }

        // The name as said ("of Contoso", "at fabrikam"), matched like everywhere else: leading words, small typos, ambiguity.
        var named = account is not null ? null
            : route.AccountMention is { } mention ? (mention, AccountMatcher.Match(mention, visible))
            : AskRouter.SpokenMention(request.Question, visible);
        if (named is var (said, match))
        {
            switch (match.Outcome)
            {
                case AccountMatchOutcome.Found:
                    account = match.Account;
                    break;
                case AccountMatchOutcome.Ambiguous:
                    return DraftEngine.Message(OfflineAnswers.AnswerKind, mode,
                        $"\"{said.Trim()}\" matches several of your accounts: {string.Join(", ", match.Candidates.Select(a => $"{a.Name} ({a.AccountId})"))}. Which one do you mean?",
                        refused: false);
                default:
                    return DraftEngine.NotFound(OfflineAnswers.AnswerKind, said, mode);
            }
        }

        // "Did we lose any champions recently?" lists the accounts raising that flag.
        if (account is null && route.AccountMention is null && route.Intent is not AskIntent.Draft
            && AskRouter.FlagQuestion(request.Question, engine.Gateway.AsOf, request.ContextAccountId is not null) is { } flagged)
        {
            return await PortfolioAnswerAsync(request, user, flagged, cancellationToken).ConfigureAwait(false);
        }

        if (account is null && route.AccountMention is null && AskRouter.IsPortfolioWide(request.Question))
        {
            // "How much ARR is at risk?" names no account: it is about the asker's whole book.
            return await PortfolioSummaryAsync(user, user, cancellationToken).ConfigureAwait(false);
        }

        var fromConversation = account is null;
        account ??= request.ContextAccountId is { } contextId ? visible.FirstOrDefault(a => a.AccountId == contextId) : null;
        // A question naming no account is answered from the playbooks ("our champion just quit, what now?", "why do
        // customers churn?"), unless it points at one ("when do they renew?") or is a bare command ("remediation plan").
        // So is a how-to in a conversation about an account ("how do I run a QBR?"): the account's summary is no answer
        // to it; a follow-up about the account ("and their tickets?") or a draft ("what now?") stays with the account.
        var general = account is null
            ? route.Intent is AskIntent.Draft or AskIntent.Summary || !AskRouter.RefersToAnAccount(request.Question)
            : fromConversation && route.Intent is not AskIntent.Draft && AskRouter.IsHowTo(request.Question) && !AskRouter.RefersToAnAccount(request.Question);
        if (general && route.AccountMention is null
            && request.Question.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 3
            && await engine.GuidanceAsync(request.Question, llm.Enabled ? ModelGuidancePassages : OfflineGuidancePassages, cancellationToken).ConfigureAwait(false) is { Count: > 0 } passages)
        {
            return await GuidanceAsync(request, user, passages, cancellationToken).ConfigureAwait(false);
        }

        if (account is null)
        {
            return DraftEngine.Message(OfflineAnswers.AnswerKind, mode, "Which account do you mean? Name it (e.g. \"health of Acme\"), or ask about your **portfolio**.", refused: false);
        }

        if (route.Intent == AskIntent.Draft)
        {
            return await DraftAsync(new DraftRequest(route.Kind!.Value, account.AccountId, user.Email) { OnTextDelta = request.OnTextDelta }, cancellationToken).ConfigureAwait(false);
        }

        var data = await engine.Gateway.FindAccountAsync(user, account.AccountId, cancellationToken).ConfigureAwait(false);
        if (data is null)
        {
            return DraftEngine.NotFound(OfflineAnswers.AnswerKind, account.AccountId, mode);
        }

        var warnings = new List<string>();
        var ctx = await engine.PrepareAsync(DraftKind.AccountSummary, data, new CitationLedger(), warnings, cancellationToken).ConfigureAwait(false);
        var offline = route.Intent switch
        {
            AskIntent.Health => OfflineAnswers.Health(ctx, request.Question.Contains("why", StringComparison.OrdinalIgnoreCase), DraftEngine.OfflineMode),
            AskIntent.Renewal => OfflineAnswers.Renewal(ctx, DraftEngine.OfflineMode),
            AskIntent.Stakeholders => OfflineAnswers.Stakeholders(ctx, DraftEngine.OfflineMode),
            AskIntent.Tickets => OfflineAnswers.Tickets(ctx, DraftEngine.OfflineMode),
            AskIntent.Outcomes => OfflineAnswers.Outcomes(ctx, DraftEngine.OfflineMode),
            AskIntent.Usage => OfflineAnswers.Usage(ctx, DraftEngine.OfflineMode),
            AskIntent.Activity => OfflineAnswers.Activity(ctx, DraftEngine.OfflineMode),
            AskIntent.Feedback => OfflineAnswers.Feedback(ctx, DraftEngine.OfflineMode),
            _ => Offline(DraftKind.AccountSummary, ctx, warnings),
        };
        if (!llm.Enabled)
        {
            return offline;
        }

        var answer = await llm.AnswerAsync(request.Question, ctx, user, request.OnTextDelta, warnings, cancellationToken).ConfigureAwait(false);
        return answer is null
            ? WithWarnings(offline, warnings)
            : answer with { Health = offline.Health, PortfolioRows = offline.PortfolioRows };
    }

    /// <summary>Composes the offline draft; also the fallback of the LLM path.</summary>
    public static Draft Offline(DraftKind kind, AccountContext ctx, IReadOnlyList<string> warnings)
    {
        var sections = DraftEngine.ComposeOffline(kind, ctx);
        return DraftEngine.Finish(Format.Kind(kind), MarkdownRenderer.Title(kind), DraftEngine.Subtitle(ctx, DraftEngine.OfflineMode),
            ctx.Account.AccountId, DraftEngine.OfflineMode, sections, ctx.Ledger, ctx.KnownPeople, warnings);
    }

    private async Task<Draft> GuidanceAsync(AskRequest request, User user, IReadOnlyList<PlaybookHit> passages, CancellationToken cancellationToken)
    {
        var offline = DraftEngine.Guidance(passages.Take(OfflineGuidancePassages));
        if (!llm.Enabled)
        {
            return offline;
        }

        var warnings = new List<string>();
        var answer = await llm.GuidanceAsync(request.Question, passages, engine.Gateway.AsOf, user, request.OnTextDelta, warnings, cancellationToken).ConfigureAwait(false);
        return answer ?? WithWarnings(offline, warnings);
    }

    private async Task<Draft> PortfolioAnswerAsync(AskRequest request, User user, PortfolioQuery query, CancellationToken cancellationToken)
    {
        // "Which of alex's accounts renew this quarter?" filters one CSM's book for their manager.
        var colleague = await ColleagueAsync(user, request.Question, cancellationToken).ConfigureAwait(false);
        var rows = colleague is null
            ? await engine.Gateway.PortfolioAsync(user, cancellationToken).ConfigureAwait(false)
            : await engine.Gateway.PortfolioOfAsync(user, colleague, cancellationToken).ConfigureAwait(false);
        if (rows is null)
        {
            return NotTheirsToSee(colleague!);
        }

        var asOf = engine.Gateway.AsOf;
        var offline = OfflineAnswers.Portfolio(rows, query, asOf, DraftEngine.OfflineMode, colleague?.Name);
        if (!llm.Enabled)
        {
            return offline;
        }

        var warnings = new List<string>();
        var users = await engine.Gateway.UsersAsync(cancellationToken).ConfigureAwait(false);
        var answer = await llm.AnswerPortfolioAsync(request.Question, rows, asOf, user, [.. users.Select(u => u.Name)], request.OnTextDelta, warnings, cancellationToken).ConfigureAwait(false);
        return answer is null
            ? WithWarnings(offline, warnings)
            : answer with { PortfolioRows = offline.PortfolioRows };
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

    /// <summary>
    /// The colleague a manager or an admin asks about. Others have no colleague's book to see, and a CSM's "did Megan
    /// call them?" is about the account in the conversation.
    /// </summary>
    private async Task<User?> ColleagueAsync(User asker, string question, CancellationToken cancellationToken) =>
        asker.Role is UserRole.Manager or UserRole.Admin
            ? AskRouter.FindUser(question, await engine.Gateway.UsersAsync(cancellationToken).ConfigureAwait(false), asker)
            : null;

    private async Task<Draft> PortfolioSummaryAsync(User asker, User owner, CancellationToken cancellationToken)
    {
        var rows = await engine.Gateway.PortfolioOfAsync(asker, owner, cancellationToken).ConfigureAwait(false);
        if (rows is null)
        {
            return NotTheirsToSee(owner);
        }

        var ledger = new CitationLedger();
        var asOf = engine.Gateway.AsOf;
        var label = string.Equals(owner.Email, asker.Email, StringComparison.OrdinalIgnoreCase) ? "Your portfolio" : $"Portfolio of {owner.Name}";
        if (rows.Count == 0)
        {
            return DraftEngine.Message(Format.Kind(DraftKind.AccountSummary), DraftEngine.OfflineMode, $"{label}: no accounts yet.", refused: false);
        }

        var users = await engine.Gateway.UsersAsync(cancellationToken).ConfigureAwait(false);
        var sections = AccountSummaryComposer.ComposePortfolio(rows, asOf, ledger, users.ToDictionary(u => u.Email, u => u.Name, StringComparer.OrdinalIgnoreCase));
        var draft = DraftEngine.Finish(Format.Kind(DraftKind.AccountSummary), "Account summary", $"{label} · as of {Format.Date(asOf)} · {DraftEngine.OfflineMode}",
            null, DraftEngine.OfflineMode, sections, ledger, [.. users.Select(u => u.Name)], []);
        return draft with { PortfolioRows = rows };
    }

    private static Draft NotTheirsToSee(User owner) => DraftEngine.Message(Format.Kind(DraftKind.AccountSummary), DraftEngine.OfflineMode,
        $"You can see your own portfolio and your team's; {owner.Name}'s is not among them.", refused: true);

    private static Draft UnknownUser(string kind, string mode, string email) =>
        DraftEngine.Message(kind, mode, $"I don't know \"{email}\": ask an admin to add you to users.csv.", refused: true);

    /// <summary>An offline answer standing in for a failed model call, saying why.</summary>
    private static Draft WithWarnings(Draft draft, IReadOnlyList<string> warnings) => warnings.Count == 0 ? draft : draft with
    {
        Warnings = [.. warnings, .. draft.Warnings],
        Markdown = draft.Markdown.TrimEnd() + "\n\n## Warnings\n" + string.Concat(warnings.Select(w => $"- {w}\n")),
    };

    private static bool IsPortfolioQuestion(string question) =>
        question.Contains("portfolio", StringComparison.OrdinalIgnoreCase) || question.Contains("my accounts", StringComparison.OrdinalIgnoreCase) || question.Contains("team", StringComparison.OrdinalIgnoreCase);
}
