using CopilotBot.Core;
using CopilotBot.Core.Import;
using CopilotBot.Core.Storage;
using CopilotBot.Knowledge.Ingestion;
using CopilotBot.Knowledge.Retrieval;
using Microsoft.Extensions.Options;

namespace CopilotBot.Bot.Hosting;

/// <summary>
/// With <c>Copilot:SeedSampleOnFirstRun</c>, a fresh data folder gets the sample portfolio and the playbook index
/// before the bot takes its first turn, so that the run command works on a new machine with nothing else.
/// </summary>
internal sealed partial class FirstRunSeeder(
    IOptions<CopilotOptions> options,
    IPortfolioStore store,
    PortfolioImporter importer,
    PlaybookIndexer indexer,
    IPlaybookIndex index,
    ILogger<FirstRunSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.SeedSampleOnFirstRun)
        {
            return;
        }

        var knowledge = options.Value.KnowledgePath;
        if (!await store.HasPortfolioAsync(cancellationToken).ConfigureAwait(false))
        {
            var sample = Path.Combine(knowledge, "sample-portfolio");
            var result = await importer.ImportAsync(sample, cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(
                    $"The sample portfolio in {sample} does not import: {string.Join("; ", result.Errors.Take(5))}");
            }

            LogSeeded(logger, result.RowsOf("accounts.csv"), sample);
        }

        // Only an empty index is seeded, from the configured library (Knowledge:PlaybooksDirectory): indexing a folder
        // drops what the index holds from any other, so re-indexing the shipped folder on every start would replace a
        // library indexed with 'copilot index FOLDER'.
        if ((await index.GetRecordsAsync(cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            return;
        }

        var indexed = await indexer.IndexAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var error in indexed.Errors)
        {
            LogPlaybookError(logger, error.ToString());
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "First run: imported the sample portfolio ({Accounts} accounts) from {Folder}")]
    private static partial void LogSeeded(ILogger logger, int accounts, string folder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Playbook not indexed: {Error}")]
    private static partial void LogPlaybookError(ILogger logger, string error);
}
