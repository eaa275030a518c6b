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
    /// <summary>The slowest one in a hundred drafts, in milliseconds.</summary>
    public double P99Milliseconds { get; init; }

    /// <summary>Median words of an offline remediation plan, titles and items, before its sources.</summary>
    public int MedianRemediationPlanWords { get; init; }

    /// <summary>Median words of each kind's offline drafts (by the kind's command-line name), counted like the plan's.</summary>
    public IReadOnlyDictionary<string, int> MedianWordsByKind { get; init; } = new Dictionary<string, int>();

    /// <summary>Offline draft p99 per kind, in milliseconds.</summary>
    public IReadOnlyDictionary<string, double> P99MillisecondsByKind { get; init; } = new Dictionary<string, double>();

    /// <summary>Share of drafted items that cite at least one source (1 = all).</summary>
    public double CitedItemShare => Items == 0 ? 1 : (double)ItemsWithCitations / Items;

    /// <summary>Share of checkable claims (figures, dates, names) found in their cited sources (1 = all).</summary>
    public double GroundedClaimShare => Claims == 0 ? 1 : (double)GroundedClaims / Claims;
}

/// <summary>Drafts all accounts × every kind offline and measures citation coverage, groundedness and latency.</summary>
public sealed class DraftEvaluator(DraftEngine engine)
{
    private static readonly User s_evaluator = new("eval@copilotbot.local", "Evaluation", UserRole.Admin, null, null);

    public async Task<DraftingFigures> EvaluateAsync(CancellationToken cancellationToken = default)
    {
        var data = await engine.Gateway.AccountDataAsync(s_evaluator, cancellationToken).ConfigureAwait(false);
        var latencies = new List<double>();
        var ungrounded = new List<string>();
        var planWords = new List<int>();
        var wordsByKind = DraftCatalogue.All.ToDictionary(k => k.Kind, _ => new List<int>());
        var latencyByKind = DraftCatalogue.All.ToDictionary(k => k.Kind, _ => new List<double>());
        var playbooks = new SortedSet<string>(StringComparer.Ordinal);
        int drafts = 0, items = 0, cited = 0, claims = 0, grounded = 0;
        var total = Stopwatch.StartNew();
        foreach (var account in data)
        {
            foreach (var kind in DraftCatalogue.All.Select(k => k.Kind))
            {
                var watch = Stopwatch.StartNew();
                var ledger = new CitationLedger();
                var ctx = await engine.PrepareAsync(kind, account, ledger, [], cancellationToken).ConfigureAwait(false);
                var sections = DraftEngine.ComposeOffline(kind, ctx);
                var check = GroundednessChecker.Check(sections, ledger, ctx.KnownPeople);
                var (_, citations) = ledger.Compact(check.Sections);
                watch.Stop();
                latencies.Add(watch.Elapsed.TotalMilliseconds);
                latencyByKind[kind].Add(watch.Elapsed.TotalMilliseconds);
                wordsByKind[kind].Add(check.Sections.Sum(s => Words(s.Title) + s.Items.Sum(i => Words(i.Text))));
                drafts++;
                var all = sections.SelectMany(s => s.Items).ToList();
                items += all.Count;
                cited += all.Count(i => i.Citations.Count > 0);
                claims += check.Claims;
                grounded += check.GroundedClaims;
                ungrounded.AddRange(check.Warnings.Select(w => $"{account.Account.AccountId} {Format.Kind(kind)}: {w}"));
                playbooks.UnionWith(citations.Where(c => c.Type == CitationLedger.PlaybookType).Select(c => c.Source.Split('#')[0]));
                if (kind == DraftKind.RemediationPlan)
                {
                    planWords.Add(check.Sections.Sum(s => Words(s.Title) + s.Items.Sum(i => Words(i.Text))));
                }
            }
        }

        total.Stop();
        latencies.Sort();
        planWords.Sort();
        return new DraftingFigures(data.Count, drafts, items, cited, claims, grounded,
            drafts == 0 ? 0 : drafts / total.Elapsed.TotalSeconds, Percentiles.Of(latencies, 0.50), Percentiles.Of(latencies, 0.95), ungrounded, [.. playbooks])
        {
            P99Milliseconds = Percentiles.Of(latencies, 0.99),
            MedianRemediationPlanWords = planWords.Count == 0 ? 0 : planWords[planWords.Count / 2],
            MedianWordsByKind = wordsByKind.Where(k => k.Value.Count > 0).ToDictionary(k => Format.Kind(k.Key), k => k.Value.Order().ElementAt(k.Value.Count / 2)),
            P99MillisecondsByKind = latencyByKind.Where(k => k.Value.Count > 0).ToDictionary(k => Format.Kind(k.Key), k => Percentiles.Of([.. k.Value.Order()], 0.99)),
        };
    }

    private static int Words(string text) => text.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length;
}
