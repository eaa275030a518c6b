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
                return DraftEngine.Message(OfflineAnswers.AnswerKind, DraftEngine.OfflineMode,
                    $"\"{reference.Said}\" matches several of your accounts. Did you mean {string.Join(", ", named.SkipLast(1))} or {named[^1]}?", refused: false)
                    with { Choices = [.. reference.Candidates!.Take(5).Select(a => a.Name)] };
            case AccountResolution.Missing:
                return DraftEngine.NotFound(OfflineAnswers.AnswerKind, reference.Said!, DraftEngine.OfflineMode);
            case AccountResolution.None:
                return await NoAccountAsync(turn, cancellationToken).ConfigureAwait(false);
        }

        var data = await engine.Gateway.FindAccountAsync(turn.User, reference.Account!.AccountId, cancellationToken).ConfigureAwait(false);
        return data is null
            ? DraftEngine.NotFound(OfflineAnswers.AnswerKind, reference.Account.Name, DraftEngine.OfflineMode)
            : await AnswerAsync(turn, data, cancellationToken).ConfigureAwait(false);
    }

    protected abstract Task<Draft> AnswerAsync(AskTurn turn, AccountData data, CancellationToken cancellationToken);

    /// <summary>A question that needs an account and names none: asked back, with the asker's accounts most in need first.</summary>
    protected virtual async Task<Draft> NoAccountAsync(AskTurn turn, CancellationToken cancellationToken)
    {
        var rows = await engine.Gateway.PortfolioAsync(turn.User, cancellationToken).ConfigureAwait(false);
        return DraftEngine.Message(OfflineAnswers.AnswerKind, DraftEngine.OfflineMode,
            "Which account do you mean? Name it, or ask about your **portfolio**.", refused: false)
            with { Choices = rows.Count == 0 ? null : [.. rows.Take(3).Select(r => r.Account.Name)] };
    }
}

/// <summary>
/// A direct answer about an account's data: one handler per intent (health, renewal, people, tickets, goals, usage,
/// activity, surveys), each composing its answer from the same account context. With a model, the model leads
/// (<see cref="Llm.CopilotAgent"/>) and these answer when it cannot.
/// </summary>
public sealed class AccountAnswerHandler(AskIntent intent, Func<AccountContext, AskUnderstanding, Draft> compose, DraftEngine engine)
    : AccountHandler(engine)
{
    /// <summary>The intents answered directly from an account's data, and how each offline answer is composed.</summary>
    public static readonly IReadOnlyDictionary<AskIntent, Func<AccountContext, AskUnderstanding, Draft>> Answers =
        new Dictionary<AskIntent, Func<AccountContext, AskUnderstanding, Draft>>
        {
            [AskIntent.Health] = (ctx, understanding) => OfflineAnswers.Health(ctx, understanding.AsksWhy, DraftEngine.OfflineMode),
            [AskIntent.Renewal] = (ctx, _) => OfflineAnswers.Renewal(ctx, DraftEngine.OfflineMode),
            [AskIntent.Stakeholders] = (ctx, _) => OfflineAnswers.Stakeholders(ctx, DraftEngine.OfflineMode),
            [AskIntent.Tickets] = (ctx, _) => OfflineAnswers.Tickets(ctx, DraftEngine.OfflineMode),
            [AskIntent.Outcomes] = (ctx, _) => OfflineAnswers.Outcomes(ctx, DraftEngine.OfflineMode),
            [AskIntent.Usage] = (ctx, _) => OfflineAnswers.Usage(ctx, DraftEngine.OfflineMode),
            [AskIntent.Activity] = (ctx, _) => OfflineAnswers.Activity(ctx, DraftEngine.OfflineMode),
            [AskIntent.Feedback] = (ctx, _) => OfflineAnswers.Feedback(ctx, DraftEngine.OfflineMode),
        };

    public override AskIntent Intent => intent;

    protected override async Task<Draft> AnswerAsync(AskTurn turn, AccountData data, CancellationToken cancellationToken)
    {
        var ctx = await Engine.PrepareAsync(DraftKind.AccountSummary, data, new CitationLedger(), [], cancellationToken).ConfigureAwait(false);
        return compose(ctx, turn.Understanding);
    }
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
            Offline = true, // a model leads before the handlers: here, its fallback drafts offline
            // "draft an email to Mei Chen asking for a call next week": to the contact or colleague named, about what was asked.
            Recipient = turn.Understanding.Contact?.Name ?? (turn.Understanding.Colleagues is [var colleague, ..] ? colleague.Name : null),
            Purpose = turn.Understanding.Purpose,
        }, cancellationToken);
}
