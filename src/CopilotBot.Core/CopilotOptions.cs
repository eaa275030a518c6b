using System.ComponentModel.DataAnnotations;

namespace CopilotBot.Core;

/// <summary>Where the store and index live and which day "today" is (configuration section <c>Copilot</c>).</summary>
public sealed class CopilotOptions
{
    public const string SectionName = "Copilot";

    /// <summary>The <see cref="Store"/> value of the embedded SQLite store.</summary>
    public const string SqliteStore = "sqlite";

    /// <summary>The <see cref="Store"/> value of the PostgreSQL store.</summary>
    public const string PostgresStore = "postgres";

    /// <summary>
    /// Folder holding the portfolio store and the playbook index; created on first use. A relative path is taken from
    /// the repository root when run inside the repository, else from the user's local application data (<see cref="DataFolder"/>).
    /// </summary>
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

    /// <summary>
    /// Where the portfolio (and, unless <c>Bot:StateStore</c> says otherwise, the bot's conversation state) lives:
    /// <c>sqlite</c> (a file in <see cref="DataDirectory"/>, the default) or <c>postgres</c> (the database of
    /// <c>ConnectionStrings:Postgres</c>, shared by several instances).
    /// </summary>
    [RegularExpression("^(?i:sqlite|postgres)$", ErrorMessage = "Copilot:Store must be sqlite or postgres.")]
    public string Store { get; set; } = SqliteStore;

    /// <summary>Whether <see cref="Store"/> is PostgreSQL.</summary>
    public bool UsesPostgres => string.Equals(Store, PostgresStore, StringComparison.OrdinalIgnoreCase);

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
