using System.CommandLine;
using System.Globalization;
using CopilotBot.Core;
using CopilotBot.Knowledge.Ingestion;
using CopilotBot.Knowledge.Retrieval;
using Spectre.Console;

namespace CopilotBot.Cli.Commands;

/// <summary>
/// <c>copilot index [--rebuild] [FOLDER]</c>: brings the playbook index in line with a folder (default
/// <c>Knowledge:PlaybooksDirectory</c>) with a progress bar. A playbook that cannot be read is reported as
/// <c>file:line: reason</c> and makes the exit status 2; the others are indexed all the same.
/// </summary>
internal static class IndexCommand
{
    public static Command Create(GlobalOptions options, CliOutput output)
    {
        var folder = new Argument<string?>("FOLDER") { Description = "Folder of playbooks (*.md); default Knowledge:PlaybooksDirectory", Arity = ArgumentArity.ZeroOrOne };
        var rebuild = new Option<bool>("--rebuild") { Description = "Re-embed every playbook, changed or not" };
        var command = new Command("index", "Index the playbooks for search (only new and changed files are re-embedded)") { folder, rebuild };
        command.SetSessionAction(options, output, async (parse, session, cancellationToken) =>
        {
            var path = parse.GetValue(folder) is { } given ? Path.GetFullPath(given) : null;
            var result = session.Json
                ? await RunAsync(session, path, parse.GetValue(rebuild), null, cancellationToken).ConfigureAwait(false)
                : await output.Console.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .StartAsync(async context =>
                    {
                        var task = context.AddTask("Indexing playbooks");
                        var progress = new Reporter(p =>
                        {
                            task.MaxValue = Math.Max(1, p.Total);
                            task.Value = p.Completed;
                            // Embedding is the slow part (tens of ms a passage with the local model): say how far it got.
                            if (p.CurrentFile is { } file)
                            {
                                task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{file}: {p.PassagesEmbedded} passages embedded, {p.PassagesCached} from the cache"));
                            }
                        });
                        var indexed = await RunAsync(session, path, parse.GetValue(rebuild), progress, cancellationToken).ConfigureAwait(false);
                        task.Description = "Indexed";
                        return indexed;
                    }).ConfigureAwait(false);

            foreach (var error in result.Errors)
            {
                await output.Error.WriteLineAsync(error.ToString()).ConfigureAwait(false);
            }

            if (session.Json)
            {
                CliJson.Write(output.Out, result);
            }
            else
            {
                await output.Out.WriteLineAsync(Summary(result)).ConfigureAwait(false);
            }

            return result.Errors.Count > 0 ? CopilotCli.BadInput : CopilotCli.Ok;
        });
        return command;
    }

    /// <summary>
    /// Indexes the default library when the index is empty, so <c>search</c> and <c>eval</c> work on a fresh data
    /// folder; says so on standard error. Unreadable playbooks are reported there too.
    /// </summary>
    public static async Task EnsureIndexedAsync(CliSession session, CancellationToken cancellationToken)
    {
        if ((await session.Get<IPlaybookIndex>().GetRecordsAsync(cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            return;
        }

        await session.Output.Error.WriteLineAsync("The playbook index is empty: indexing the playbook library first (as 'copilot index' does).").ConfigureAwait(false);
        var result = await RunAsync(session, null, rebuild: false, null, cancellationToken).ConfigureAwait(false);
        foreach (var error in result.Errors)
        {
            await session.Output.Error.WriteLineAsync(error.ToString()).ConfigureAwait(false);
        }

        await session.Output.Error.WriteLineAsync(Summary(result)).ConfigureAwait(false);
    }

    private static async Task<IndexResult> RunAsync(CliSession session, string? folder, bool rebuild, IProgress<IndexProgress>? progress, CancellationToken cancellationToken)
    {
        try
        {
            return await session.Get<PlaybookIndexer>().IndexAsync(folder, rebuild, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (DirectoryNotFoundException error)
        {
            throw new NotFoundException(error.Message);
        }
    }

    private static string Summary(IndexResult result) => string.Create(CultureInfo.InvariantCulture,
        $"Playbooks: {result.Added} added, {result.Updated} updated, {result.Removed} removed, {result.Unchanged} unchanged, {result.Errors.Count} with errors; " +
        $"{result.ChunksWritten} passages written, {result.Chunks} in the index.");

    // Progress<T> reports later on the thread pool; the bar should move as files are done.
    private sealed class Reporter(Action<IndexProgress> report) : IProgress<IndexProgress>
    {
        public void Report(IndexProgress value) => report(value);
    }
}
