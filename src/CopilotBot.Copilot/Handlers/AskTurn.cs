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

    public IAskHandler For(AskIntent intent) => _byIntent[intent];
}
