using System.CommandLine;
using System.Globalization;
using CopilotBot.Core.Alerts;
using Spectre.Console;

namespace CopilotBot.Cli.Commands;

/// <summary><c>copilot alerts [--pending] [--all]</c>: early warnings on the accounts the user may see, with their state.</summary>
internal static class AlertsCommand
{
    public static Command Create(GlobalOptions options, CliOutput output)
    {
        var pending = new Option<bool>("--pending") { Description = "Only alerts still waiting to reach someone the bot cannot reach yet" };
        var all = new Option<bool>("--all") { Description = "Also handled and resolved alerts" };
        var command = new Command("alerts", "Early warnings and opportunities raised on your accounts, with their delivery state") { pending, all };
        command.SetSessionAction(options, output, async (parse, session, cancellationToken) =>
        {
            var service = session.Get<AlertService>();
            var scope = await session.GetScopeAsync(cancellationToken).ConfigureAwait(false);
            var filter = parse.GetValue(pending) ? AlertFilter.Pending : parse.GetValue(all) ? AlertFilter.All : AlertFilter.Open;
            var alerts = await service.ListAsync(scope, filter, cancellationToken).ConfigureAwait(false);
            var now = session.Get<TimeProvider>().GetUtcNow();
            if (session.Json)
            {
                CliJson.Write(output.Out, alerts.Select(a => new
                {
                    a.Key,
                    a.AccountId,
                    a.AccountName,
                    Kind = AlertKinds.ToName(a.Kind),
                    a.Subject,
                    a.Title,
                    a.Summary,
                    Status = a.StatusAt(now).ToString().ToLowerInvariant(),
                    a.AsOf,
                    a.RaisedAt,
                    a.Recipients,
                    PendingRecipients = a.PendingRecipients(now),
                    a.Deliveries,
                    a.SnoozedUntil,
                    a.SnoozedBy,
                    a.HandledAt,
                    a.HandledBy,
                    a.ResolvedAt,
                    a.Evidence,
                }));
                return CopilotCli.Ok;
            }

            var table = new Table().Border(TableBorder.Rounded)
                .AddColumn("raised").AddColumn("account").AddColumn("alert").AddColumn("status").AddColumn(filter == AlertFilter.Pending ? "waiting for" : "recipients");
            foreach (var alert in alerts)
            {
                var status = alert.StatusAt(now);
                var recipients = filter == AlertFilter.Pending ? alert.PendingRecipients(now) : alert.Recipients;
                table.AddRow(
                    alert.RaisedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    $"{Markup.Escape(alert.AccountName)} [grey]{Markup.Escape(alert.AccountId)}[/]",
                    $"{Markup.Escape(alert.Title)}\n[grey]{Markup.Escape(alert.Key)}[/]",
                    Markup.Escape(StatusText(alert, status)),
                    Markup.Escape(string.Join(", ", recipients)));
            }

            output.Console.Write(table);
            output.Console.MarkupLine(CultureInfo.InvariantCulture, "{0} alert(s){1}.", alerts.Count,
                filter switch { AlertFilter.Pending => " not yet delivered", AlertFilter.All => " in all states", _ => " open or snoozed" });
            return CopilotCli.Ok;
        });
        return command;
    }

    private static string StatusText(Alert alert, AlertStatus status) => status switch
    {
        AlertStatus.Snoozed => string.Create(CultureInfo.InvariantCulture, $"snoozed until {alert.SnoozedUntil:yyyy-MM-dd} ({alert.SnoozedBy})"),
        AlertStatus.Handled => string.Create(CultureInfo.InvariantCulture, $"handled {alert.HandledAt:yyyy-MM-dd} by {alert.HandledBy}"),
        AlertStatus.Resolved => string.Create(CultureInfo.InvariantCulture, $"resolved {alert.ResolvedAt:yyyy-MM-dd}"),
        _ => alert.Deliveries.Count > 0 ? $"open, delivered to {string.Join(", ", alert.Deliveries.Select(d => d.Recipient))}" : "open",
    };
}
