using System.Collections.Concurrent;
using System.Numerics.Tensors;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using CopilotBot.Core;
using CopilotBot.Knowledge.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace CopilotBot.Copilot.Drafting;

/// <summary>What one cause looks like in people's words, from <c>knowledge/drafting/causes.jsonl</c>.</summary>
public sealed record CauseDescription(Cause Cause, string Playbook, IReadOnlyList<string> Describes);

/// <summary>The cause a sentence of evidence reads as, and how close it came (cosine similarity).</summary>
public sealed record CauseReading(Cause Cause, double Similarity);

/// <summary>
/// Reads evidence sentences (ticket subjects, note and survey sentences) for the cause they describe, by meaning: each
/// sentence against the cause descriptions kept as data, with the sentence model that understands questions and
/// searches the playbooks. People say "piloting another vendor's tool" as often as "trialling a competitor", and a
/// word table only knows the words it lists. Without a sentence model (the hashing embedder, which shares words and
/// not meaning, or no embedder at all) it reads nothing and the situation keeps to its word table.
/// </summary>
/// <remarks>
/// A sentence reads as a cause when it is close to one of its descriptions (<see cref="Threshold"/>) and clearly closer
/// than to any other cause's (<see cref="Margin"/>): "the renewal is in January" is near nothing, and a sentence equally
/// near two causes says neither. Sentence vectors are kept in memory and, where the host has one, in the index folder's
/// embedding cache (an account's notes do not change between its drafts, nor between runs), so a draft embeds only the
/// sentences no earlier draft has seen: 5-50 ms a sentence, depending on the machine's load.
/// </remarks>
public sealed partial class CauseReader
{
    /// <summary>
    /// Cosine similarity to a description from which a sentence reads as that cause (all-MiniLM-L6-v2). Measured on the
    /// scenario suite's sentences: paraphrases of a cause 0.50-0.75, everyday notes ("Check-in with X on the rollout",
    /// "they asked for the usage report for the board") 0.41 at most; but in the sample's notes, a check-in on the
    /// customer portal's adoption after a launch read as a reorganization just above 0.47, so below 0.50 nothing counts.
    /// </summary>
    public const double Threshold = 0.50;

    /// <summary>How much closer to its cause than to the next one a sentence must be.</summary>
    public const double Margin = 0.04;

    private const int MaxCachedSentences = 50_000;

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly IEmbeddingGenerator<string, Embedding<float>>? _model;
    private readonly EmbeddingCache? _disk;
    private readonly string _modelId;
    private readonly string _file;
    private readonly ConcurrentDictionary<string, float[]> _vectors = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _prototypesGate = new(1, 1);
    private (Cause Cause, float[] Vector)[]? _prototypes;

    public CauseReader(IEnumerable<IEmbeddingGenerator<string, Embedding<float>>> embedders, IOptions<CopilotOptions> options)
        : this(embedders, [], options)
    {
    }

    /// <param name="embedders">the host's embedder; a sentence model reads meaning, the hashing embedder or none leaves it to the word table.</param>
    /// <param name="disk">the index folder's embedding cache, when the host has one: sentences read once are never embedded again.</param>
    /// <param name="options">where the cause descriptions are (<c>knowledge/drafting/causes.jsonl</c>).</param>
    public CauseReader(IEnumerable<IEmbeddingGenerator<string, Embedding<float>>> embedders, IEnumerable<EmbeddingCache> disk, IOptions<CopilotOptions> options)
    {
        ArgumentNullException.ThrowIfNull(embedders);
        ArgumentNullException.ThrowIfNull(disk);
        ArgumentNullException.ThrowIfNull(options);
        var embedder = embedders.LastOrDefault();
        _model = embedder is null || embedder.GetService<OfflineEmbeddingGenerator>() is not null ? null : embedder;
        _disk = disk.LastOrDefault();
        _modelId = "cause-evidence:" + (embedder?.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? "unknown");
        _file = Path.Combine(options.Value.KnowledgePath, "drafting", "causes.jsonl");
    }

