using System.Collections.Frozen;
using CopilotBot.Knowledge.Text;

namespace CopilotBot.Knowledge.Retrieval;

/// <summary>The standard parts of a playbook; each answers a different kind of question.</summary>
internal enum SectionKind
{
    /// <summary>Descriptive sections: who the buyer is, what a brief contains, principles.</summary>
    Other,
    Actions,
    Diagnosis,
    TalkTrack,
    Signals,
    SuccessMeasures,
    Pitfalls,
}

/// <summary>
/// What kind of answer a query asks for, read from general wording cues ("what do I say" wants a talk track,
/// "what should I ask" diagnosis questions, "how will I know it worked" success measures), and which kind of
/// section a passage is, read from its heading path. Hybrid search prefers sections of the kind asked for: the
/// topic words find the playbook, these cues find the part of it that answers.
/// </summary>
internal static class SectionIntent
{
    public static readonly int Kinds = Enum.GetValues<SectionKind>().Length;

    private static readonly FrozenDictionary<string, SectionKind> KindByHeading = new Dictionary<string, SectionKind>(StringComparer.OrdinalIgnoreCase)
    {
        ["actions"] = SectionKind.Actions,
        ["diagnosis questions"] = SectionKind.Diagnosis,
        ["discovery questions"] = SectionKind.Diagnosis,
        ["questions"] = SectionKind.Diagnosis,
        ["talk track"] = SectionKind.TalkTrack,
        ["talking points"] = SectionKind.TalkTrack,
        ["signals"] = SectionKind.Signals,
        ["warning signs"] = SectionKind.Signals,
        ["success measures"] = SectionKind.SuccessMeasures,
        ["pitfalls"] = SectionKind.Pitfalls,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    // Cue words and phrases (lowercase tokens joined by a space) and the section kind they ask for. They are
    // general ways of asking, never topic words: the topic is keyword and vector search's business. Words that
    // describe the situation more often than the wanted answer stay out ("the customer keeps asking for X",
    // "a feature we don't have").
    private static readonly FrozenDictionary<string, (SectionKind Kind, float Weight)> Cues = BuildCues(
        (SectionKind.Diagnosis, 1f, ["ask", "question", "questions", "discover", "discovery", "find out", "figure out", "understand", "why", "dig", "probe", "uncover", "diagnose", "qualify", "root cause", "going on", "is it", "does that matter", "should i worry", "read it", "interview"]),
        (SectionKind.TalkTrack, 1f, ["say", "tell", "script", "email", "word", "words", "wording", "phrase", "phrasing", "respond", "reply", "pitch", "explain", "bring up", "message", "talking points", "talk", "sound", "sounding", "frame", "announce", "intro", "introduce", "write to", "convince", "no to", "objection"]),
        (SectionKind.Actions, 1f, ["plan", "steps", "step", "next", "handle", "fix", "what now", "prep", "prepare", "run", "manage", "push", "recover", "save", "deal with", "approach", "start", "rescue", "set up", "process", "how to", "first steps", "where do i start", "checklist", "escalate", "get to"]),
        (SectionKind.Actions, 0.5f, ["should i", "should we", "when should"]),
        (SectionKind.SuccessMeasures, 1f, ["measure", "measures", "measuring", "metric", "metrics", "kpi", "kpis", "worked", "working", "counts as", "benchmark", "know it", "progress", "velocity", "how will i know", "success look"]),
        (SectionKind.Signals, 1f, ["sign", "signs", "spot", "warning", "early", "watch", "notice", "detect", "indicator", "indicators", "symptom", "symptoms", "red flag", "red flags", "look for", "know if", "tell if", "tell whether", "worry about"]),
        (SectionKind.Signals, 1f, ["which customers", "which accounts", "is that a", "is this a"]),
        (SectionKind.SuccessMeasures, 1f, ["how many", "how much"]),
        (SectionKind.Pitfalls, 1f, ["mistake", "mistakes", "avoid", "wrong", "pitfall", "pitfalls", "trap", "traps", "beware", "careful"]),
        (SectionKind.Other, 1f, ["who is", "who are", "philosophy", "principle", "principles", "contains", "what goes", "goes in", "dealing with", "what is a", "profile"]));

    // With no cue at all a query is usually a situation ("Hooli has 27 open tickets"): the asker wants to know
    // what to do, then what to find out, then what to say.
    private static readonly float[] Unstated = Weights(
        (SectionKind.Actions, 1f), (SectionKind.Diagnosis, 0.45f), (SectionKind.TalkTrack, 0.35f), (SectionKind.Signals, 0.3f),
        (SectionKind.SuccessMeasures, 0.1f), (SectionKind.Pitfalls, 0.1f), (SectionKind.Other, 0.1f));

    private const float UnstatedShare = 0.5f;

    /// <summary>How much the query asks for each <see cref="SectionKind"/>, the strongest 1.</summary>
    public static float[] Of(string query)
    {
        var tokens = EnglishAnalyzer.Tokenize(query).ToList();
        var weights = new float[Kinds];
        var any = false;
        for (var i = 0; i < tokens.Count; i++)
        {
            // "do" asks for actions ("what do I do", "should we still do it"), but not as the auxiliary of "how do I ask".
            if (tokens[i] == "do" && (i + 1 == tokens.Count || tokens[i + 1] is not ("i" or "we" or "you" or "they")))
            {
                weights[(int)SectionKind.Actions] += 1f;
                any = true;
            }

            var phrase = string.Empty;
            for (var n = 0; n < 4 && i + n < tokens.Count; n++)
            {
                phrase = n == 0 ? tokens[i] : phrase + " " + tokens[i + n];
                if (Cues.TryGetValue(phrase, out var cue))
                {
                    weights[(int)cue.Kind] += cue.Weight;
                    any = true;
                }
            }
        }

        if (!any) return (float[])Unstated.Clone();
        var max = weights.Max();
        // A cue says what is wanted most; what is usually wanted still orders the rest, at half strength.
        for (var k = 0; k < weights.Length; k++) weights[k] = Math.Max(weights[k] / max, UnstatedShare * Unstated[k]);
        return weights;
    }

    /// <summary>The kind of a passage, from the first heading under the title that names a standard section.</summary>
    public static SectionKind KindOf(IReadOnlyList<string> headingPath)
    {
        foreach (var heading in headingPath)
        {
            if (KindByHeading.TryGetValue(heading.Trim(), out var kind)) return kind;
        }

        return SectionKind.Other;
    }

    private static FrozenDictionary<string, (SectionKind, float)> BuildCues(params (SectionKind Kind, float Weight, string[] Phrases)[] groups)
    {
        var cues = new Dictionary<string, (SectionKind, float)>(StringComparer.Ordinal);
        foreach (var (kind, weight, phrases) in groups)
        {
            foreach (var phrase in phrases) cues.TryAdd(string.Join(' ', EnglishAnalyzer.Tokenize(phrase)), (kind, weight));
        }

        return cues.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static float[] Weights(params (SectionKind Kind, float Weight)[] entries)
    {
        var weights = new float[Kinds];
        foreach (var (kind, weight) in entries) weights[(int)kind] = weight;
        return weights;
    }
}
