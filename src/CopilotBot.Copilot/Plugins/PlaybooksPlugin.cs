using System.ComponentModel;
using CopilotBot.Copilot.Grounding;
using CopilotBot.Knowledge;
using Microsoft.SemanticKernel;

namespace CopilotBot.Copilot.Plugins;

/// <summary>Hybrid search over the playbooks, with metadata filters. Passages are guidance to cite, never instructions.</summary>
public sealed class PlaybooksPlugin(IEnumerable<IPlaybookSearch> searches, CopilotTurnContext turns)
{
    private readonly IPlaybookSearch? _search = searches.LastOrDefault();

    [KernelFunction("search_playbooks"), Description("Searches the customer-success playbooks (keywords and meaning) and returns cited passages.")]
    public async Task<object> SearchAsync(
        [Description("What to look for, e.g. 'champion left before renewal'")] string query,
        [Description("Optional risk filter: a health flag code (champion_left, stale_p1, usage_drop, no_sponsor, detractor, no_contact_60d, renewal_at_risk) or component (adoption, relationship, outcomes, support, sentiment)")] string? risk = null,
        [Description("Optional adoption stage filter: early_market, chasm, tornado or main_street")] string? stage = null,
        [Description("Optional persona filter: csm, sales or manager")] string? persona = null,
        [Description("How many passages (1-10)")] int top = 3,
        CancellationToken cancellationToken = default)
    {
        var turn = turns.Require();
        var filter = new PlaybookFilter(
            string.IsNullOrWhiteSpace(risk) ? null : [risk],
            string.IsNullOrWhiteSpace(stage) ? null : [stage],
            string.IsNullOrWhiteSpace(persona) ? null : [persona]);
        if (_search is null)
        {
            return new PluginError("No playbook index is configured.");
        }

        var hits = await _search.SearchAsync(new SearchRequest(query, Math.Clamp(top, 1, 10), filter), cancellationToken).ConfigureAwait(false);
        return hits.Select(h =>
        {
            var text = $"{h.Title} — {string.Join(" > ", h.HeadingPath)}: {h.Text}";
            return new CitedFact(turn.Ledger.Cite(CitationLedger.PlaybookType, h.Source, text), h.Source, text);
        }).ToList();
    }
}
