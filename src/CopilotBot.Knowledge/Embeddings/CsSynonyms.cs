using System.Collections.Frozen;
using CopilotBot.Knowledge.Text;

namespace CopilotBot.Knowledge.Embeddings;

/// <summary>
/// Customer-success vocabulary that means the same thing in different words, as CSMs, sales reps and managers
/// write it. Each group is one concept: a shared feature in the offline embedder and an extra term in BM25. An
/// entry of several words is a phrase ("cut seats", "business case"), matched on consecutive stems, so a concept
/// can be named by words that mean something else apart. A word may belong to several concepts ("CFO" is an
/// executive and finance). Entries are stemmed with the same analyzer as the text.
/// </summary>
internal static class CsSynonyms
{
    private static readonly string[][] Groups =
    [
        // People leaving, and who replaces them.
        ["quit", "quits", "left", "leave", "leaves", "leaving", "depart", "departed", "departure", "resign", "resigned", "resignation", "exit", "exited", "gone", "turnover", "replaced", "replacement", "successor", "laid", "layoff", "layoffs", "new job"],
        ["champion", "sponsor", "advocate", "ally", "backer", "stakeholder", "main contact", "key contact", "point of contact", "power user", "internal owner"],
        ["executive", "exec", "execs", "leadership", "vp", "cxo", "ceo", "cfo", "cio", "cto", "coo", "c-suite", "c level", "director", "board", "senior", "chief", "svp", "evp", "economic buyer", "decision maker", "budget holder"],
        ["finance", "financial", "cfo", "controller", "chief financial officer", "finance team"],
        ["churn", "churned", "cancel", "cancellation", "cancelled", "canceled", "terminate", "termination", "attrition", "lose", "losing", "lost", "loss", "nonrenewal", "walk away", "pull the plug"],

        // Money: what the customer can spend, what we charge, and what they get back. Three different talks.
        ["budget", "budgets", "cost cutting", "cost reduction", "cut costs", "cutting costs", "reduce costs", "reduce spend", "cut spend", "spend", "spending", "spending freeze", "budget freeze", "hiring freeze", "freeze", "austerity", "save money", "belt tightening", "headcount", "profit warning", "tight year"],
        ["downsell", "downgrade", "downsize", "downsizing", "right-size", "rightsize", "right-sizing", "fewer seats", "fewer licences", "fewer licenses", "fewer users", "cut seats", "cut licences", "cut licenses", "reduce seats", "reduce licences", "reduce licenses", "drop seats", "remove seats", "seat reduction", "seat reductions", "lower tier", "lower edition", "cheaper edition", "smaller plan", "pay less", "spend less", "shrink the contract"],
        ["price", "pricing", "cost", "costs", "discount", "discounts", "discounting", "expensive", "cheaper", "cheap", "afford", "procurement", "purchasing", "negotiate", "negotiation", "negotiating", "price increase", "price hike", "uplift", "quote", "concession", "concessions", "price match", "match the price", "list price", "invoice", "billing", "payment", "payment terms"],
        ["roi", "return on investment", "business case", "prove value", "proving value", "show value", "showing value", "demonstrate value", "value realization", "value realisation", "value delivered", "value story", "value summary", "cost justification", "justify the cost", "justify the spend", "justify", "worth", "worth the money", "payback", "quantify", "hard numbers", "baseline"],

        ["renewal", "renew", "renewing", "renews", "contract", "expiry", "expire", "expiration", "term", "subscription", "agreement", "renewal date", "contract end"],
        ["usage", "adoption", "adopt", "utilization", "utilisation", "engagement", "active", "logins", "login", "seats", "license", "licenses", "licence", "licences", "dau", "mau", "shelfware", "unused"],
        ["decline", "declining", "drop", "dropped", "dropping", "fall", "falling", "fell", "decrease", "decreasing", "shrink", "shrinking", "dip", "slump", "plummet", "low", "lower", "tanked", "down"],
        ["increase", "grow", "growth", "growing", "rise", "rising", "expand", "expansion", "upsell", "cross-sell", "crosssell", "upgrade", "upside", "whitespace", "additional seats", "extra seats", "add seats", "additional licences", "additional licenses", "add licences", "add licenses", "new team", "new department", "another division", "land and expand"],
        ["ticket", "tickets", "support", "escalation", "escalate", "escalated", "incident", "outage", "bug", "bugs", "defect", "sev1", "sev 1", "severity 1", "p1", "issue", "issues", "complaint", "complaints", "critical bug", "downtime", "sla", "hotfix", "broken", "crash", "crashes", "errors", "post mortem", "postmortem", "root cause analysis"],
        ["backlog", "ticket volume", "open tickets", "queue", "response time", "response times", "resolution time", "too many tickets"],
        ["onboarding", "onboard", "implementation", "implement", "kickoff", "go-live", "golive", "go live", "rollout", "deployment", "deploy", "setup", "launch", "time to value", "first value"],
        ["stalled", "stall", "stuck", "delayed", "delay", "delays", "behind schedule", "slipped", "slipping", "blocked", "blocker", "blockers", "paused", "dragging"],
        ["nps", "detractor", "detractors", "passive", "passives", "promoter", "promoters", "recommend", "net promoter"],
        ["csat", "satisfaction", "sentiment", "feedback", "unhappy", "frustrated", "dissatisfied", "angry", "upset"],
        ["competitor", "competitors", "competition", "competitive", "rival", "alternative", "alternatives", "vendor", "vendors", "switch", "switching", "displace", "evaluate", "evaluating", "rfp", "bakeoff", "compare", "comparing", "comparison", "rip and replace", "another tool", "another vendor"],
        ["qbr", "ebr", "review", "reviews", "checkin", "cadence", "meeting", "meetings", "call", "calls", "sync", "business review"],
        ["risk", "risks", "risky", "danger", "threat", "warning", "red", "flag", "flags", "concern", "concerns", "trouble", "firefight", "firefighting", "bad shape", "crisis"],
        ["health", "score", "scores", "scoring", "rating", "band", "health score"],
        ["plan", "plans", "playbook", "playbooks", "strategy", "steps", "actions", "remediation", "recovery", "rescue", "save"],
        ["question", "questions", "discovery", "diagnosis", "diagnose", "ask", "asking", "probe", "interview", "uncover", "investigate"],
        ["customer", "customers", "client", "clients", "account", "accounts", "user", "users", "buyer"],
        ["relationship", "rapport", "trust", "relationships", "multithread", "multi-thread", "multithreading", "multi-threading", "contacts", "contact", "network", "single threaded", "single-threaded", "one contact", "org chart", "stakeholder map", "power map", "buying committee", "go wide", "broaden"],
        ["train", "training", "enablement", "enable", "education", "workshop", "workshops", "webinar", "certification", "learn"],
        ["new", "hire", "hired", "newly", "arrived", "incoming", "joined", "successor"],
        ["silent", "silence", "unresponsive", "ghosting", "ghosted", "quiet", "dark", "disengaged", "disengagement", "unreachable", "radio silence", "stopped responding", "stopped replying", "stopped answering", "never replies", "never responds", "unanswered"],
        ["brief", "briefing", "prep", "prepare", "preparation", "agenda", "talking", "points", "cheat sheet", "one pager"],
        ["outcome", "outcomes", "goal", "goals", "objective", "objectives", "success", "milestone", "milestones", "success plan", "success criteria"],
        ["integration", "integrations", "api", "connector", "sso", "technical", "configuration", "migration"],
        ["manager", "managers", "portfolio", "team", "lead", "forecast", "pipeline", "book of business", "triage", "prioritize", "prioritise"],
        ["pilot", "pilots", "piloting", "experiment", "experimental", "innovation", "innovative", "visionary", "prototype", "poc", "proof of concept", "big bet", "moonshot", "transformation", "breakthrough", "first mover", "bespoke", "custom build"],
        ["pragmatist", "pragmatists", "pragmatic", "risk averse", "risk-averse", "cautious", "proven", "peers", "peer", "whole product", "safe choice"],
        ["standardize", "standardise", "standardizing", "standardising", "standard", "company-wide", "enterprise-wide", "everywhere", "hypergrowth", "vendor selection", "market leader", "tornado"],
        ["productivity", "efficiency", "efficient", "time savings", "time saving", "save time", "saves time", "best practices", "tips", "continuous improvement", "optimize", "optimise", "mature", "established", "long-standing", "tenured", "main street", "low touch", "low-touch", "tech touch", "tech-touch", "one to many", "scaled", "long tail"],
        ["principles", "principle", "philosophy", "mindset", "belief", "beliefs"],
        ["merger", "acquisition", "acquired", "consolidation", "restructuring", "reorg", "reorganization", "reorganisation", "restructure", "new owner", "parent company", "takeover", "spinoff", "divestiture"],
        ["reference", "references", "referral", "referrals", "case study", "case studies", "testimonial", "testimonials", "review site", "speaker", "speak", "logo", "advocacy", "reference call"],
        ["feature request", "feature", "features", "feature requests", "missing feature", "missing features", "product gap", "product gaps", "gap", "gaps", "roadmap", "enhancement", "enhancements", "limitation", "limitations", "workaround", "workarounds", "doesnt support", "lacks", "lacking"],
        ["handoff", "handover", "transition", "closed won", "new logo", "sales promised", "promised", "overpromised", "oversold"],
        ["professional services", "services", "consultant", "consultants", "consulting", "sow", "statement of work", "project", "implementation partner", "went south", "gone south", "derailed"],

        // The standard sections of a playbook, and the words people use when they want one of them.
        ["talk", "track", "say", "tell", "script", "wording", "words", "phrase", "phrasing", "email", "message", "pitch", "explain", "reply", "respond", "conversation"],
        ["actions", "action", "steps", "step", "next", "start", "handle", "checklist", "todo"],
        ["signals", "signal", "sign", "signs", "symptom", "symptoms", "indicator", "indicators", "watch", "spot", "notice", "detect"],
        ["measures", "measure", "measured", "measuring", "metric", "metrics", "kpi", "kpis", "target", "targets", "benchmark"],
        ["pitfalls", "pitfall", "mistake", "mistakes", "trap", "traps", "avoid", "wrong", "beware"],
    ];

