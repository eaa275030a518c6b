using CopilotBot.Copilot.Drafting;
using CopilotBot.Copilot.Grounding;
using CopilotBot.Copilot.Llm;
using CopilotBot.Copilot.Understanding;
using CopilotBot.Core.Domain;

namespace CopilotBot.Copilot.Handlers;

/// <summary>
/// The answers about one account. The account must have been resolved: an ambiguous name is asked back ("Did you mean
/// Blue Yonder Shipping or Blue Yonder Bank?"), a name none of the asker's accounts has is said to be missing (the same
/// words whether it exists or not), and no account at all is asked for. Never another account than the one named.
/// </summary>
public abstract class AccountHandler(DraftEngine engine) : IAskHandler
{
    public abstract AskIntent Intent { get; }

    protected DraftEngine Engine => engine;

    public async Task<Draft> HandleAsync(AskTurn turn, CancellationToken cancellationToken)
    {
        var reference = turn.Understanding.Account;
        switch (reference.Resolution)
        {
            case AccountResolution.Ambiguous:
                var named = reference.Candidates!.Select(a => $"{a.Name} ({a.AccountId})").ToList();
                return DraftEngine.Message(OfflineAnswers.AnswerKind, turn.Mode,
                    $"\"{reference.Said}\" matches several of your accounts. Did you mean {string.Join(", ", named.SkipLast(1))} or {named[^1]}?", refused: false)
                    with { Choices = [.. reference.Candidates!.Take(5).Select(a => a.Name)] };
            case AccountResolution.Missing:
                return DraftEngine.NotFound(OfflineAnswers.AnswerKind, reference.Said!, turn.Mode);
            case AccountResolution.None:
                return await NoAccountAsync(turn, cancellationToken).ConfigureAwait(false);
        }

        var data = await engine.Gateway.FindAccountAsync(turn.User, reference.Account!.AccountId, cancellationToken).ConfigureAwait(false);
        return data is null
            ? DraftEngine.NotFound(OfflineAnswers.AnswerKind, reference.Account.Name, turn.Mode)
            : await AnswerAsync(turn, data, cancellationToken).ConfigureAwait(false);
    }

    protected abstract Task<Draft> AnswerAsync(AskTurn turn, AccountData data, CancellationToken cancellationToken);

    /// <summary>A question that needs an account and names none: asked back, with the asker's accounts most in need first.</summary>
    protected virtual async Task<Draft> NoAccountAsync(AskTurn turn, CancellationToken cancellationToken)
    {
        var rows = await engine.Gateway.PortfolioAsync(turn.User, cancellationToken).ConfigureAwait(false);
        return DraftEngine.Message(OfflineAnswers.AnswerKind, turn.Mode,
            "Which account do you mean? Name it, or ask about your **portfolio**.", refused: false)
            with { Choices = rows.Count == 0 ? null : [.. rows.Take(3).Select(r => r.Account.Name)] };
    }
}

/// <summary>The direct answers about an account's data (health, renewal, people, tickets, goals, usage, activity, surveys).</summary>
public abstract class AccountAnswerHandler(DraftEngine engine, LlmDrafter llm) : AccountHandler(engine)
{
    protected override async Task<Draft> AnswerAsync(AskTurn turn, AccountData data, CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        var ctx = await Engine.PrepareAsync(DraftKind.AccountSummary, data, new CitationLedger(), warnings, cancellationToken).ConfigureAwait(false);
        var offline = Compose(ctx, turn.Understanding);
        if (!llm.Enabled)
        {
            return offline;
        }

        var answer = await llm.AnswerAsync(turn.Request.Question, ctx, turn.User, turn.Request.OnTextDelta, warnings, cancellationToken).ConfigureAwait(false);
        return answer is null
            ? AskAnswers.WithWarnings(offline, warnings)
            : answer with { Health = offline.Health, PortfolioRows = offline.PortfolioRows };
    }

    protected abstract Draft Compose(AccountContext ctx, AskUnderstanding understanding);
}

public sealed class HealthHandler(DraftEngine engine, LlmDrafter llm) : AccountAnswerHandler(engine, llm)
{
    public override AskIntent Intent => AskIntent.Health;

