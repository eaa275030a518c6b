using System.ComponentModel.DataAnnotations;

namespace CopilotBot.Core;

/// <summary>Where the store and index live and which day "today" is (configuration section <c>Copilot</c>).</summary>
public sealed class CopilotOptions
{
    public const string SectionName = "Copilot";

    /// <summary>Folder holding the portfolio store and the playbook index; created on first use.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// Folder of the shipped knowledge (playbooks, sample portfolio); a relative path is resolved against the
    /// application's own folder, where the hosts copy <c>knowledge/</c>.
    /// </summary>
    [Required]
    public string KnowledgeDirectory { get; set; } = "knowledge";

    /// <summary>Folder of the prompt templates, resolved like <see cref="KnowledgeDirectory"/>.</summary>
    [Required]
    public string PromptsDirectory { get; set; } = "prompts";

    /// <summary>Import the sample portfolio and index the playbooks when a host starts on an empty data folder.</summary>
    public bool SeedSampleOnFirstRun { get; set; }

    /// <summary>The date every figure is computed as of; today when empty.</summary>
    public DateOnly? AsOf { get; set; }

    /// <summary>The data folder as an absolute path (relative paths are taken from the working directory).</summary>
    public string DataPath => Path.GetFullPath(DataDirectory);

    /// <summary>The knowledge folder as an absolute path.</summary>
    public string KnowledgePath => Path.GetFullPath(KnowledgeDirectory, AppContext.BaseDirectory);

    /// <summary>The prompts folder as an absolute path.</summary>
    public string PromptsPath => Path.GetFullPath(PromptsDirectory, AppContext.BaseDirectory);

    /// <summary>The as-of date in force.</summary>
    public DateOnly ResolveAsOf(TimeProvider timeProvider) =>
        AsOf ?? DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);
}
