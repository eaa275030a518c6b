using System.ComponentModel.DataAnnotations;

namespace CopilotBot.Bot;

/// <summary>Configuration section <c>Bot</c>: the app registration, where tokens and keys come from, and turn limits.</summary>
public sealed class BotOptions : IValidatableObject
{
    public const string SectionName = "Bot";

    /// <summary>Microsoft App ID of the bot registration; empty means local development without authentication.</summary>
    public string? MicrosoftAppId { get; set; }

    public string? MicrosoftAppPassword { get; set; }

    /// <summary>Required for <c>SingleTenant</c>; outbound tokens then come from this tenant.</summary>
    public string? MicrosoftAppTenantId { get; set; }

    /// <summary><c>MultiTenant</c> (default) or <c>SingleTenant</c>.</summary>
    [RegularExpression("^(MultiTenant|SingleTenant)$", ErrorMessage = "Bot:MicrosoftAppType must be MultiTenant or SingleTenant.")]
    public string MicrosoftAppType { get; set; } = "MultiTenant";

    /// <summary>OpenID metadata for tokens issued by the Bot Framework channels (Teams, Direct Line).</summary>
    [Required]
    public string BotFrameworkOpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    [Required]
    public string BotFrameworkIssuer { get; set; } = "https://api.botframework.com";

    /// <summary>OpenID metadata for Entra-issued tokens (Emulator, Agents channels).</summary>
    [Required]
    public string EntraOpenIdMetadataUrl { get; set; } = "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration";

    /// <summary>Host of the token authority; the tenant (or <c>botframework.com</c>) is appended.</summary>
    [Required]
    public string OAuthAuthorityHost { get; set; } = "https://login.microsoftonline.com";

    [Required]
    public string OAuthScope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>Bodies larger than this are refused with 413.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxRequestBodyBytes { get; set; } = 256 * 1024;

    /// <summary>When an answer is not ready after this long the user gets an acknowledgement first.</summary>
    public TimeSpan SlowAnswerNotice { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>How long an Action.Execute invoke may draft before it answers "on its way" and posts the draft later (channels allow 15 s).</summary>
    public TimeSpan InvokeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The first typing indicator goes out when the answer is not ready after this long: an answer that comes sooner
    /// would replace the indicator before anyone saw it, and each indicator is one more call to the channel.
    /// </summary>
    public TimeSpan TypingDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Typing is repeated at this interval while drafting (clients show it for about 3 s).</summary>
    public TimeSpan TypingInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Minimum time between two Teams streaming updates.</summary>
    public TimeSpan StreamingInterval { get; set; } = TimeSpan.FromSeconds(1);

    [Range(1, 64)]
    public int MaxConcurrentTurns { get; set; } = 4;

    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 500;

    /// <summary>SQLite file for conversation references, context and the outbox; defaults to <c>bot-state.db</c> in the data directory.</summary>
    public string? StatePath { get; set; }

    /// <summary>
    /// Where conversation references, context and the reply outbox live: <c>sqlite</c> (a file, survives restarts),
    /// <c>postgres</c> (shared by every instance), or <c>memory</c> (tests). Unset follows <c>Copilot:Store</c>.
    /// </summary>
    [RegularExpression("^(?i:sqlite|postgres|memory)$", ErrorMessage = "Bot:StateStore must be sqlite, postgres or memory.")]
    public string? StateStore { get; set; }

    /// <summary>Attempts per reply before it is dead-lettered.</summary>
    [Range(1, 100)]
    public int OutboxMaxAttempts { get; set; } = 10;

    /// <summary>First retry delay of a failed reply; doubles per attempt up to <see cref="OutboxMaxDelay"/>.</summary>
    public TimeSpan OutboxBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan OutboxMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a sender holds a reply; longer than a connector call (30 s) so that a slow send is not sent twice.</summary>
    public TimeSpan OutboxLease { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>
    /// How long an instance holds an acknowledged activity it has not handled yet; renewed while it waits. After a crash,
    /// any instance (this one after its restart) runs it once the lease has run out.
    /// </summary>
    public TimeSpan InboxLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Turns started for one recovered activity before it is given up on (it may be what crashes the host).</summary>
    [Range(1, 100)]
    public int InboxMaxAttempts { get; set; } = 3;

    /// <summary>When the host stops, queued turns still run for this long; what is left is answered after the next start.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Longest the sender sleeps before looking at the outbox again.</summary>
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public bool AuthenticationEnabled => !string.IsNullOrWhiteSpace(MicrosoftAppId);

    public bool IsSingleTenant => string.Equals(MicrosoftAppType, "SingleTenant", StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[]
        {
            (nameof(OutboxBaseDelay), OutboxBaseDelay), (nameof(OutboxMaxDelay), OutboxMaxDelay),
            (nameof(OutboxLease), OutboxLease), (nameof(OutboxPollInterval), OutboxPollInterval),
            (nameof(SlowAnswerNotice), SlowAnswerNotice), (nameof(InvokeTimeout), InvokeTimeout),
            (nameof(TypingInterval), TypingInterval), (nameof(InboxLease), InboxLease), (nameof(DrainTimeout), DrainTimeout),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return new ValidationResult($"Bot:{name} must be a positive time span (hh:mm:ss).", [name]);
            }
        }

        if (TypingDelay < TimeSpan.Zero)
        {
            yield return new ValidationResult("Bot:TypingDelay must not be negative (zero: typing at once).", [nameof(TypingDelay)]);
        }

        if (StreamingInterval < TimeSpan.Zero)
        {
            yield return new ValidationResult("Bot:StreamingInterval must not be negative (zero: no throttling).", [nameof(StreamingInterval)]);
        }

        if (OutboxMaxDelay < OutboxBaseDelay)
        {
            yield return new ValidationResult("Bot:OutboxMaxDelay must not be shorter than Bot:OutboxBaseDelay.", [nameof(OutboxMaxDelay)]);
        }

        if (AuthenticationEnabled && string.IsNullOrWhiteSpace(MicrosoftAppPassword))
        {
            yield return new ValidationResult("Bot:MicrosoftAppPassword is required when Bot:MicrosoftAppId is set.");
        }

        if (IsSingleTenant && string.IsNullOrWhiteSpace(MicrosoftAppTenantId))
        {
            yield return new ValidationResult("Bot:MicrosoftAppTenantId is required for SingleTenant bots.");
        }
    }
}
