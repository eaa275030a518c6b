using CopilotBot.Copilot.Drafting;
using CopilotBot.Copilot.Understanding;
using CopilotBot.Core.Domain;

namespace CopilotBot.Copilot.Handlers;

/// <summary>One question being answered offline: who asks, what was understood and what the conversation remembers.</summary>
public sealed record AskTurn(AskRequest Request, User User, AskUnderstanding Understanding, ConversationState State, LinkingData Data);

/// <summary>Answers one intent.</summary>
public interface IAskHandler
{
    AskIntent Intent { get; }

    Task<Draft> HandleAsync(AskTurn turn, CancellationToken cancellationToken);
}

/// <summary>The table from intent to handler; every intent has exactly one.</summary>
public sealed class AskHandlers
{
    private readonly Dictionary<AskIntent, IAskHandler> _byIntent;

    public AskHandlers(IEnumerable<IAskHandler> handlers)
    {
        _byIntent = handlers.ToDictionary(h => h.Intent);
        var missing = Enum.GetValues<AskIntent>().Where(i => !_byIntent.ContainsKey(i)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"No handler for {string.Join(", ", missing)}.");
        }
    }

    /// <summary>
    /// The handler of what was understood. A question asked of each account of the last list ("why those 3?", "how are
    /// their renewals looking?") is answered by listing those accounts with what makes each what it is.
    /// </summary>
    public IAskHandler For(AskUnderstanding understanding) =>
        _byIntent[understanding.ListAccountIds.Count > 0 && AskIntents.NeedsAccount(understanding.Intent) ? AskIntent.Portfolio : understanding.Intent];
}
