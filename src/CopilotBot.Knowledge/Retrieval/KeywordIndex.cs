using CopilotBot.Knowledge.Embeddings;
using CopilotBot.Knowledge.Storage;
using CopilotBot.Knowledge.Text;

namespace CopilotBot.Knowledge.Retrieval;

/// <summary>
/// BM25 over analysed chunk text, with the playbook title and heading path counted as extra, weighted
/// occurrences (a BM25F simplification): a word in a heading says more about a passage than one in passing.
/// Built once per index revision; a search touches only the postings of the query's terms.
/// </summary>
internal sealed class KeywordIndex
{
    private readonly Dictionary<string, Posting[]> _postings;
    private readonly float[] _lengthNorm;
    private readonly int _count;
    private readonly float _k1;
    private readonly float _conceptWeight;

    private KeywordIndex(Dictionary<string, Posting[]> postings, float[] lengthNorm, float k1, float conceptWeight)
    {
        _conceptWeight = conceptWeight;
        _postings = postings;
        _lengthNorm = lengthNorm;
        _count = lengthNorm.Length;
        _k1 = k1;
    }

    public readonly record struct Posting(int Document, float Frequency);

    /// <summary>BM25 parameters and field weights.</summary>
    /// <param name="K1">Term-frequency saturation.</param>
    /// <param name="B">Length normalisation.</param>
    /// <param name="TitleWeight">Weight of a playbook title word.</param>
    /// <param name="HeadingWeight">Weight of a heading word.</param>
    /// <param name="ContextWeight">Weight of the playbook overview a passage is retrieved with.</param>
    /// <param name="ConceptWeight">Weight of synonym-concept terms, in documents and queries; 0 turns them off.</param>
    public sealed record Settings(float K1 = 1.2f, float B = 0.75f, float TitleWeight = 2f, float HeadingWeight = 3f, float ContextWeight = 0.6f, float ConceptWeight = 0.8f);

    /// <summary>An index with one entry per record.</summary>
    public static KeywordIndex Build(IReadOnlyList<PlaybookRecord> records, Settings settings) =>
        Build(records, records.Select(r => (IReadOnlyList<string>)[r.Text]).ToList(), settings, new Analysis());

    /// <summary>
    /// An index with one entry per record whose body is <paramref name="bodies"/>[i] (several texts for a whole
    /// playbook). Analyses are shared through <paramref name="analysis"/>, so texts seen before are not re-analysed.
    /// </summary>
    public static KeywordIndex Build(IReadOnlyList<PlaybookRecord> records, IReadOnlyList<IReadOnlyList<string>> bodies, Settings settings, Analysis analysis)
    {
        var lists = new Dictionary<string, List<Posting>>(StringComparer.Ordinal);
        var lengths = new float[records.Count];
        var frequencies = new Dictionary<string, float>(StringComparer.Ordinal);
        for (var doc = 0; doc < records.Count; doc++)
        {
            frequencies.Clear();
            var record = records[doc];
            var length = 0f;
            foreach (var body in bodies[doc])
            {
                length += Count(frequencies, analysis.Of(body), 1f, settings.ConceptWeight);
            }

            length += Count(frequencies, analysis.Of(record.Title), settings.TitleWeight, settings.ConceptWeight);
            length += Count(frequencies, analysis.Of(record.Context), settings.ContextWeight, settings.ConceptWeight);
            // The title is usually the first entry of the heading path too; count it once.
            foreach (var heading in record.HeadingPath)
            {
                if (heading != record.Title) length += Count(frequencies, analysis.Of(heading), settings.HeadingWeight, settings.ConceptWeight);
            }

            lengths[doc] = length;
            foreach (var (term, frequency) in frequencies)
            {
                if (!lists.TryGetValue(term, out var list)) lists[term] = list = [];
                list.Add(new Posting(doc, frequency));
            }
        }

        var average = records.Count == 0 ? 1f : Math.Max(1f, lengths.Average());
        var norm = new float[records.Count];
        for (var doc = 0; doc < records.Count; doc++)
        {
            norm[doc] = settings.K1 * (1 - settings.B + (settings.B * lengths[doc] / average));
        }

        return new KeywordIndex(lists.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal), norm, settings.K1, settings.ConceptWeight);
    }

    /// <summary>Analysed texts by content: overviews, titles and headings repeat across passages.</summary>
    public sealed class Analysis
    {
        private readonly Dictionary<string, List<string>> _terms = new(StringComparer.Ordinal);

        public List<string> Of(string text)
        {
            if (!_terms.TryGetValue(text, out var terms)) _terms[text] = terms = EnglishAnalyzer.Analyze(text);
            return terms;
        }
    }

    /// <summary>The best <paramref name="top"/> documents for <paramref name="query"/> among those <paramref name="include"/> admits.</summary>
    public List<(int Index, float Score)> Search(string query, int top, Func<int, bool>? include = null)
    {
        var analysed = EnglishAnalyzer.Analyze(query);
        var terms = analysed.Select(t => (Term: t, Weight: 1f))
            .Concat(_conceptWeight > 0 ? CsSynonyms.ConceptsIn(analysed).Select(c => (Term: ConceptToken(c), Weight: _conceptWeight)) : [])
            .DistinctBy(t => t.Term, StringComparer.Ordinal)
            .ToList();
        var scores = new float[_count];
        var touched = new List<int>();
        foreach (var (term, weight) in terms)
        {
            if (!_postings.TryGetValue(term, out var postings)) continue;
            var idf = weight * MathF.Log(1 + ((_count - postings.Length + 0.5f) / (postings.Length + 0.5f)));
            foreach (var (doc, frequency) in postings)
            {
                if (scores[doc] == 0) touched.Add(doc);
                scores[doc] += idf * frequency * (_k1 + 1) / (frequency + _lengthNorm[doc]);
            }
        }

        var best = new TopK(top);
        foreach (var doc in touched)
        {
            if (include is null || include(doc)) best.Offer(doc, scores[doc]);
        }

        return best.Drain();
    }

    // Words also count towards their synonym concept (a separate term), so "say" can find a "Talk track".
    private static float Count(Dictionary<string, float> frequencies, List<string> terms, float weight, float conceptWeight)
    {
        foreach (var term in terms)
        {
            frequencies[term] = frequencies.GetValueOrDefault(term) + weight;
        }

        if (conceptWeight > 0)
        {
            foreach (var concept in CsSynonyms.ConceptsIn(terms))
            {
                frequencies[ConceptToken(concept)] = frequencies.GetValueOrDefault(ConceptToken(concept)) + weight;
            }
        }

        return terms.Count * weight;
    }

    private static string ConceptToken(string concept) => "~" + concept;
}
