using System.CommandLine;
using System.Globalization;
using CopilotBot.Cli.Rendering;
using CopilotBot.Core.Health;
using CopilotBot.Core.Portfolio;
using Spectre.Console;

namespace CopilotBot.Cli.Commands;

/// <summary><c>copilot portfolio [--owner EMAIL]</c>: the accounts the user may see, worst first.</summary>
internal static class PortfolioCommand
{
    public static Command Create(GlobalOptions options, CliOutput output)
    {
        var owner = new Option<string?>("--owner") { Description = "Only this CSM's or sales rep's accounts (within your reach)" };
        var command = new Command("portfolio", "The accounts you may see, worst first, with score, band, ARR, renewal and flags") { owner };
        command.SetSessionAction(options, output, async (parse, session, cancellationToken) =>
        {
            var portfolio = session.Get<PortfolioService>();
            var scope = await session.GetScopeAsync(cancellationToken).ConfigureAwait(false);
            var rows = await portfolio.GetPortfolioAsync(scope, parse.GetValue(owner), cancellationToken).ConfigureAwait(false);
            if (session.Json)
            {
                CliJson.Write(output.Out, rows.Select(r => new
                {
                    r.Account.AccountId,
                    r.Account.Name,
                    Score = r.Health.Scored ? r.Health.Score : (int?)null,
                    r.Health.Band,
                    r.Account.Arr,
                    r.Account.Currency,
                    r.Account.RenewalDate,
                    r.Account.CsmEmail,
                    r.Account.SalesEmail,
                    Flags = r.Health.Flags.Select(f => f.Code),
                    Signals = r.Health.Signals.Select(f => f.Code),
                    r.Health.Trend.Delta4Weeks,
                }));
                return CopilotCli.Ok;
            }

            Write(output.Console, rows, portfolio.AsOf);
            return CopilotCli.Ok;
        });
        return command;
    }

    private static void Write(IAnsiConsole console, IReadOnlyList<PortfolioRow> rows, DateOnly asOf)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("account").AddColumn(new TableColumn("score").RightAligned()).AddColumn("band").AddColumn("trend")
            .AddColumn(new TableColumn("ARR").RightAligned()).AddColumn("renewal").AddColumn("flags");
        foreach (var row in rows)
        {
            var health = row.Health;
            table.AddRow(
                $"{Markup.Escape(row.Account.Name)} [grey]{Markup.Escape(row.Account.AccountId)}[/]",
                BandStyle.Score(health),
                BandStyle.Markup(health.Band),
                Markup.Escape($"{Sparkline.Render(health.Trend.History.Select(p => p.Score))} {health.Trend.Arrow}"),
                Markup.Escape(HealthView.Money(row.Account)),
                string.Create(CultureInfo.InvariantCulture, $"{row.Account.RenewalDate:yyyy-MM-dd} ({row.Account.RenewalDate.DayNumber - asOf.DayNumber} d)"),
                Markup.Escape(string.Join(", ", health.Flags.Select(f => f.Code).Concat(health.Signals.Select(s => "+" + s.Code)))));
        }

        console.Write(table);
        console.MarkupLine(CultureInfo.InvariantCulture,
            "{0} accounts as of {1:yyyy-MM-dd}: {2} red, {3} yellow, {4} green{5}; ARR {6}, of which {7} in red accounts.",
            rows.Count, asOf,
            rows.Count(r => r.Health.Band == HealthBand.Red), rows.Count(r => r.Health.Band == HealthBand.Yellow),
            rows.Count(r => r.Health.Band == HealthBand.Green),
            rows.Count(r => !r.Health.Scored) is > 0 and var unscored ? $", {unscored} unscored (too little data)" : "",
            Markup.Escape(Total(rows)), Markup.Escape(Total(rows.Where(r => r.Health.Band == HealthBand.Red))));
    }

    /// <summary>ARR summed per currency: amounts in different currencies are never added together.</summary>
    private static string Total(IEnumerable<PortfolioRow> rows)
    {
        var sums = rows.GroupBy(r => r.Account.Currency).OrderBy(g => g.Key)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Sum(r => r.Account.Arr):N0} {g.Key}"))
            .ToList();
        return sums.Count == 0 ? "0" : string.Join(" + ", sums);
    }
}
