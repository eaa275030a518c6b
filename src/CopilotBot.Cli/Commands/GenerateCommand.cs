using System.CommandLine;
using System.ComponentModel.DataAnnotations;
using CopilotBot.Core;
using CopilotBot.Core.Sample;

namespace CopilotBot.Cli.Commands;

/// <summary>
/// <c>copilot generate --out DIR</c>: the seeded sample portfolio as CSV files, at any scale, optionally
/// some weeks later (the checked-in sample is this command with its defaults).
/// </summary>
internal static class GenerateCommand
{
    public static Command Create(CliOutput output)
    {
        var defaults = new SampleOptions();
        var outFolder = new Option<string>("--out") { Description = "Folder to write the CSV files into", Required = true };
        var accounts = new Option<int>("--accounts") { Description = "Number of accounts", DefaultValueFactory = _ => defaults.Accounts };
        var weeks = new Option<int>("--weeks") { Description = "Weeks of usage history", DefaultValueFactory = _ => defaults.Weeks };
        var seed = new Option<int>("--seed") { Description = "Seed of every random choice", DefaultValueFactory = _ => defaults.Seed };
        var shiftWeeks = new Option<int>("--shift-weeks") { Description = "The same portfolio this many weeks later" };
        var command = new Command("generate", "Write the seeded sample portfolio (any size) as CSV files") { outFolder, accounts, weeks, seed, shiftWeeks };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = defaults with
            {
                Accounts = parse.GetValue(accounts),
                Weeks = parse.GetValue(weeks),
                Seed = parse.GetValue(seed),
                ShiftWeeks = parse.GetValue(shiftWeeks),
            };
            var folder = Path.GetFullPath(parse.GetRequiredValue(outFolder));
            try
            {
                var portfolio = SamplePortfolioGenerator.Generate(options);
                PortfolioCsvWriter.Write(portfolio, folder);
                await output.Out.WriteLineAsync(
                    $"Wrote {portfolio.Accounts.Count} accounts, {portfolio.Usage.Count} usage weeks, {portfolio.Tickets.Count} tickets " +
                    $"as of {options.EffectiveAsOf:yyyy-MM-dd} to {folder}").ConfigureAwait(false);
            }
            catch (ValidationException error)
            {
                throw new InvalidInputException(error.Message);
            }

            return CopilotCli.Ok;
        });
        return command;
    }
}
