using CopilotBot.Core.Health;

namespace CopilotBot.Cli.Rendering;

internal static class BandStyle
{
    /// <summary>The score as shown: a number, or a dash for an account with too little data to score.</summary>
    public static string Score(HealthReport report) =>
        report.Scored ? report.Score.ToString(System.Globalization.CultureInfo.InvariantCulture) : "–";

    public static string Markup(HealthBand band) => band switch
    {
        HealthBand.Red => "[bold red]red[/]",
        HealthBand.Yellow => "[bold yellow]yellow[/]",
        HealthBand.Unscored => "[grey]unscored[/]",
        _ => "[bold green]green[/]",
    };
}
