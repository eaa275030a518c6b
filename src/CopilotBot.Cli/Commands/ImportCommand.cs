using System.CommandLine;
using System.Globalization;
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

            return CopilotCli.Ok;
        });
        return command;
    }
}