    /// <summary>A short hash of the lists: any edit to them changes it.</summary>
    public static readonly string Fingerprint = Convert.ToHexStringLower(
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', Groups.Select(g => string.Join('|', g))))))[..8];

    /// <summary>Every word and phrase listed, as written.</summary>
    internal static IEnumerable<string> Entries => Groups.SelectMany(g => g);

    private static readonly (FrozenDictionary<string, string[]> Words, FrozenDictionary<string, (string[] Tail, string Concept)[]> Phrases) Table = Build();

    /// <summary>The first concept a stemmed term belongs to, or null.</summary>
    public static string? ConceptOf(string stem) => Table.Words.TryGetValue(stem, out var concepts) ? concepts[0] : null;

    /// <summary>
    /// The concepts in analysed <paramref name="terms"/>, in order: each word's own, then each listed phrase's
    /// ("cut seats", "business case"), matched on consecutive stems.
    /// </summary>
    public static List<string> ConceptsIn(IReadOnlyList<string> terms)
    {
        var found = new List<string>();
        for (var i = 0; i < terms.Count; i++)
        {
            if (Table.Words.TryGetValue(terms[i], out var concepts)) found.AddRange(concepts);
            if (!Table.Phrases.TryGetValue(terms[i], out var phrases)) continue;
            foreach (var (tail, concept) in phrases)
            {
                if (i + tail.Length >= terms.Count) continue;
                var match = true;
                for (var j = 0; j < tail.Length && match; j++) match = terms[i + 1 + j] == tail[j];
                if (match) found.Add(concept);
            }
        }

        return found;
    }

    private static (FrozenDictionary<string, string[]>, FrozenDictionary<string, (string[], string)[]>) Build()
    {
        var words = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var phrases = new Dictionary<string, List<(string[], string)>>(StringComparer.Ordinal);
        foreach (var group in Groups)
        {
            var concept = group[0];
            foreach (var entry in group)
            {
                var stems = EnglishAnalyzer.Analyze(entry);
                if (stems.Count == 1)
                {
                    if (!words.TryGetValue(stems[0], out var list)) words[stems[0]] = list = [];
                    if (!list.Contains(concept)) list.Add(concept);
                }
                else if (stems.Count > 1)
                {
                    if (!phrases.TryGetValue(stems[0], out var list)) phrases[stems[0]] = list = [];
                    list.Add((stems.Skip(1).ToArray(), concept));
                }
            }
        }

        return (words.ToFrozenDictionary(w => w.Key, w => w.Value.ToArray(), StringComparer.Ordinal),
            phrases.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal));
    }
}
