using System.Diagnostics;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Copilot.Grounding;
using CopilotBot.Core.Diagnostics;
using CopilotBot.Core.Domain;

namespace CopilotBot.Copilot.Evaluation;

/// <summary>
/// Drafting quality and speed over every account and kind, offline (the <c>copilot eval</c> figures);
/// <see cref="PlaybooksCited"/>: the playbooks (<c>playbooks/x.md</c>) some draft cites.
/// </summary>
public sealed record DraftingFigures(
    int Accounts,
    int Drafts,
    int Items,
    int ItemsWithCitations,
    int Claims,
    int GroundedClaims,
    double DraftsPerSecond,
    double P50Milliseconds,
    double P95Milliseconds,
    IReadOnlyList<string> Ungrounded,
    IReadOnlyList<string> PlaybooksCited)
{
    /// <summary>Share of drafted items that cite at least one source (1 = all).</summary>
    public double CitedItemShare => Items == 0 ? 1 : (double)ItemsWithCitations / Items;

    /// <summary>Share of checkable claims (figures, dates, names) found in their cited sources (1 = all).</summary>
    public double GroundedClaimShare => Claims == 0 ? 1 : (double)GroundedClaims / Claims;
}

/// <summary>Drafts all accounts × 5 kinds offline and measures citation coverage, groundedness and latency.</summary>
public sealed class DraftEvaluator(DraftEngine engine)
{
    private static readonly User s_evaluator = new("eval@copilotbot.local", "Evaluation", UserRole.Admin, null, null);

    public async Task<DraftingFigures> EvaluateAsync(CancellationToken cancellationToken = default)
    {
        var data = await engine.Gateway.AccountDataAsync(s_evaluator, cancellationToken).ConfigureAwait(false);
        var latencies = new List<double>();
        var ungrounded = new List<string>();
        var playbooks = new SortedSet<string>(StringComparer.Ordinal);
        int drafts = 0, items = 0, cited = 0, claims = 0, grounded = 0;
        var total = Stopwatch.StartNew();
        foreach (var account in data)
        {
            foreach (var kind in Enum.GetValues<DraftKind>())
            {
                var watch = Stopwatch.StartNew();
                var ledger = new CitationLedger();
                var ctx = await engine.PrepareAsync(kind, account, ledger, [], cancellationToken).ConfigureAwait(false);
                var sections = DraftEngine.ComposeOffline(kind, ctx);
                var check = GroundednessChecker.Check(sections, ledger, ctx.KnownPeople);
                var (_, citations) = ledger.Compact(check.Sections);
                foreach (var citation in citations.Where(c => c.Type == "playbook"))
                {
                    var anchor = citation.Source.IndexOf('#', StringComparison.Ordinal);
                    playbooks.Add(anchor < 0 ? citation.Source : citation.Source[..anchor]);
                }

                watch.Stop();
                latencies.Add(watch.Elapsed.TotalMilliseconds);
                drafts++;
                var all = sections.SelectMany(s => s.Items).ToList();
                items += all.Count;
                cited += all.Count(i => i.Citations.Count > 0);
                claims += check.Claims;
                grounded += check.GroundedClaims;
                ungrounded.AddRange(check.Warnings.Select(w => $"{account.Account.AccountId} {Format.Kind(kind)}: {w}"));
            }
        }

        total.Stop();
        latencies.Sort();
        return new DraftingFigures(data.Count, drafts, items, cited, claims, grounded,
            drafts == 0 ? 0 : drafts / total.Elapsed.TotalSeconds, Percentiles.Of(latencies, 0.50), Percentiles.Of(latencies, 0.95), ungrounded, [.. playbooks]);
    }
}