    private long _embedded;

    /// <summary>How many texts this reader has had the model embed (neither cache had them): what reading has cost so far.</summary>
    public long Embedded => Interlocked.Read(ref _embedded);

    /// <summary>True when a sentence model reads the evidence; false when only the word table does.</summary>
    public bool ReadsMeaning => _model is not null;

    /// <summary>The cause descriptions, one per line of the data file.</summary>
    public static IReadOnlyList<CauseDescription> Descriptions(string file) =>
        [.. File.ReadLines(file).Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => JsonSerializer.Deserialize<CauseDescription>(l, s_json)
            ?? throw new InvalidDataException($"{file}: empty cause description"))];

    /// <summary>The cause each sentence reads as, for the sentences that read as one; empty without a sentence model.</summary>
    public Task<IReadOnlyDictionary<string, CauseReading>> ReadAsync(IEnumerable<string> sentences, CancellationToken cancellationToken) =>
        ReadAsync(sentences, [], cancellationToken);

    /// <summary>
    /// The cause each sentence reads as, for the sentences that read as one; empty without a sentence model. Each is read
    /// by its <see cref="MeaningKey"/>: who said it and the figures in it are no part of its cause, so "Check-in call with
    /// Isabel: 54% of 324 seats active" and the same note on another account with other names and figures are embedded once.
    /// </summary>
    /// <param name="sentences">the evidence sentences.</param>
    /// <param name="people">the names in them (the account's contacts, our users), left out of what is embedded.</param>
    /// <param name="cancellationToken">cancels the reading.</param>
    public async Task<IReadOnlyDictionary<string, CauseReading>> ReadAsync(IEnumerable<string> sentences, IEnumerable<string> people, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        ArgumentNullException.ThrowIfNull(people);
        if (_model is null)
        {
            return new Dictionary<string, CauseReading>();
        }

        var names = People(people);
        var prototypes = await PrototypesAsync(cancellationToken).ConfigureAwait(false);
        var readings = new Dictionary<string, CauseReading>(StringComparer.Ordinal);
        foreach (var sentence in sentences.Distinct(StringComparer.Ordinal))
        {
            var vector = await VectorAsync(MeaningKey(sentence, names), cancellationToken).ConfigureAwait(false);
            if (Closest(vector, prototypes) is { } reading)
            {
                readings[sentence] = reading;
            }
        }

        return readings;
    }

    /// <summary>
    /// The meaning of several lines as one vector: the normalised mean of their sentences' vectors, each read under its
    /// <see cref="MeaningKey"/> and so embedded once for every draft and process (the evidence read after an import
    /// already holds most of them). A draft's situation is searched with it instead of embedding its lines joined, a
    /// text of 300-600 characters new for every account (40-110 ms on the loaded bench machine, most of a first draft).
    /// Null without a sentence model.
    /// </summary>
    public async Task<ReadOnlyMemory<float>?> MeaningOfAsync(IEnumerable<string> lines, IEnumerable<string> people, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(people);
        if (_model is null)
        {
            return null;
        }

        var names = People(people);
        float[]? sum = null;
        foreach (var sentence in lines.SelectMany(Situation.Sentences).Distinct(StringComparer.Ordinal))
        {
            var vector = await VectorAsync(MeaningKey(sentence, names), cancellationToken).ConfigureAwait(false);
            sum ??= new float[vector.Length];
            TensorPrimitives.Add(sum, vector, sum);
        }

        if (sum is null)
        {
            return null;
        }

        var norm = TensorPrimitives.Norm(sum);
        if (norm > 0)
        {
            TensorPrimitives.Divide(sum, norm, sum);
        }

        return sum;
    }

    /// <summary>
    /// What a sentence says without who and how much: people's names (whole, or any part of three letters or more, as
    /// written) become "someone" and every figure "#". Measured on the bench's portfolio of 10,000 accounts, most
    /// sentences a first draft had to embed were a note already read on another account with other names and figures.
    /// </summary>
    /// <param name="sentence">the evidence sentence.</param>
    /// <param name="people">the names to leave out, from <see cref="People"/>; null for none.</param>
    public static string MeaningKey(string sentence, Regex? people)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        return Figure().Replace(people?.Replace(sentence, "someone") ?? sentence, "#");
    }

    /// <summary>One pattern for the names and their parts, longest first, so that a full name goes before its first name; null for none.</summary>
    public static Regex? People(IEnumerable<string> people)
    {
        ArgumentNullException.ThrowIfNull(people);
        var full = people.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim()).ToList();
        var names = full.Concat(full.SelectMany(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(part => part.Length >= 3 && char.IsUpper(part[0])))
            .Distinct(StringComparer.Ordinal).OrderByDescending(n => n.Length).ThenBy(n => n, StringComparer.Ordinal).Select(Regex.Escape).ToList();
        return names.Count == 0 ? null
            : new Regex($@"(?<![\p{{L}}\p{{N}}])(?:{string.Join('|', names)})(?![\p{{L}}\p{{N}}])", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    // A number as written in notes: 12, 1,941, 8.9, 2026-12-04; not the digit of a name such as P1 or Q3.
    [GeneratedRegex(@"(?<![\p{L}\p{N}])\d+(?:[.,:/-]\d+)*")]
    private static partial Regex Figure();

    /// <summary>The cause nearest to <paramref name="vector"/>, when near enough and clearly nearer than the runner-up.</summary>
    private static CauseReading? Closest(float[] vector, (Cause Cause, float[] Vector)[] prototypes)
    {
        Span<double> best = stackalloc double[Enum.GetValues<Cause>().Length];
        best.Fill(double.MinValue);
        foreach (var (cause, prototype) in prototypes)
        {
            var similarity = TensorPrimitives.CosineSimilarity(vector, prototype);
            if (similarity > best[(int)cause])
            {
                best[(int)cause] = similarity;
            }
        }

        var first = -1;
        for (var i = 0; i < best.Length; i++)
        {
            if (first < 0 || best[i] > best[first])
            {
                first = i;
            }
        }

        var runnerUp = double.MinValue;
        for (var i = 0; i < best.Length; i++)
        {
            if (i != first && best[i] > runnerUp)
            {
                runnerUp = best[i];
            }
        }

        return best[first] >= Threshold && best[first] - runnerUp >= Margin ? new CauseReading((Cause)first, best[first]) : null;
    }

    private async Task<(Cause Cause, float[] Vector)[]> PrototypesAsync(CancellationToken cancellationToken)
    {
        if (_prototypes is { } ready)
        {
            return ready;
        }

        await _prototypesGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_prototypes is null)
            {
                var list = new List<(Cause, float[])>();
                foreach (var description in Descriptions(_file))
                {
                    foreach (var text in description.Describes)
                    {
                        list.Add((description.Cause, await VectorAsync(text, cancellationToken).ConfigureAwait(false)));
                    }
                }

                _prototypes = [.. list];
            }

            return _prototypes;
        }
        finally
        {
            _prototypesGate.Release();
        }
    }

    private async Task<float[]> VectorAsync(string text, CancellationToken cancellationToken)
    {
        if (_vectors.TryGetValue(text, out var cached))
        {
            return cached;
        }

        var vector = _disk?.Find(_modelId, text);
        if (vector is null)
        {
            var embeddings = await _model!.GenerateAsync([text], cancellationToken: cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _embedded);
            vector = embeddings[0].Vector.ToArray();
            _disk?.Add(_modelId, text, vector);
        }

        if (_vectors.Count >= MaxCachedSentences)
        {
            // A crude bound: a portfolio's notes fit many times over; past it, start again rather than grow.
            _vectors.Clear();
        }

        _vectors[text] = vector;
        return vector;
    }
}
