using System.ComponentModel.DataAnnotations;

namespace CopilotBot.Bot.DirectLine;

/// <summary>
/// The local Direct Line channel (configuration section <c>DirectLine</c>): a development stand-in for Azure Bot
/// Service so that the Web Chat page at <c>/</c> can talk to this host's own <c>/api/messages</c>.
/// </summary>
public sealed class DirectLineOptions
{
    public const string SectionName = "DirectLine";

    /// <summary>
    /// On, off, or (when unset) on exactly when no <c>Bot:MicrosoftAppId</c> is configured: the channel is
    /// unauthenticated, so it must never come up next to a real bot registration unless asked for.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>Where activities are delivered: absolute, or relative to this host's own address.</summary>
    [Required]
    public string BotEndpoint { get; set; } = "/api/messages";

    /// <summary>The bot's account as Web Chat sees it (<c>recipient</c> of user activities).</summary>
    [Required]
    public string BotId { get; set; } = "copilotbot";

    [Required]
    public string BotName { get; set; } = "CopilotBot";

    /// <summary>Conversations kept in memory; the least recently used one is dropped beyond this.</summary>
    [Range(1, 100_000)]
    public int MaxConversations { get; set; } = 200;

    /// <summary>Activities kept per conversation; the oldest are dropped beyond this.</summary>
    [Range(10, 100_000)]
    public int MaxActivitiesPerConversation { get; set; } = 500;

    [Range(60, 86_400)]
    public int TokenLifetimeSeconds { get; set; } = 3600;

    /// <summary>Whether the channel is up, given the bot's app id (or its absence).</summary>
    public bool IsEnabled(string? microsoftAppId) => Enabled ?? string.IsNullOrWhiteSpace(microsoftAppId);
}
