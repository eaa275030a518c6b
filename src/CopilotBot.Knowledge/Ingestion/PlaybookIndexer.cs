using System.Numerics.Tensors;
using System.Security.Cryptography;
using System.Text;
using CopilotBot.Knowledge.Embeddings;
using CopilotBot.Knowledge.Retrieval;
using CopilotBot.Knowledge.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace CopilotBot.Knowledge.Ingestion;

/// <summary>
/// How far an indexing run has got: files done out of files found, the file being read, and how many passages were
/// embedded so far (by the model; those found in the embedding cache count in <see cref="PassagesCached"/>).
/// </summary>
public sealed record IndexProgress(int Completed, int Total, string? CurrentFile, int PassagesEmbedded = 0, int PassagesCached = 0);

/// <summary>A playbook that was not indexed; <see cref="Line"/> is 1-based, 0 when not tied to a line.</summary>
public sealed record IndexError(string File, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}

/// <summary>What an indexing run changed: files by outcome, passages written and held, and the files it could not read.</summary>
public sealed record IndexResult(
    int Added,
    int Updated,
    int Removed,
    int Unchanged,
    int ChunksWritten,
    int Chunks,
    IReadOnlyList<IndexError> Errors);

/// <summary>
/// Brings the index in line with a folder of playbooks: new and changed files are parsed, chunked and embedded,
/// unchanged ones (same content hash, same chunker and embedder) are skipped, vanished ones removed. A file that
/// fails to parse is reported and keeps the passages it had.
/// </summary>
public sealed class PlaybookIndexer
{
    /// <summary>Citation prefix of every playbook source.</summary>
    public const string SourcePrefix = "playbooks/";

    private const int EmbeddingBatchSize = 64;
    internal const float ContextBlend = 0.8f; // how much of the playbook's overview each passage vector carries
    private readonly IPlaybookIndex _index;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly KnowledgeOptions _options;
    private readonly PlaybookChunker _chunker;
    private readonly string _fingerprint;
    private readonly string _model;
    private readonly EmbeddingCache? _cache;

    public PlaybookIndexer(IPlaybookIndex index, IEmbeddingGenerator<string, Embedding<float>> embedder, IOptions<KnowledgeOptions> options)
        : this(index, embedder, options, null)
    {
    }

    /// <summary>An indexer that takes the vectors of passages embedded before from <paramref name="cache"/> (by model and text).</summary>
    public PlaybookIndexer(IPlaybookIndex index, IEmbeddingGenerator<string, Embedding<float>> embedder, IOptions<KnowledgeOptions> options, EmbeddingCache? cache)
    {
        _index = index;
        _embedder = embedder;
        _options = options.Value;
        _cache = cache;
        _chunker = new PlaybookChunker(_options.ChunkMaxWords, _options.ChunkWindowWords, _options.ChunkOverlapWords);
        _model = CacheModel(embedder, _options);
        _fingerprint = Hash($"{_chunker.Version}|{_model}")[..16];
    }

