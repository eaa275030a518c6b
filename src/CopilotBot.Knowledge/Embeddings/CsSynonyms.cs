using System.Collections.Frozen;
using CopilotBot.Knowledge.Text;

namespace CopilotBot.Knowledge.Embeddings;

/// <summary>
/// Customer-success vocabulary that means the same thing in different words. Each group becomes one shared
/// feature in the offline embedder; the words are stemmed with the same analyzer as the text.
/// </summary>
internal static class CsSynonyms
{
    private static readonly string[][] Groups =
    [
        ["quit", "quits", "left", "leave", "leaves", "leaving", "depart", "departed", "departure", "resign", "resigned", "resignation", "exit", "exited", "gone", "turnover", "replaced", "replacement", "successor", "reorg", "reorganization", "laid", "layoff", "layoffs"],
        ["champion", "sponsor", "advocate", "ally", "backer", "supporter", "stakeholder"],
        ["executive", "exec", "execs", "leadership", "vp", "cxo", "ceo", "cfo", "cio", "cto", "c-suite", "director", "board"],
        ["churn", "churned", "cancel", "cancellation", "cancelled", "canceled", "terminate", "termination", "attrition", "lose", "losing", "lost", "loss", "nonrenewal", "downgrade", "downsell", "contraction", "cut", "cuts", "reduce", "reduction"],
        ["renewal", "renew", "renewing", "contract", "expiry", "expire", "expiration", "term", "subscription", "agreement"],
        ["usage", "adoption", "adopt", "utilization", "utilisation", "engagement", "active", "logins", "login", "usage", "seats", "license", "licenses", "licence", "licences", "dau", "mau"],
        ["decline", "declining", "drop", "dropped", "dropping", "fall", "falling", "fell", "decrease", "decreasing", "shrink", "shrinking", "dip", "slump", "plummet", "low", "lower"],
        ["increase", "grow", "growth", "growing", "rise", "rising", "expand", "expansion", "upsell", "cross-sell", "crosssell", "upgrade", "upside", "whitespace"],
        ["ticket", "tickets", "support", "escalation", "escalate", "escalated", "incident", "outage", "bug", "bugs", "defect", "sev1", "p1", "issue", "issues", "complaint", "complaints"],
        ["price", "pricing", "cost", "costs", "budget", "budgets", "discount", "discounts", "spend", "expensive", "cheaper", "cheap", "afford", "roi", "value", "procurement", "invoice", "billing", "payment"],
        ["onboarding", "onboard", "implementation", "implement", "kickoff", "go-live", "golive", "rollout", "deployment", "deploy", "setup", "launch"],
        ["nps", "detractor", "detractors", "passive", "passives", "promoter", "promoters", "recommend"],
        ["csat", "satisfaction", "sentiment", "feedback", "unhappy", "frustrated", "dissatisfied", "angry", "upset"],
        ["competitor", "competitors", "competition", "competitive", "rival", "alternative", "alternatives", "vendor", "vendors", "switch", "switching", "displace", "evaluate", "evaluating", "rfp"],
        ["qbr", "ebr", "review", "reviews", "checkin", "check-in", "cadence", "meeting", "meetings", "call", "calls", "sync"],
        ["risk", "risks", "risky", "danger", "threat", "warning", "red", "flag", "flags", "at-risk", "concern", "concerns"],
        ["health", "score", "scores", "scoring", "rating", "band"],
        ["plan", "plans", "playbook", "playbooks", "strategy", "steps", "actions", "remediation", "recovery", "rescue", "save"],
        ["question", "questions", "discovery", "diagnosis", "diagnose", "ask", "asking", "probe", "interview", "uncover", "investigate"],
        ["customer", "customers", "client", "clients", "account", "accounts", "user", "users", "buyer"],
        ["relationship", "rapport", "trust", "relationships", "multithread", "multi-thread", "multithreading", "contacts", "contact", "network"],
        ["train", "training", "enablement", "enable", "education", "workshop", "workshops", "webinar", "certification", "learn"],
        ["new", "hire", "hired", "newly", "arrived", "incoming", "joined", "successor"],
        ["silent", "silence", "unresponsive", "ghosting", "ghosted", "quiet", "dark", "disengaged", "disengagement", "unreachable", "no-show"],
        ["brief", "briefing", "prep", "prepare", "preparation", "agenda", "talking", "points"],
        ["outcome", "outcomes", "goal", "goals", "objective", "objectives", "success", "milestone", "milestones"],
        ["integration", "integrations", "api", "connector", "sso", "technical", "configuration", "migration"],
        ["manager", "managers", "portfolio", "team", "lead", "forecast", "pipeline"],
        ["pilot", "pilots", "piloting", "experiment", "experimental", "innovation", "innovative", "visionary", "prototype", "poc"],
        ["principles", "principle", "philosophy", "mindset", "belief", "beliefs"],
        ["merger", "acquisition", "acquired", "m&a", "consolidation", "restructuring"],

        // The standard sections of a playbook, and the words people use when they want one of them.
        ["talk", "track", "say", "tell", "script", "wording", "words", "phrase", "phrasing", "email", "message", "pitch", "explain", "reply", "respond", "conversation"],
        ["actions", "action", "steps", "step", "next", "start", "handle", "checklist", "todo"],
        ["signals", "signal", "sign", "signs", "symptom", "symptoms", "indicator", "indicators", "watch", "spot", "notice", "detect"],
        ["measures", "measure", "measured", "measuring", "metric", "metrics", "kpi", "kpis", "target", "targets", "benchmark"],
        ["pitfalls", "pitfall", "mistake", "mistakes", "trap", "traps", "avoid", "wrong", "beware"],
    ];

    private static readonly FrozenDictionary<string, string> ConceptByStem = Build();

    /// <summary>The concept a stemmed term belongs to, or null.</summary>
    public static string? ConceptOf(string stem) => ConceptByStem.GetValueOrDefault(stem);

    private static FrozenDictionary<string, string> Build()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in Groups)
        {
            var concept = group[0];
            foreach (var word in group)
            {
                foreach (var stem in EnglishAnalyzer.Analyze(word))
                {
                    // First group wins for a word listed twice, so the table stays deterministic.
                    map.TryAdd(stem, concept);
                }
            }
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