    protected override Draft Compose(AccountContext ctx, AskUnderstanding understanding) => OfflineAnswers.Health(ctx, understanding.AsksWhy, DraftEngine.OfflineMode);
}

public sealed class RenewalHandler(DraftEngine engine, LlmDrafter llm) : AccountAnswerHandler(engine, llm)
{
    public override AskIntent Intent => AskIntent.Renewal;

    protected override Draft Compose(AccountContext ctx, AskUnderstanding understanding) => OfflineAnswers.Renewal(ctx, DraftEngine.OfflineMode);
}

public sealed class StakeholdersHandler(DraftEngine engine, LlmDrafter llm) : AccountAnswerHandler(engine, llm)
{
    public override AskIntent Intent => AskIntent.Stakeholders;

    protected override Draft Compose(AccountContext ctx, AskUnderstanding understanding) => OfflineAnswers.Stakeholders(ctx, DraftEngine.OfflineMode);
}

public sealed class TicketsHandler(DraftEngine engine, LlmDrafter llm) : AccountAnswerHandler(engine, llm)
{
    public override AskIntent Intent => AskIntent.Tickets;

    protected override Draft Compose(AccountContext ctx, AskUnderstanding understanding) => OfflineAnswers.Tickets(ctx, DraftEngine.OfflineMode);
}

public sealed class OutcomesHandler(DraftEngine engine, LlmDrafter llm) : AccountAnswerHandler(engine, llm)
{
    public override AskIntent Intent => AskIntent.Outcomes;

    protected override Draft Compose(AccountContext ctx, AskUnderstanding understanding) => OfflineAnswers.Outcomes(ctx, DraftEngine.OfflineMode);
}

public sealed class UsageHandler(DraftEngine engine, LlmDrafter llm) : AccountAnswerHandler(engine, llm)
{
    public override AskIntent Intent => AskIntent.Usage;

    protected override Draft Compose(AccountContext ctx, AskUnderstanding understanding) => OfflineAnswers.Usage(ctx, DraftEngine.OfflineMode);
}

public sealed class ActivityHandler(DraftEngine engine, LlmDrafter llm) : AccountAnswerHandler(engine, llm)
{
    public override AskIntent Intent => AskIntent.Activity;

    protected override Draft Compose(AccountContext ctx, AskUnderstanding understanding) => OfflineAnswers.Activity(ctx, DraftEngine.OfflineMode);
}

public sealed class FeedbackHandler(DraftEngine engine, LlmDrafter llm) : AccountAnswerHandler(engine, llm)
{
    public override AskIntent Intent => AskIntent.Feedback;

    protected override Draft Compose(AccountContext ctx, AskUnderstanding understanding) => OfflineAnswers.Feedback(ctx, DraftEngine.OfflineMode);
}

/// <summary>
/// A draft about the account: the kind understood, or a summary when the kind is not one this build drafts. A summary
/// naming no account is of a book: a colleague's when one is named, the asker's own otherwise.
/// </summary>
public sealed class DraftHandler(DraftEngine engine, Func<ICopilot> copilot, PortfolioSummaries summaries) : AccountHandler(engine)
{
    public override AskIntent Intent => AskIntent.Draft;

    protected override Task<Draft> NoAccountAsync(AskTurn turn, CancellationToken cancellationToken) =>
        turn.Understanding.Kind is null or DraftKind.AccountSummary
            ? summaries.SummaryAsync(turn.User, turn.Understanding.Colleagues is [var one] ? one : turn.User, cancellationToken)
            : base.NoAccountAsync(turn, cancellationToken);

    protected override Task<Draft> AnswerAsync(AskTurn turn, AccountData data, CancellationToken cancellationToken) =>
        copilot().DraftAsync(new DraftRequest(turn.Understanding.Kind ?? DraftKind.AccountSummary, data.Account.AccountId, turn.User.Email)
        {
            OnTextDelta = turn.Request.OnTextDelta,
            // "draft an email to Mei Chen asking for a call next week": to the contact or colleague named, about what was asked.
            Recipient = turn.Understanding.Contact?.Name ?? (turn.Understanding.Colleagues is [var colleague, ..] ? colleague.Name : null),
            Purpose = turn.Understanding.Kind is DraftKind.Email ? turn.Request.Question : null,
        }, cancellationToken);
}
