namespace CopilotBot.Cli;

/// <summary>Command-line settings (configuration section <c>Cli</c>).</summary>
internal sealed class CliOptions
{
    public const string SectionName = "Cli";

    /// <summary>The user whose access rules apply when <c>--as</c> is not given; none means <c>--as</c> is required.</summary>
    public string? DefaultUser { get; set; }
}
