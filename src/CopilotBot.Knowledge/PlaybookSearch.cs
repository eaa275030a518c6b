namespace CopilotBot.Knowledge;

/// <summary>How to rank: BM25 keywords, vector similarity, or both fused by reciprocal rank.</summary>
public enum SearchMode { Hybrid, Keyword, Vector }

/// <summary>
/// Metadata filters; a playbook matches when it shares at least one value with each non-empty list.
/// Risks are health flag codes and component names (<c>champion_left</c>, <c>adoption</c>), stages are
/// adoption stages (<c>early_market</c>, <c>chasm</c>, <c>tornado</c>, <c>main_street</c>), personas
/// are <c>csm</c>, <c>sales</c>, <c>manager</c>.
/// </summary>
public sealed record PlaybookFilter(
    IReadOnlyCollection<string>? Risks = null,
    IReadOnlyCollection<string>? Stages = null,
    IReadOnlyCollection<string>? Personas = null);

/// <summary>A playbook search.</summary>
public sealed record SearchRequest(string Query, int Top = 5, PlaybookFilter? Filter = null, SearchMode Mode = SearchMode.Hybrid)
{
    /// <summary>
    /// The query's vector when the caller already has it, from the embedder the index uses (a draft's situation, made of
    /// evidence sentences embedded once and remembered); null to embed <see cref="Query"/>. A vector of another size is ignored.
    /// </summary>
    public ReadOnlyMemory<float>? QueryVector { get; init; }
}

/// <summary>
/// One retrieved passage. <see cref="Source"/> is its citation form, <c>playbooks/champion-loss.md#first-30-days</c>
/// (file path under the knowledge folder, then the heading's anchor).
/// </summary>
public sealed record PlaybookHit(
    string ChunkId,
    string Source,
    string Title,
    IReadOnlyList<string> HeadingPath,
    string Text,
    double Score,
    IReadOnlyList<string> Risks,
    IReadOnlyList<string> Stages,
    IReadOnlyList<string> Personas);

/// <summary>Finds playbook passages; the copilot and the CLI ask this and nothing lower.</summary>
public interface IPlaybookSearch
{
    Task<IReadOnlyList<PlaybookHit>> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default);
}
