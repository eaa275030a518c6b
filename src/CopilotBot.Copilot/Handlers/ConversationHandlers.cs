using CopilotBot.Copilot.Drafting;
using CopilotBot.Copilot.Understanding;
using CopilotBot.Core.Domain;

namespace CopilotBot.Copilot.Handlers;

/// <summary>"help", "hi", "what can you do?": the asker's role guide, with examples naming their own accounts.</summary>
public sealed class HelpHandler(DraftEngine engine) : IAskHandler
{
    public AskIntent Intent => AskIntent.Help;

    public async Task<Draft> HandleAsync(AskTurn turn, CancellationToken cancellationToken)
    {
        var examples = await ExamplesAsync(turn.User, cancellationToken).ConfigureAwait(false);
        var markdown = $"Here is what I can do for you ({turn.User.Role.ToString().ToLowerInvariant()}):\n\n"
            + string.Concat(examples.Select(e => $"- **{e.Example}**: {e.What}\n"))
            + "\nAsk in your own words and follow up (\"and their renewal?\", \"the second one\"). Every claim I make cites a data row or a playbook passage.\n";
        return new Draft(OfflineAnswers.HelpKind, null, DraftEngine.OfflineMode, markdown, [], [], [], Refused: false)
        {
            Choices = [.. examples.Take(3).Select(e => e.Example)],
        };
    }

    /// <summary>
    /// What the copilot does for this user's role, each example naming one of their accounts (the worst, or the largest
    /// for a rep) or colleagues; for no user, examples that name no account.
    /// </summary>
    public async Task<IReadOnlyList<GuideExample>> ExamplesAsync(User? user, CancellationToken cancellationToken)
    {
        var examples = new List<GuideExample>();
        void Add(string? example, string what)
        {
            if (example is not null) examples.Add(new GuideExample(example, what));
        }

        if (user is null)
        {
            Add("my portfolio", "your accounts, worst first");
            Add("how much ARR is at risk?", "a team's summary, for managers");
            Add("our champion just quit, what now?", "the playbooks' guidance, cited");
            return examples;
        }

        var rows = await engine.Gateway.PortfolioAsync(user, cancellationToken).ConfigureAwait(false);
        var users = await engine.Gateway.UsersAsync(cancellationToken).ConfigureAwait(false);
        var worst = rows.Count > 0 ? rows[0].Account.Name : null;
        var biggest = rows.Count > 0 ? rows.MaxBy(r => r.Account.Arr)!.Account.Name : null;
        var report = users.FirstOrDefault(u => string.Equals(u.ManagerEmail, user.Email, StringComparison.OrdinalIgnoreCase))?.Name.Split(' ')[0];
        switch (user.Role)
        {
            case UserRole.Sales:
                Add(biggest is null ? null : $"prep me for my call with {biggest}", "a pre-call brief: who, what changed, risks and openings");
                Add(biggest is null ? null : $"renewal talking points for {biggest}", "points for the renewal conversation");
                Add("which accounts could expand?", "accounts showing room for more seats");
                Add("my accounts renewing next quarter", "the accounts you sell to, with a filter");
                break;
            case UserRole.Manager:
            case UserRole.Admin:
                Add("how much ARR is at risk?", "your team's summary: bands, ARR at risk, renewals in 90 days");
                Add("which CSM has the most red accounts?", "a line per CSM");
                Add(report is null ? null : $"how is {report} doing?", "one CSM's accounts");
                Add("did we lose any champions?", "the accounts raising a flag");
                Add(worst is null ? null : $"summary of {worst}", "a cited account summary for a review");
                break;
            default:
                Add(worst is null ? null : $"how's {worst} doing?", "score, band, trend and the flags behind them");
                Add(worst is null ? null : $"what do I do about {worst}?", "a cited remediation plan");
                Add(worst is null ? null : $"discovery questions for {worst}", "questions for the next call");
                Add("anything I should worry about this week?", "your renewals at risk and new critical flags");
                Add("which of my accounts renew this quarter and are red?", "your accounts with a filter");
                break;
        }

        Add("our champion just quit, what now?", "the playbooks' guidance, cited");
        return examples;
    }
}

/// <summary>"thanks", "ok great".</summary>
public sealed class ThanksHandler : IAskHandler
{
    public AskIntent Intent => AskIntent.Thanks;

    public Task<Draft> HandleAsync(AskTurn turn, CancellationToken cancellationToken) =>
        Task.FromResult(DraftEngine.Message(OfflineAnswers.AnswerKind, DraftEngine.OfflineMode, "You're welcome. Ask me about an account or your portfolio any time.", refused: false));
}

/// <summary>The weather, a joke, a metric the data does not hold: one line on what it cannot do and what it can.</summary>
public sealed class OutOfScopeHandler : IAskHandler
{
    public AskIntent Intent => AskIntent.OutOfScope;

    public Task<Draft> HandleAsync(AskTurn turn, CancellationToken cancellationToken) =>
        Task.FromResult(DraftEngine.Message(OfflineAnswers.AnswerKind, DraftEngine.OfflineMode,
            "I can't help with that: I only know your accounts (health, renewals, contacts, usage, tickets, surveys, goals, activity) and the customer-success playbooks. "
            + "Try \"my portfolio\", \"how's <account> doing?\" or \"help\".", refused: false));
}

/// <summary>Schedule a meeting, reassign an account, update the CRM: say it cannot, and offer the nearest thing it can do.</summary>
public sealed class UnsupportedActionHandler : IAskHandler
{
    public AskIntent Intent => AskIntent.UnsupportedAction;

    public Task<Draft> HandleAsync(AskTurn turn, CancellationToken cancellationToken)
    {
        var account = turn.Understanding.Account.Account;
        var offer = account is null
            ? "I can draft the message for you to send, or show who owns an account (\"stakeholders at <account>\")."
            : $"I can draft the message for you to send (\"draft an email to their sponsor at {account.Name}\"), or show who is who there (\"stakeholders at {account.Name}\").";
        var draft = DraftEngine.Message(OfflineAnswers.AnswerKind, DraftEngine.OfflineMode,
            $"I can't take actions in other systems (calendars, the CRM, account assignments, tickets): I only read your data. {offer}", refused: false);
        return Task.FromResult(account is null ? draft : draft with
        {
            Choices = [$"draft an email to the sponsor at {account.Name}", $"stakeholders at {account.Name}"],
        });
    }
}
