using System.CommandLine;
using System.Globalization;
using CopilotBot.Cli.Bench;
using Spectre.Console;

namespace CopilotBot.Cli.Commands;

/// <summary>
/// <c>copilot bench [--accounts N] [--weeks W] [--chunks C] ...</c>: the performance figures of issue #7 in one run,
/// on a generated portfolio and an expanded library in a folder of its own. Exit 1 when a figure misses its target.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(GlobalOptions options, CliOutput output)
    {
        var accounts = new Option<int>("--accounts") { Description = "Accounts in the generated portfolio", DefaultValueFactory = _ => 10_000 };
        var weeks = new Option<int>("--weeks") { Description = "Weeks of usage per account", DefaultValueFactory = _ => 52 };
        var chunks = new Option<int>("--chunks") { Description = "Passages in the expanded playbook library", DefaultValueFactory = _ => 5_000 };
        var drafts = new Option<int>("--drafts") { Description = "Offline drafts timed", DefaultValueFactory = _ => 300 };
        var rounds = new Option<int>("--search-rounds") { Description = "Times every labelled query is searched per mode", DefaultValueFactory = _ => 5 };
        var turnSeconds = new Option<int>("--turn-seconds") { Description = "Seconds of /api/messages load per bot (ours, the JS echo bot); 0 skips", DefaultValueFactory = _ => 20 };
        var conversations = new Option<int>("--conversations") { Description = "Concurrent conversations of the turn load", DefaultValueFactory = _ => 16 };
        var noProcesses = new Option<bool>("--no-processes") { Description = "Skip starting the bot as a process (cold start, peak memory)" };
        var baselines = new Option<string?>("--baselines") { Description = "Folder of the JS baselines (vectra, botbuilder) with node_modules; found in the repository by default" };
        var work = new Option<string?>("--work") { Description = "Keep the generated data in this folder instead of a temporary one" };
        var draftsOnly = new Option<bool>("--drafts-only") { Description = "Only draft latency per kind, with the configured embedder loaded, over the first --drafts accounts of the generated portfolio and the real playbook library" };
        var command = new Command("bench", "Performance figures side by side with their targets: import, scoring, portfolio, search, drafts, startup, memory, baselines")
        {
            accounts, weeks, chunks, drafts, rounds, turnSeconds, conversations, noProcesses, baselines, work, draftsOnly,
        };
        command.Subcommands.Add(AgentLoopBench.Create(options, output));
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new BenchSettings(
                parse.GetValue(accounts),
                parse.GetValue(weeks),
                parse.GetValue(chunks),
                parse.GetValue(drafts),
                parse.GetValue(rounds),
                parse.GetValue(turnSeconds),
                parse.GetValue(conversations),
                !parse.GetValue(noProcesses),
                parse.GetValue(baselines),
                parse.GetValue(work),
                parse.GetValue(draftsOnly));
            if (settings is not { Accounts: >= 10 and <= 1_000_000, Weeks: >= 13 and <= 520, Chunks: >= 100 and <= 1_000_000, Drafts: >= 1, SearchRounds: >= 1, TurnSeconds: >= 0, TurnConversations: >= 1 })
            {
                await output.Error.WriteLineAsync("--accounts 10..1000000, --weeks 13..520, --chunks 100..1000000, --drafts and --search-rounds >= 1, --turn-seconds >= 0, --conversations >= 1.").ConfigureAwait(false);
                return CopilotCli.BadInput;
            }

            var report = await new BenchRunner(settings, output).RunAsync(cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(options.Json))
            {
                CliJson.Write(output.Out, report);
            }
            else
            {
                Render(report, output);
            }

            return report.Figures.Any(f => f.Met == false) ? CopilotCli.Failure : CopilotCli.Ok;
        });
        return command;
    }

    private static void Render(BenchReport report, CliOutput output)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title(Markup.Escape(report.Settings.DraftsOnly
                ? $"copilot bench --drafts-only: {report.Settings.Accounts:N0} accounts x {report.Settings.Weeks} weeks, the playbook library"
                : $"copilot bench: {report.Settings.Accounts:N0} accounts x {report.Settings.Weeks} weeks, {report.Settings.Chunks:N0} passages"));
        foreach (var column in new[] { "area", "measure", "value", "target", "met" }) table.AddColumn(column);
        foreach (var figure in report.Figures)
        {
            table.AddRow(
                Markup.Escape(figure.Area),
                Markup.Escape(figure.Measure) + (figure.Note is null ? "" : $"\n[grey]{Markup.Escape(figure.Note)}[/]"),
                Markup.Escape(Format(figure.Value, figure.Unit)),
                Markup.Escape(figure.Target ?? ""),
                figure.Met switch { true => "[green]yes[/]", false => "[red]no[/]", null => "" });
        }

        output.Console.Write(table);
        var m = report.Machine;
        output.Out.WriteLine($"Machine: {m.Cores} cores, {m.Runtime}, {m.Os}, load average at start {m.LoadAverageAtStart}.");
        foreach (var skipped in report.Skipped) output.Out.WriteLine("Skipped: " + skipped);
    }

    private static string Format(double value, string unit) => unit switch
    {
        "" => value.ToString("0.000", CultureInfo.InvariantCulture),
        "x" => value.ToString("0.0", CultureInfo.InvariantCulture) + "x",
        _ => (value >= 100 ? value.ToString("0", CultureInfo.InvariantCulture) : value.ToString("0.00", CultureInfo.InvariantCulture)) + " " + unit,
    };
}
