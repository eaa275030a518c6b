using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CopilotBot.Core.Diagnostics;

/// <summary>
/// The project's own traces and metrics, one <see cref="ActivitySource"/> and one <see cref="Meter"/> named
/// <see cref="Name"/>, exported by OpenTelemetry when the host configures an exporter. Instruments carry no
/// personal data: tags are channels, kinds, modes and outcomes, never text, names or emails.
/// </summary>
public static class CopilotTelemetry
{
    /// <summary>Name of the activity source and the meter.</summary>
    public const string Name = "CopilotBot";

    /// <summary>Spans for turns, drafts and outbox sends.</summary>
    public static readonly ActivitySource Source = new(Name);

    /// <summary>The meter all instruments below belong to.</summary>
    public static readonly Meter Meter = new(Name);

    /// <summary>Turns handled by the bot, tagged <c>channel</c>, <c>type</c> and <c>outcome</c> (ok, error).</summary>
    public static readonly Counter<long> Turns = Meter.CreateCounter<long>("copilotbot.turns", "{turn}", "Turns handled by the bot");

    /// <summary>Time from receiving an activity to the end of its turn.</summary>
    public static readonly Histogram<double> TurnDuration = Meter.CreateHistogram<double>("copilotbot.turn.duration", "s", "Turn latency");

    /// <summary>LLM tokens used, tagged <c>direction</c> (input, output) and <c>kind</c>.</summary>
    public static readonly Counter<long> LlmTokens = Meter.CreateCounter<long>("copilotbot.llm.tokens", "{token}", "LLM tokens used");

    /// <summary>Drafts that fell back from the LLM to the offline engine, tagged <c>reason</c>.</summary>
    public static readonly Counter<long> LlmFallbacks = Meter.CreateCounter<long>("copilotbot.llm.fallbacks", "{draft}", "LLM drafts that fell back to offline drafting");

    /// <summary>Outbox send attempts, tagged <c>outcome</c> (delivered, retry, dead_letter).</summary>
    public static readonly Counter<long> OutboxAttempts = Meter.CreateCounter<long>("copilotbot.outbox.attempts", "{attempt}", "Reply send attempts through the outbox");
}
