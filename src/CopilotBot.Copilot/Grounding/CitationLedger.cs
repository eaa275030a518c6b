using System.Text.RegularExpressions;
using CopilotBot.Copilot.Drafting;

namespace CopilotBot.Copilot.Grounding;

/// <summary>
/// The evidence a draft may cite: data rows and playbook passages, each with an id (<c>C1</c>...), a short
/// excerpt for readers and the full text the groundedness check reads. Figures the copilot computed from
/// those rows (score, days to renewal, progress towards a target) are registered as derived facts.
/// </summary>
public sealed partial class CitationLedger
{
    /// <summary>Citation type of a data row.</summary>
    public const string DataType = "data";

    /// <summary>Citation type of a playbook passage.</summary>
    public const string PlaybookType = "playbook";

    private const int ExcerptLength = 240;
    private const int MaxEvidenceChars = 2_000;
    private readonly Dictionary<string, Entry> _bySource = new(StringComparer.Ordinal);
    private readonly List<Entry> _entries = [];
    private readonly List<string> _derived = [];
    private readonly Lock _lock = new();

    /// <summary>Dates in this window count as derived (due dates planned from the as-of and renewal dates).</summary>
    public (DateOnly From, DateOnly To)? PlanWindow { get; set; }

    /// <summary>Registers a source (once; later texts about the same source are appended) and returns its id.</summary>
    public string Cite(string type, string source, string text)
    {
        lock (_lock)
        {
            if (_bySource.TryGetValue(source, out var existing))
            {
                existing.Add(text);

                return existing.Id;
            }

            var entry = new Entry($"C{_entries.Count + 1}", type, source, text);
            _entries.Add(entry);
            _bySource[source] = entry;
            return entry.Id;
        }
    }

    public string CiteData(string source, string text) => Cite(DataType, source, text);

    /// <summary>Records a figure or fact computed from cited rows, e.g. "23 days to renewal".</summary>
    public void AddDerived(string fact)
    {
        lock (_lock)
        {
            _derived.Add(fact);
        }
    }

    public IReadOnlyList<string> Derived
    {
        get
        {
            lock (_lock)
            {
                return [.. _derived];
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>An id as given (<c>C3</c>), or a source string (<c>tickets.csv#T-1</c>), resolved to its id.</summary>
    public string? Resolve(string idOrSource)
    {
        var key = idOrSource.Trim().Trim('[', ']');
        lock (_lock)
        {
            if (_bySource.TryGetValue(key, out var bySource))
            {
                return bySource.Id;
            }

            return _entries.FirstOrDefault(e => string.Equals(e.Id, key, StringComparison.OrdinalIgnoreCase))?.Id;
        }
    }

    /// <summary>The full text behind a citation id, for the groundedness check.</summary>
    public string TextOf(string id)
    {
        lock (_lock)
        {
            return _entries.FirstOrDefault(e => e.Id == id)?.Text ?? "";
        }
    }

    /// <summary>The source string behind a citation id.</summary>
    public string SourceOf(string id)
    {
        lock (_lock)
        {
            return _entries.FirstOrDefault(e => e.Id == id)?.Source ?? "";
        }
    }

    /// <summary>All text the ledger holds: names and phrases found here are not invented.</summary>
    public string Corpus()
    {
        lock (_lock)
        {
            return string.Join('\n', _entries.Select(e => e.Text).Concat(_derived));
        }
    }

    /// <summary>The evidence list shown to a language model: one line per source with its id.</summary>
    public IReadOnlyList<string> EvidenceLines()
    {
        lock (_lock)
        {
            return [.. _entries.Select(e => $"[{e.Id}] ({e.Type}) {e.Source}: {AsData(e.Text)}")];
        }
    }

    /// <summary>Every registered source in the order it was cited, with its excerpt (answers that are data, not sections).</summary>
    public IReadOnlyList<Citation> Citations()
    {
        lock (_lock)
        {
            return [.. _entries.Select(e => new Citation(e.Id, e.Type, e.Source, Excerpt(e.Longest)))];
        }
    }

    /// <summary>
    /// The citations the sections actually use, renumbered C1.. in order of first use, and the sections rewritten
    /// to the new ids, so that a draft lists exactly what it cites.
    /// </summary>
    public (IReadOnlyList<DraftSection> Sections, IReadOnlyList<Citation> Citations) Compact(IReadOnlyList<DraftSection> sections)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var citations = new List<Citation>();
        var rewritten = new List<DraftSection>();
        lock (_lock)
        {
            foreach (var section in sections)
            {
                var items = new List<DraftItem>();
                foreach (var item in section.Items)
                {
                    var ids = new List<string>();
                    foreach (var id in item.Citations)
                    {
                        if (!map.TryGetValue(id, out var newId))
                        {
                            var entry = _entries.First(e => e.Id == id);
                            newId = $"C{map.Count + 1}";
                            map[id] = newId;
                            citations.Add(new Citation(newId, entry.Type, entry.Source, Excerpt(entry.Longest)));
                        }

                        if (!ids.Contains(newId))
                        {
                            ids.Add(newId);
                        }
                    }

                    items.Add(item with { Citations = ids });
                }

                rewritten.Add(section with { Items = items });
            }
        }

        return (rewritten, citations);
    }

    /// <summary>
    /// Row text as the model sees it: one line, so data can never start a line of its own (a fake evidence entry or a
    /// "system:" turn); no tag that could close or reopen the evidence block; no "[C9]" posing as a citation.
    /// </summary>
    internal static string AsData(string text)
    {
        var flat = EvidenceTag().Replace(CitationMarker().Replace(Flatten(text), "$1"), m => "‹" + m.Value[1..]);
        // One pasted 100 KB note must not eat the budget of every row after it.
        return flat.Length <= MaxEvidenceChars ? flat : flat[..MaxEvidenceChars] + "…";
    }

    private static string Flatten(string text) =>
        string.Join(' ', text.Split((char[])['\n', '\r', '\t', ' ', '\u2028', '\u2029', '\u0085'], StringSplitOptions.RemoveEmptyEntries));

    private static string Excerpt(string text)
    {
        // A "[C9]" quoted from a note would read as one of the draft's own citation markers.
        var flat = CitationMarker().Replace(Flatten(text), "$1");
        return flat.Length <= ExcerptLength ? flat : flat[..(ExcerptLength - 1)].TrimEnd() + "…";
    }

    /// <summary>A source and every text said about it (the health model's evidence and our own rendering of the row).</summary>
    private sealed class Entry(string id, string type, string source, string text)
    {
        private readonly List<string> _texts = [text];

        public string Id { get; } = id;
        public string Type { get; } = type;
        public string Source { get; } = source;
        public string Text => string.Join(" | ", _texts);
        public string Longest => _texts.MaxBy(t => t.Length)!;

        public void Add(string more)
        {
            if (!_texts.Any(t => t.Contains(more, StringComparison.Ordinal)))
            {
                _texts.Add(more);
            }
        }
    }

    [GeneratedRegex(@"\[(C\d+)\]", RegexOptions.IgnoreCase)]
    private static partial Regex CitationMarker();

    [GeneratedRegex(@"<\s*/?\s*evidence", RegexOptions.IgnoreCase)]
    private static partial Regex EvidenceTag();
}
