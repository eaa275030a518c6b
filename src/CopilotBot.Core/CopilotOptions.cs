using System.ComponentModel.DataAnnotations;

namespace CopilotBot.Core;

/// <summary>Where the store and index live and which day "today" is (configuration section <c>Copilot</c>).</summary>
public sealed class CopilotOptions
{
    public const string SectionName = "Copilot";

    /// <summary>Folder holding the portfolio store and the playbook index; created on first use.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>The date every figure is computed as of; today when empty.</summary>
    public DateOnly? AsOf { get; set; }

    /// <summary>The as-of date in force.</summary>
    public DateOnly ResolveAsOf(TimeProvider timeProvider) =>
        AsOf ?? DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);
}
