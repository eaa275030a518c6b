using System.Numerics.Tensors;

namespace CopilotBot.Copilot.Understanding;

/// <summary>A labelled utterance as the classifier sees it: its sentence embedding and its words, names masked.</summary>
public sealed record IntentExample(float[] Vector, IReadOnlyList<string> Words, string Label);

/// <summary>A class, its share of the neighbours' votes (0-1) and how near the nearest labelled utterance was.</summary>
public readonly record struct IntentPrediction(string Label, double Share, double NearestSimilarity);

/// <summary>
/// Nearest labelled utterances: a question is compared with every labelled one by meaning (cosine of the sentence
/// embeddings) plus by the words they share, each weighted by how rare it is among the utterances (the words that
/// decide between close intents: "nps", "tickets", "seats"); the nearest few vote with their similarity.
/// </summary>
public sealed class IntentClassifier
{
    /// <summary>Neighbours that vote.</summary>
    public const int Neighbours = 5;

    /// <summary>Weight of shared rare words beside meaning.</summary>
    public const double WordWeight = 1.0;

    private readonly IReadOnlyList<IntentExample> _examples;
    private readonly Dictionary<string, double> _idf;
    private readonly double[] _wordNorms;

    public IntentClassifier(IReadOnlyList<IntentExample> examples)
    {
        _examples = examples;
        _idf = examples.SelectMany(e => e.Words.Distinct()).GroupBy(w => w, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Math.Log(1.0 + examples.Count / (double)g.Count()), StringComparer.Ordinal);
        _wordNorms = [.. examples.Select(e => Norm(e.Words))];
    }

    public IntentPrediction Predict(float[] vector, IReadOnlyList<string> words)
    {
        var asked = words.Distinct().ToList();
        var norm = Norm(asked);
        var scored = new (int Index, double Meaning, double Score)[_examples.Count];
        for (var i = 0; i < _examples.Count; i++)
        {
            var meaning = TensorPrimitives.Dot(vector, _examples[i].Vector);
            scored[i] = (i, meaning, meaning + (WordWeight * SharedWords(asked, norm, i)));
        }

        var nearest = scored.OrderByDescending(s => s.Score).Take(Neighbours).ToList();
        var votes = nearest.GroupBy(s => _examples[s.Index].Label)
            .Select(g => (Label: g.Key, Weight: g.Sum(s => Math.Max(s.Score, 0))))
            .OrderByDescending(v => v.Weight)
            .ToList();
        var total = votes.Sum(v => v.Weight);
        return new IntentPrediction(votes[0].Label, total == 0 ? 0 : votes[0].Weight / total, scored.Max(s => s.Meaning));
    }

    /// <summary>Accuracy of classifiers learned on all but one fold and scored on that fold: the figure to tune on.</summary>
    public static double CrossValidate(IReadOnlyList<IntentExample> examples, int folds = 5)
    {
        var right = 0;
        for (var fold = 0; fold < folds; fold++)
        {
            var classifier = new IntentClassifier([.. examples.Where((_, i) => i % folds != fold)]);
            right += examples.Where((_, i) => i % folds == fold).Count(e => classifier.Predict(e.Vector, e.Words).Label == e.Label);
        }

        return examples.Count == 0 ? 0 : (double)right / examples.Count;
    }

    private double SharedWords(List<string> asked, double norm, int example)
    {
        if (norm == 0 || _wordNorms[example] == 0) return 0;
        double shared = 0;
        var words = _examples[example].Words;
        foreach (var word in asked)
        {
            if (words.Contains(word) && _idf.TryGetValue(word, out var idf)) shared += idf * idf;
        }

        return shared / (norm * _wordNorms[example]);
    }

    private double Norm(IEnumerable<string> words) =>
        Math.Sqrt(words.Distinct().Sum(w => _idf.TryGetValue(w, out var idf) ? idf * idf : 0));
}
