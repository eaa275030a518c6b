using CopilotBot.Copilot.Drafting;
using CopilotBot.Copilot.Grounding;
using CopilotBot.Core.Domain;

namespace CopilotBot.Copilot.Plugins;

/// <summary>One turn of the copilot: who asks, and the ledger that collects what plugins return.</summary>
public sealed record CopilotTurn(User User, CitationLedger Ledger)
{
    /// <summary>What the model did while leading a free question (its tool calls); null while it drafts.</summary>
    public ToolUse? Tools { get; init; }
}

/// <summary>
/// The tool calls of one model-led answer: counted against a cap (a model looping on tools is stopped), with the
/// accounts the tools opened and the last answer a handler tool gave (its health or rows feed the cards).
/// </summary>
public sealed class ToolUse(int maxCalls)
{
    private readonly Lock _lock = new();
    private readonly List<string> _calls = [];
    private readonly List<string> _accounts = [];

    public int MaxCalls => maxCalls;

    /// <summary>Set once a call beyond <see cref="MaxCalls"/> was refused.</summary>
    public bool CapReached { get; private set; }

    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Account ids the tools opened, in order, once each.</summary>
    public IReadOnlyList<string> Accounts
    {
        get
        {
            lock (_lock)
            {
                return [.. _accounts];
            }
        }
    }

    /// <summary>The last answer of a handler or draft tool, for what it carries besides text (health, portfolio rows).</summary>
    public Draft? LastAnswer { get; set; }

    /// <summary>Counts a call; false (and <see cref="CapReached"/>) past the cap.</summary>
    public bool TryCall(string tool)
    {
        lock (_lock)
        {
            if (_calls.Count >= maxCalls)
            {
                CapReached = true;
                return false;
            }

            _calls.Add(tool);
            return true;
        }
    }

    public void Opened(string accountId)
    {
        lock (_lock)
        {
            if (!_accounts.Contains(accountId, StringComparer.Ordinal))
            {
                _accounts.Add(accountId);
            }
        }
    }
}

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
