using System.CommandLine;
using System.Globalization;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Core.Import;

namespace CopilotBot.Cli.Commands;

/// <summary>
/// <c>copilot import FOLDER</c>: all-or-nothing. Every error as <c>file:line: column: message</c> and exit 2 with
/// the store untouched; on success the portfolio is replaced atomically and the rows per file are printed.
/// </summary>
internal static class ImportCommand
{
    public static Command Create(GlobalOptions options, CliOutput output)
    {
        var folder = new Argument<string>("FOLDER") { Description = "Folder of CSV files (users.csv, accounts.csv, ...)" };
        var command = new Command("import", "Import a portfolio (a folder of CSV files), replacing the current one") { folder };
        command.SetSessionAction(options, output, async (parse, session, cancellationToken) =>
        {
            var path = Path.GetFullPath(parse.GetRequiredValue(folder));
            var result = await session.Get<PortfolioImporter>().ImportAsync(path, cancellationToken).ConfigureAwait(false);
            foreach (var warning in result.Warnings)
            {
                await output.Error.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
            }

            if (session.Json)
            {
                CliJson.Write(output.Out, result);
            }

            if (!result.Succeeded)
            {
                foreach (var error in result.Errors)
                {
                    await output.Error.WriteLineAsync(error.ToString()).ConfigureAwait(false);
                }

                await output.Error.WriteLineAsync(
                    $"Import failed with {result.ErrorCount} error(s); the portfolio was left as it was.").ConfigureAwait(false);
                return CopilotCli.BadInput;
            }

            if (!session.Json)
            {
                foreach (var file in result.Files)
                {
                    await output.Out.WriteLineAsync(file.Found
                        ? string.Create(CultureInfo.InvariantCulture, $"{file.File,-18} {file.Rows,9:N0} rows")
                        : $"{file.File,-18}    absent").ConfigureAwait(false);
                }

                await output.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Imported {path} in {result.Elapsed.TotalSeconds:0.00} s.")).ConfigureAwait(false);
            }

            // The evidence is read by meaning after the import; this process ends here, so it waits: the vectors go to
            // the index folder's cache, where the bot's and the next command's first drafts find them.
            var reading = session.Get<EvidenceReading>().Current;
            if (!reading.IsCompleted && !session.Json)
            {
                await output.Error.WriteLineAsync("Reading the accounts' notes, tickets and survey comments by meaning for the drafts...").ConfigureAwait(false);
            }

            if (await reading.ConfigureAwait(false) is { } read && !session.Json)
            {
                await output.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Read the evidence of {read.Accounts:N0} accounts by meaning: {read.Sentences:N0} sentences, {read.Embedded:N0} embedded, in {read.Elapsed.TotalSeconds:0.0} s.")).ConfigureAwait(false);
            }

            return CopilotCli.Ok;
        });
        return command;
    }
}
