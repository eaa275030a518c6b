using System.ComponentModel.DataAnnotations;

namespace CopilotBot.Bot.Mcp;

/// <summary>Configuration section <c>Mcp</c>: the MCP server at <c>/mcp</c> and the development tokens it accepts.</summary>
public sealed class McpOptions : IValidatableObject
{
    public const string SectionName = "Mcp";

    /// <summary>Maps <c>/mcp</c> on the bot host.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a token from <c>copilot mcp token</c> is valid (development mode only; at most a day).</summary>
    public TimeSpan DevTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The delegated scope MCP clients ask Entra for, under the app id URI (<c>api://APP_ID/SCOPE</c>); announced in
    /// the protected resource metadata so that clients such as VS Code can sign the user in by themselves.
    /// </summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]+$", ErrorMessage = "Mcp:Scope must be a scope name such as access_as_user.")]
    public string Scope { get; set; } = "access_as_user";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DevTokenLifetime <= TimeSpan.Zero || DevTokenLifetime > TimeSpan.FromDays(1))
        {
            yield return new ValidationResult("Mcp:DevTokenLifetime must be a positive time span of at most a day (hh:mm:ss).", [nameof(DevTokenLifetime)]);
        }
    }
}