    /// <summary>
    /// Indexes <paramref name="folder"/> (default <c>Knowledge:PlaybooksDirectory</c>); <paramref name="rebuild"/> re-embeds
    /// every file (through the embedding cache) and writes the passages that came out different.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public async Task<IndexResult> IndexAsync(string? folder = null, bool rebuild = false, IProgress<IndexProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        folder = Path.GetFullPath(folder ?? _options.PlaybooksDirectory);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Playbook folder '{folder}' does not exist.");
        }

        var files = Directory.EnumerateFiles(folder, "*.md", SearchOption.AllDirectories)
            .Select(path => (Path: path, File: SourcePrefix + Path.GetRelativePath(folder, path).Replace('\\', '/')))
            .OrderBy(f => f.File, StringComparer.Ordinal)
            .ToList();
        var stored = (await _index.GetRecordsAsync(cancellationToken).ConfigureAwait(false))
            .GroupBy(r => r.File, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        var upserts = new List<PlaybookRecord>();
        var deletes = new List<string>();
        var errors = new List<IndexError>();
        int added = 0, updated = 0, unchanged = 0;
        var tally = new Tally();
        progress?.Report(new IndexProgress(0, files.Count, null));
        for (var i = 0; i < files.Count; i++)
        {
            var (path, file) = files[i];
            var previous = stored.GetValueOrDefault(file) ?? [];
            try
            {
                var content = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
                var fileHash = $"{_fingerprint}:{Hash(content)}";
                if (!rebuild && previous.Count > 0 && previous.All(r => r.FileHash == fileHash))
                {
                    unchanged++;
                    continue;
                }

                var chunks = _chunker.Chunk(Normalise(PlaybookParser.Parse(file, content)));
                if (chunks.Count == 0 && previous.Count == 0)
                {
                    unchanged++; // nothing to cite in it, then or now
                    continue;
                }

                var records = await EmbedAsync(chunks, fileHash, tally, cancellationToken).ConfigureAwait(false);
                // A rebuild of an unchanged file makes the very records it has (its vectors from the cache): writing
                // them again would cost a rewrite of the whole index and a rebuild of every search structure.
                var before = previous.ToDictionary(r => r.Id, StringComparer.Ordinal);
                var stale = records.Where(r => !before.TryGetValue(r.Id, out var stored) || !Same(stored, r)).ToList();
                var kept = records.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
                var gone = previous.Select(r => r.Id).Where(id => !kept.Contains(id)).ToList();
                upserts.AddRange(stale);
                deletes.AddRange(gone);
                if (previous.Count == 0) added++;
                else if (stale.Count > 0 || gone.Count > 0) updated++;
                else unchanged++;
            }
            catch (PlaybookFormatException e)
            {
                errors.Add(new IndexError(file, e.Line, e.Reason));
                DropIfIncompatible(previous, deletes);
            }
            catch (IOException e)
            {
                errors.Add(new IndexError(file, 0, e.Message));
                DropIfIncompatible(previous, deletes);
            }
            finally
            {
                progress?.Report(new IndexProgress(i + 1, files.Count, file, tally.Embedded, tally.Cached));
            }
        }

        var present = files.Select(f => f.File).ToHashSet(StringComparer.Ordinal);
        var removed = 0;
        foreach (var (file, records) in stored)
        {
            if (present.Contains(file)) continue;
            removed++;
            deletes.AddRange(records.Select(r => r.Id));
        }

        await _index.WriteAsync(upserts, deletes, cancellationToken).ConfigureAwait(false);
        await _index.PrepareAsync(cancellationToken).ConfigureAwait(false);
        var total = (await _index.GetRecordsAsync(cancellationToken).ConfigureAwait(false)).Count;
        return new IndexResult(added, updated, removed, unchanged, upserts.Count, total, errors);
    }

    // A broken file keeps its passages, unless they were embedded by another model and cannot sit beside the new ones.
    private void DropIfIncompatible(List<PlaybookRecord> previous, List<string> deletes)
    {
        deletes.AddRange(previous.Where(r => !r.FileHash.StartsWith(_fingerprint + ":", StringComparison.Ordinal)).Select(r => r.Id));
    }

    private async Task<List<PlaybookRecord>> EmbedAsync(IReadOnlyList<PlaybookChunk> chunks, string fileHash, Tally tally, CancellationToken cancellationToken)
    {
        var records = new List<PlaybookRecord>(chunks.Count);
        // Passages of one playbook share its overview: embed it once and blend it into each passage's vector.
        var context = chunks.Count > 0 && chunks[0].Context.Length > 0
            ? (await VectorsAsync([$"{chunks[0].Title}\n{chunks[0].Context}"], tally, cancellationToken).ConfigureAwait(false))[0]
            : null;
        foreach (var batch in chunks.Chunk(EmbeddingBatchSize))
        {
            var embeddings = await VectorsAsync(batch.Select(EmbeddingText).ToList(), tally, cancellationToken).ConfigureAwait(false);
            for (var j = 0; j < batch.Length; j++)
            {
                var chunk = batch[j];
                var vector = embeddings[j].ToArray();
                if (context is not null)
                {
                    TensorPrimitives.MultiplyAdd(context, ContextBlend, vector, vector);
                    TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
                }

                records.Add(new PlaybookRecord
                {
                    Id = chunk.Id,
                    File = chunk.File,
                    FileHash = fileHash,
                    Source = chunk.Source,
                    Title = chunk.Title,
                    HeadingPath = chunk.HeadingPath,
                    Text = chunk.Text,
                    Risks = chunk.Risks,
                    Stages = chunk.Stages,
                    Personas = chunk.Personas,
                    Context = chunk.Context,
                    Vector = vector,
                });
            }
        }

        return records;
    }

    /// <summary>Under what name <paramref name="embedder"/>'s vectors are kept in the <see cref="EmbeddingCache"/>.</summary>
    internal static string CacheModel(IEmbeddingGenerator<string, Embedding<float>> embedder, KnowledgeOptions options)
    {
        var metadata = embedder.GetService<EmbeddingGeneratorMetadata>();
        return $"{metadata?.ProviderName}|{metadata?.DefaultModelId}|{metadata?.DefaultModelDimensions}|{options.EmbeddingDimensions}";
    }

    /// <summary>The model's vectors for <paramref name="texts"/>, from the cache where it has them; the rest embedded in one call and cached.</summary>
    private async Task<float[][]> VectorsAsync(IReadOnlyList<string> texts, Tally tally, CancellationToken cancellationToken)
    {
        var vectors = new float[texts.Count][];
        var missing = new List<int>();
        for (var i = 0; i < texts.Count; i++)
        {
            if (_cache?.Find(_model, texts[i]) is { } cached)
            {
                vectors[i] = cached;
                tally.Cached++;
            }
            else
            {
                missing.Add(i);
            }
        }

        if (missing.Count > 0)
        {
            var embeddings = await _embedder.GenerateAsync(missing.Select(i => texts[i]), cancellationToken: cancellationToken).ConfigureAwait(false);
            for (var j = 0; j < missing.Count; j++)
            {
                var i = missing[j];
                vectors[i] = embeddings[j].Vector.ToArray();
                _cache?.Add(_model, texts[i], vectors[i]);
            }

            tally.Embedded += missing.Count;
        }

        return vectors;
    }

    /// <summary>Whether a stored record is the one just made: same text, place, metadata and vector direction.</summary>
    private static bool Same(PlaybookRecord stored, PlaybookRecord made) =>
        stored.Id == made.Id && stored.FileHash == made.FileHash && stored.Source == made.Source && stored.Title == made.Title
        && stored.Text == made.Text && stored.Context == made.Context && stored.File == made.File
        && stored.HeadingPath.SequenceEqual(made.HeadingPath) && stored.Risks.SequenceEqual(made.Risks)
        && stored.Stages.SequenceEqual(made.Stages) && stored.Personas.SequenceEqual(made.Personas)
        && stored.Vector.Length == made.Vector.Length && stored.Vector.Length > 0
        && TensorPrimitives.CosineSimilarity(stored.Vector.Span, made.Vector.Span) > 0.99999f; // stores keep vectors normalised

    /// <summary>What is embedded for a passage: where it sits says as much as what it says.</summary>
    internal static string EmbeddingText(PlaybookChunk chunk) => EmbeddingText(chunk.Title, chunk.HeadingPath, chunk.Text);

    internal static string EmbeddingText(string title, IReadOnlyList<string> headingPath, string text) =>
        $"{title}\n{string.Join(" > ", headingPath.Where(h => h != title))}\n{text}";

    // Filters compare exactly in some stores (Qdrant), so metadata is stored lowercase like filter values.
    private static PlaybookDocument Normalise(PlaybookDocument document) => document with
    {
        Risks = document.Risks.Select(v => v.Trim().ToLowerInvariant()).ToList(),
        Stages = document.Stages.Select(v => v.Trim().ToLowerInvariant()).ToList(),
        Personas = document.Personas.Select(v => v.Trim().ToLowerInvariant()).ToList(),
    };

    /// <summary>Passages of one run embedded by the model and found in the cache.</summary>
    private sealed class Tally
    {
        public int Embedded { get; set; }

        public int Cached { get; set; }
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
