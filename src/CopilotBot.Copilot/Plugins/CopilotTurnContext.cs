using CopilotBot.Copilot.Grounding;
using CopilotBot.Core.Domain;

namespace CopilotBot.Copilot.Plugins;

/// <summary>One turn of the copilot: who asks, and the ledger that collects what plugins return.</summary>
public sealed record CopilotTurn(User User, CitationLedger Ledger);

/// <summary>
/// The asking user of the turn in progress, flowing with the async call (automatic function calling runs in
/// it). Plugins read the user from here and never from a model-supplied argument.
/// </summary>
public sealed class CopilotTurnContext
{
    private static readonly AsyncLocal<CopilotTurn?> s_current = new();

    public CopilotTurn? Current => s_current.Value;

    /// <summary>The turn in progress; plugins called outside a turn fail instead of guessing a user.</summary>
    public CopilotTurn Require() => s_current.Value ?? throw new InvalidOperationException("A plugin was called outside a copilot turn.");

    public IDisposable Begin(CopilotTurn turn)
    {
        var previous = s_current.Value;
        s_current.Value = turn;
        return new Restore(previous);
    }

    private sealed class Restore(CopilotTurn? previous) : IDisposable
    {
        public void Dispose() => s_current.Value = previous;
    }
}
