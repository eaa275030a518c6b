using System.Diagnostics;
using CopilotBot.Copilot.Access;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Import;
using Microsoft.Extensions.Logging;

namespace CopilotBot.Copilot.Drafting;

/// <summary>What reading an import's evidence by meaning did: accounts, sentences, those embedded for the first time, and how long it took.</summary>
public sealed record EvidenceReadingResult(int Accounts, int Sentences, int Embedded, TimeSpan Elapsed);

/// <summary>
/// Reads every account's evidence sentences by meaning after an import, in the background, so that an account's first
/// draft finds them read: embedding them in the draft cost 5-10 sentences and 75-220 ms on the bench's portfolio, most
/// of a first draft. The vectors go to the <see cref="CauseReader"/>'s caches (the index folder's embedding cache where
/// the host has one), so a later process finds them too. Soonest renewals are read first: they are drafted first.
/// </summary>
public sealed partial class EvidenceReading(CauseReader causes, AccountGateway gateway, ILogger<EvidenceReading> logger) : IPortfolioImportListener, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;
    private Task<EvidenceReadingResult?> _current = Task.FromResult<EvidenceReadingResult?>(null);

    /// <summary>The reading of the latest import: null when there was nothing to read or no sentence model reads meaning.</summary>
    public Task<EvidenceReadingResult?> Current => _current;

    /// <summary>Starts reading the imported accounts' evidence and returns at once: the import does not wait for it.</summary>
    public Task OnImportedAsync(PortfolioData portfolio, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        if (causes.ReadsMeaning && portfolio.Accounts.Count > 0)
        {
            var previous = _current;
            // Not the import's token: the reading outlives the import, and stops when the host does.
            var stopping = _stopping.Token;
            _current = Task.Run(async () =>
            {
                await previous.ConfigureAwait(false);
                return await ReadAsync(portfolio, stopping).ConfigureAwait(false);
            }, stopping);
        }

        return Task.CompletedTask;
    }

    private async Task<EvidenceReadingResult?> ReadAsync(PortfolioData portfolio, CancellationToken cancellationToken)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            var embeddedBefore = causes.Embedded;
            var contacts = portfolio.Contacts.ToLookup(c => c.AccountId, StringComparer.Ordinal);
            var tickets = portfolio.Tickets.ToLookup(t => t.AccountId, StringComparer.Ordinal);
            var surveys = portfolio.Surveys.ToLookup(s => s.AccountId, StringComparer.Ordinal);
            var interactions = portfolio.Interactions.ToLookup(i => i.AccountId, StringComparer.Ordinal);
            var users = portfolio.Users.Select(u => u.Name).ToList();
            var sentences = 0;
            foreach (var account in portfolio.Accounts.OrderBy(a => a.RenewalDate < gateway.AsOf ? DateOnly.MaxValue : a.RenewalDate))
            {
                var data = new AccountData(account, [.. contacts[account.AccountId]], [], [.. tickets[account.AccountId]], [.. surveys[account.AccountId]], [.. interactions[account.AccountId]], []);
                var texts = Situation.EvidenceTexts(data, gateway.AsOf).ToList();
                sentences += texts.Count;
                await causes.ReadAsync(texts, data.Contacts.Select(c => c.Name).Concat(users), cancellationToken).ConfigureAwait(false);
            }

            // What a draft's playbook queries are made of besides the evidence: the parts of every kind's query, and the
            // outcome goals and ticket subjects a situation's query holds (a how-to ticket is no evidence of a cause).
            var parts = DraftEngine.PlaybookQueryVocabulary()
                .Concat(portfolio.Outcomes.Select(o => o.Goal))
                .Concat(portfolio.Tickets.Where(t => t.OpenedDate <= gateway.AsOf && (t.ClosedDate is null || t.OpenedDate >= gateway.AsOf.AddDays(-90))).Select(t => t.Subject))
                .Where(text => !string.IsNullOrWhiteSpace(text))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            foreach (var part in parts)
            {
                await causes.MeaningOfAsync([part], [], cancellationToken).ConfigureAwait(false);
            }

            var result = new EvidenceReadingResult(portfolio.Accounts.Count, sentences, (int)(causes.Embedded - embeddedBefore), Stopwatch.GetElapsedTime(started));
            LogRead(logger, result.Accounts, result.Sentences, result.Embedded, result.Elapsed.TotalSeconds);
            return result;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (Exception ex)
        {
            // Only a head start: a draft reads whatever is missing itself.
            LogFailed(logger, ex);
            return null;
        }
    }

    // Disposed once per registration (as itself and as an import listener): the second call finds it done.
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stopping.Cancel();
            _stopping.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Evidence of {Accounts} accounts read by meaning: {Sentences} sentences, {Embedded} embedded, in {Seconds:0.0} s")]
    private static partial void LogRead(ILogger logger, int accounts, int sentences, int embedded, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the imported evidence by meaning failed; drafts read it themselves")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
