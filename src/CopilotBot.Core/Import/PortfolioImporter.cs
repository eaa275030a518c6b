using CopilotBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace CopilotBot.Core.Import;

/// <summary>
/// <c>copilot import FOLDER</c>: reads a portfolio folder and, only if it has no error at all, replaces the stored
/// portfolio with it in one transaction. With errors the store is not touched.
/// </summary>
public sealed partial class PortfolioImporter(
    PortfolioReader reader,
    IPortfolioStore store,
    TimeProvider timeProvider,
    ILogger<PortfolioImporter> logger)
{
    /// <summary>Imports <paramref name="folder"/>; see <see cref="ImportResult.Succeeded"/> and its errors.</summary>
    public async Task<ImportResult> ImportAsync(string folder, CancellationToken cancellationToken = default)
    {
        var started = timeProvider.GetTimestamp();

        // Reading is CPU-bound parsing of possibly large files: keep it off the caller's context.
        var read = await Task.Run(() => reader.Read(folder, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (read.Portfolio is null)
        {
            LogRejected(logger, folder, read.Result.ErrorCount);
            return read.Result;
        }

        await store.ReplacePortfolioAsync(read.Portfolio, cancellationToken).ConfigureAwait(false);
        var elapsed = timeProvider.GetElapsedTime(started);
        LogImported(logger, folder, read.Portfolio.Accounts.Count, read.Portfolio.Usage.Count, elapsed.TotalMilliseconds);
        return read.Result with { Elapsed = elapsed };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import of {Folder} rejected with {ErrorCount} error(s); the store is unchanged")]
    private static partial void LogRejected(ILogger logger, string folder, int errorCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {Folder}: {Accounts} accounts, {UsageRows} usage rows in {ElapsedMs:F0} ms")]
    private static partial void LogImported(ILogger logger, string folder, int accounts, int usageRows, double elapsedMs);
}
