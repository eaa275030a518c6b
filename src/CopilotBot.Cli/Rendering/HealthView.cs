using System.Globalization;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;
using Spectre.Console;

namespace CopilotBot.Cli.Rendering;

/// <summary>A health report as a person reads it: the score, why, and the evidence to check.</summary>
internal static class HealthView
{
    public static void Write(IAnsiConsole console, Account account, HealthReport report)
    {
        var trend = report.Trend;
        console.MarkupLine(CultureInfo.InvariantCulture,
            "[bold]{0}[/] ({1})  score [bold]{2}[/] {3}  trend {4} {5}",
            Markup.Escape(account.Name), Markup.Escape(account.AccountId), BandStyle.Score(report), BandStyle.Markup(report.Band),
            Markup.Escape(Sparkline.Render(trend.History.Select(p => p.Score))), Markup.Escape(TrendText(trend)));
        console.MarkupLine(CultureInfo.InvariantCulture,
            "as of {0:yyyy-MM-dd}; ARR {1}; renewal {2:yyyy-MM-dd} ({3} days)",
            report.AsOf, Markup.Escape(Money(account)), account.RenewalDate, account.RenewalDate.DayNumber - report.AsOf.DayNumber);
        if (!report.Scored)
        {
            console.MarkupLine("[grey]Unscored:[/] too little data for a score (components with data carry less than half the weight). Collect what is missing below.");
        }

        if (trend.EarlyWarning)
        {
            console.MarkupLine("[bold red]Early warning:[/] the score fell 15 points or more in 4 weeks.");
        }

        var components = new Table().Border(TableBorder.Rounded)
            .AddColumn("component").AddColumn(new TableColumn("score").RightAligned())
            .AddColumn(new TableColumn("weight").RightAligned()).AddColumn(new TableColumn("contribution").RightAligned())
            .AddColumn("why");
        foreach (var component in report.Components)
        {
            var name = component.Component.ToString().ToLowerInvariant();
            components.AddRow(
                component.Component == report.Drag ? $"[bold]{name}[/] (drag)" : name,
                component.Score is { } score ? score.ToString("0", CultureInfo.InvariantCulture) : "missing",
                component.EffectiveWeight.ToString("P0", CultureInfo.InvariantCulture),
                component.Contribution.ToString("0.0", CultureInfo.InvariantCulture),
                Markup.Escape(component.Explanation));
        }

        console.Write(components);
        WriteFlags(console, "Critical flags", report.Flags, "red");
        WriteFlags(console, "Expansion signals", report.Signals, "green");
        if (report.MissingData.Count > 0)
        {
            console.MarkupLine("[grey]Missing data (weight spread over the rest): {0}[/]", Markup.Escape(string.Join(", ", report.MissingData)));
        }
    }

    public static string TrendText(HealthTrend trend) =>
        $"{trend.Arrow} {Delta(trend.Delta4Weeks)} in 4 weeks, {Delta(trend.Delta12Weeks)} in 12";

    public static string Money(Account account) =>
        string.Create(CultureInfo.InvariantCulture, $"{account.Arr:N0} {account.Currency}");

    private static string Delta(int? delta) => delta switch
    {
        null => "n/a",
        > 0 => $"+{delta}",
        _ => delta.Value.ToString(CultureInfo.InvariantCulture),
    };

    private static void WriteFlags(IAnsiConsole console, string title, IReadOnlyList<HealthFlag> flags, string colour)
    {
        if (flags.Count == 0)
        {
            return;
        }

        var tree = new Tree($"[bold]{title}[/]");
        foreach (var flag in flags)
        {
            var node = tree.AddNode($"[{colour}]{Markup.Escape(flag.Code)}[/]: {Markup.Escape(flag.Description)}");
            foreach (var evidence in flag.Evidence)
            {
                node.AddNode($"{Markup.Escape(evidence.Text)} [grey]({Markup.Escape(evidence.Source)})[/]");
            }
        }

        console.Write(tree);
    }
}
