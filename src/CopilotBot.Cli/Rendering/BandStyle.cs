using CopilotBot.Core.Health;

namespace CopilotBot.Cli.Rendering;

internal static class BandStyle
{
    public static string Markup(HealthBand band) => band switch
    {
        HealthBand.Red => "[bold red]red[/]",
        HealthBand.Yellow => "[bold yellow]yellow[/]",
        _ => "[bold green]green[/]",
    };
}
