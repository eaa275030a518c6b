using System.Reflection;
using CopilotBot.Copilot.Access;
using CopilotBot.Copilot.Grounding;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;
using CopilotBot.Knowledge;
using Microsoft.Extensions.Logging;

namespace CopilotBot.Copilot.Drafting;

/// <summary>
/// Gathers what a draft needs (account rows, health, playbook passages) into a citation ledger, composes the
/// offline draft, and finishes any draft (offline or LLM) the same way: groundedness check, citation
/// compaction, markdown.
/// </summary>
public sealed class DraftEngine(AccountGateway gateway, IEnumerable<IPlaybookSearch> searches, CauseReader causes, ILogger<DraftEngine> logger)
{
    // Optional: without a playbook index (none registered, or not built yet) drafts cite account data only.
    private readonly IPlaybookSearch? _playbooks = searches.LastOrDefault();

    public const string OfflineMode = "offline";
    public const string LlmMode = "llm";

    public AccountGateway Gateway => gateway;

    /// <summary>Loads the account's context for a draft of <paramref name="kind"/>; warnings collect what was unavailable.</summary>
    public async Task<AccountContext> PrepareAsync(DraftKind kind, AccountData data, CitationLedger ledger, List<string> warnings, CancellationToken cancellationToken, DraftBrief? brief = null)
    {
        var health = gateway.Health(data);
        var users = await gateway.UsersAsync(cancellationToken).ConfigureAwait(false);
        var hits = await PlaybooksAsync(kind, data, health, users, warnings, cancellationToken).ConfigureAwait(false);
        var stage = await StagePlaybookAsync(data.Account, cancellationToken).ConfigureAwait(false);
        var readings = await ReadCausesAsync(data, health, users, cancellationToken).ConfigureAwait(false);
        var ctx = new AccountContext(data, health, gateway.AsOf, users, hits, ledger) { Brief = brief ?? DraftBrief.None, StagePlaybook = stage, CauseReadings = readings };
        await CausePlaybooksAsync(ctx, cancellationToken).ConfigureAwait(false);
        await PlayPlaybooksAsync(ctx, kind, cancellationToken).ConfigureAwait(false);
        return ctx;
    }

    /// <summary>What the account's evidence sentences say by meaning; empty without a sentence model or when reading fails.</summary>
    private async Task<IReadOnlyDictionary<string, CauseReading>> ReadCausesAsync(AccountData data, HealthReport health, IReadOnlyList<User> users, CancellationToken cancellationToken)
    {
        if (!causes.ReadsMeaning)
        {
            return new Dictionary<string, CauseReading>();
        }

        try
        {
            // A context of its own, so that listing the sentences cites nothing in the draft's ledger.
            var scratch = new AccountContext(data, health, gateway.AsOf, users, [], new CitationLedger());
            return await causes.ReadAsync(Situation.Evidence(scratch).Select(e => e.Text), scratch.KnownPeople, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Reading causes by meaning failed for {AccountId}; the word table reads them", data.Account.AccountId);
            return new Dictionary<string, CauseReading>();
        }
    }

    /// <summary>
    /// The playbook behind the step on each likely cause (a competitor's trial, a reorganization, a defect...), found by
    /// what the cause is about rather than by the health flags, which say nothing of it.
    /// </summary>
    private async Task CausePlaybooksAsync(AccountContext ctx, CancellationToken cancellationToken)
    {
        if (_playbooks is null)
        {
            return;
        }

        foreach (var cause in ctx.Situation.Causes.Where(c => c.Likely || c == ctx.Situation.Primary).Take(2))
        {
            try
            {
                var hits = await SearchOnceEmbeddedAsync(new SearchRequest(Situation.Topic(cause.Cause), 1, new PlaybookFilter(Personas: ["csm"])), cancellationToken).ConfigureAwait(false);
                if (hits.Count > 0)
                {
                    ctx.CausePlaybooks[cause.Cause] = hits[0];
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Cause playbook search failed for {AccountId}", ctx.Account.AccountId);
                return;
            }
        }
    }

    /// <summary>
    /// The playbook behind each step that answers no cause (a right-size offer, a single-threaded relationship, a red
    /// account's first response, a manager's triage), found by what the play is about.
    /// </summary>
    private async Task PlayPlaybooksAsync(AccountContext ctx, DraftKind kind, CancellationToken cancellationToken)
    {
        if (_playbooks is null)
        {
            return;
        }

        foreach (var play in Plays.Needed(ctx, kind))
        {
            try
            {
                var hits = await SearchOnceEmbeddedAsync(new SearchRequest(Plays.Topic(play), 1, new PlaybookFilter(Personas: [Plays.Persona(play)])), cancellationToken).ConfigureAwait(false);
                if (hits.Count > 0)
                {
                    ctx.PlayPlaybooks[play] = hits[0];
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Play playbook search failed for {AccountId}", ctx.Account.AccountId);
                return;
            }
        }
    }

    /// <summary>What the stage's discovery playbook is searched with.</summary>
    public static string StageQuery(AdoptionStage stage) => $"{Format.Snake(stage.ToString()).Replace('_', ' ')} stage who you are dealing with plays";

    /// <summary>
    /// A search whose query is the same for many accounts (a cause's or a play's topic, a stage, a flag without names
    /// and figures), given its vector from the <see cref="CauseReader"/>: embedded once for every draft and process,
    /// read at import for the fixed ones, where the index remembers its last few hundred queries in memory only.
    /// </summary>
    private async Task<IReadOnlyList<PlaybookHit>> SearchOnceEmbeddedAsync(SearchRequest request, CancellationToken cancellationToken) =>
        await _playbooks!.SearchAsync(request with { QueryVector = await causes.MeaningOfAsync([request.Query], [], cancellationToken).ConfigureAwait(false) }, cancellationToken).ConfigureAwait(false);

    /// <summary>The passage behind the account's stage play (the stage's discovery playbook); null without a stage or an index.</summary>
    private async Task<PlaybookHit?> StagePlaybookAsync(Account account, CancellationToken cancellationToken)
    {
        if (_playbooks is null || account.AdoptionStage is not { } stage)
        {
            return null;
        }

        var name = Format.Snake(stage.ToString());
        try
        {
            var hits = await SearchOnceEmbeddedAsync(new SearchRequest(StageQuery(stage), 1, new PlaybookFilter(Stages: [name])), cancellationToken).ConfigureAwait(false);
            return hits.FirstOrDefault(h => h.Stages.Contains(name, StringComparer.OrdinalIgnoreCase));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Stage playbook search failed for {AccountId}", account.AccountId);
            return null;
        }
    }

    /// <summary>Subtitle of guidance for a question that names no account, in either mode.</summary>
    public const string GuidanceSubtitle = "No account named: general guidance. Name one (\"what do I do about Acme?\") to have it applied to that account's data.";

    public const string GuidanceTitle = "From the playbooks";

    /// <summary>
    /// The playbook passages that answer a question naming no account ("our champion just quit, what now?"), best
    /// first; empty when there is no index, nothing matches or the search failed.
    /// </summary>
    public async Task<IReadOnlyList<PlaybookHit>> GuidanceAsync(string question, int top, CancellationToken cancellationToken)
    {
        if (_playbooks is null)
        {
            return [];
        }

        try
        {
            return await _playbooks.SearchAsync(new SearchRequest(question, top), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Playbook search failed for a question without an account");
            return [];
        }
    }

    /// <summary>The offline guidance: each passage's advice as a line cited to it.</summary>
    public static Draft Guidance(IEnumerable<PlaybookHit> passages)
    {
        var ledger = new CitationLedger();
        var builder = new DraftBuilder().Section("Guidance");
        foreach (var hit in passages)
        {
            builder.Item(AccountContext.GuidanceLine(hit), AccountContext.Cite(ledger, hit));
        }

        return Finish("answer", GuidanceTitle, GuidanceSubtitle, null, OfflineMode, builder.Build(), ledger, [], []);
    }

    public static IReadOnlyList<DraftSection> ComposeOffline(DraftKind kind, AccountContext ctx) => DraftCatalogue.Of(kind).Compose(ctx);

    /// <summary>Checks, compacts and renders a draft; every draft of either mode ends here.</summary>
    public static Draft Finish(string kind, string title, string? subtitle, string? accountId, string mode, IReadOnlyList<DraftSection> sections,
        CitationLedger ledger, IReadOnlyCollection<string> knownPeople, IReadOnlyList<string> warnings)
    {
        var checkedDraft = GroundednessChecker.Check(sections, ledger, knownPeople);
        var (compacted, citations) = ledger.Compact(checkedDraft.Sections);
        var allWarnings = warnings.Concat(checkedDraft.Warnings).ToList();
        var markdown = MarkdownRenderer.Render(title, subtitle, compacted, citations, allWarnings);
        return new Draft(kind, accountId, mode, markdown, compacted, citations, allWarnings, Refused: false) { Title = title, Subtitle = subtitle };
    }

    /// <summary>
    /// The answer for an account the user may not see or that does not exist: the same words for both. Suggestions
    /// come only from the user's own accounts, so they reveal nothing either.
    /// </summary>
    public static Draft NotFound(string kind, string account, string mode, IReadOnlyList<Account>? suggestions = null) =>
        Message(kind, mode, $"I couldn't find an account matching \"{account.Trim()}\" among the accounts you can see."
            + (suggestions is { Count: > 0 } ? $" Did you mean {string.Join(", ", suggestions.Select(a => $"{a.Name} ({a.AccountId})"))}?" : ""), refused: true);

    /// <summary>A plain answer with no sections: a refusal, or a question back to the user.</summary>
    public static Draft Message(string kind, string mode, string message, bool refused) =>
        new(kind, null, mode, message + "\n", [], [], [], refused);

    public static string Subtitle(AccountContext ctx, string mode) =>
        $"{ctx.Account.Name} ({ctx.Account.AccountId}) · as of {Format.Date(ctx.AsOf)} · {mode}";

    /// <summary>
    /// What to look for per kind: the account's flags and weakest component always, plus what the artefact is about
    /// (renewal value, the rep's brief, a manager's triage) and, for discovery, the adoption stage.
    /// </summary>
    public static SearchRequest PlaybookRequest(DraftKind kind, Account account, HealthReport health)
    {
        var (parts, risks, stage) = PlaybookQuery(kind, account, health);
        var focus = DraftCatalogue.Of(kind).Playbooks;
        var filter = new PlaybookFilter(
            Risks: risks,
            Stages: focus.ByStage && stage is not null ? [stage] : null,
            Personas: [focus.Persona]);
        return new SearchRequest(string.Join(' ', parts), 3, filter);
    }

    /// <summary>
    /// Every part a <see cref="PlaybookRequest"/> query can be made of, whatever the account (each kind's topic and
    /// risks, every flag and signal code, every health component, every stage), and the fixed queries: each cause's,
    /// each play's and each stage's.
    /// </summary>
    public static IEnumerable<string> PlaybookQueryVocabulary() =>
        DraftCatalogue.All.SelectMany(k => k.Playbooks.Risks.Prepend(k.Playbooks.Topic))
            .Concat(typeof(FlagCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!))
            .Concat(Enum.GetValues<HealthComponent>().Select(c => c.ToString().ToLowerInvariant()))
            .Concat(Enum.GetValues<AdoptionStage>().Select(stage => Format.Snake(stage.ToString())))
            .Select(part => part.Replace('_', ' '))
            .Concat(Enum.GetValues<Cause>().Select(Situation.Topic))
            .Concat(Enum.GetValues<Play>().Select(Plays.Topic))
            .Concat(Enum.GetValues<AdoptionStage>().Select(StageQuery))
            .Distinct(StringComparer.Ordinal);

    /// <summary>The words of <see cref="PlaybookRequest"/>'s query in parts (the kind's topic, each risk, the stage), its risks and its stage.</summary>
    private static (IReadOnlyList<string> Parts, IReadOnlyList<string> Risks, string? Stage) PlaybookQuery(DraftKind kind, Account account, HealthReport health)
    {
        var risks = health.Flags.Concat(health.Signals).Select(f => f.Code)
            .Concat(health.Drag is { } d ? [d.ToString().ToLowerInvariant()] : [])
            .ToList();
        var stage = account.AdoptionStage is { } s ? Format.Snake(s.ToString()) : null;
        var focus = DraftCatalogue.Of(kind).Playbooks;
        risks.AddRange(focus.Risks);
        List<string> distinct = [.. risks.Distinct()];
        return ([focus.Topic, .. distinct.Select(r => r.Replace('_', ' ')), .. stage is null ? Array.Empty<string>() : [stage.Replace('_', ' ')]], distinct, stage);
    }

    /// <summary>
    /// The account's situation in its own words, as a second query: what the flags say, what unhappy customers wrote in
    /// surveys, the latest note, open and recent tickets' subjects, and the outcomes not on track, most telling first.
    /// Flags name what the health model measures; these texts name what it cannot ("paying for seats nobody uses", "trialing a
    /// competitor's tool"), so the playbook for that situation is found by meaning. Null when there is nothing to say.
    /// </summary>
    public static SearchRequest? SituationRequest(DraftKind kind, AccountData data, HealthReport health, DateOnly asOf)
    {
        var lines = SituationLines(data, health, asOf);
        if (lines.Count == 0) return null;
        var persona = kind switch { DraftKind.PreCallBrief => "sales", DraftKind.AccountSummary => "manager", _ => "csm" };
        return new SearchRequest(string.Join(". ", lines), 3, new PlaybookFilter(Personas: [persona]));
    }

    /// <summary>The lines of <see cref="SituationRequest"/>'s query, most telling first.</summary>
    public static IReadOnlyList<string> SituationLines(AccountData data, HealthReport health, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(health);
        var recent = asOf.AddDays(-90);
        // What is wrong now, not everything that happened: praise from a promoter, QBR recaps (their outcomes are
        // below, as outcomes) and older notes matched the business-review and adoption playbooks for nearly every
        // account and drowned the lines that name the problem (measured on the sample portfolio: the business review
        // was the situation's best playbook for 48 of 198 drafts).
        return [.. health.Flags.Select(f => f.Description)
            .Concat(data.Surveys.Where(s => s.Date >= asOf.AddDays(-180) && !string.IsNullOrWhiteSpace(s.Comment) && !Praise(s)).OrderByDescending(s => s.Date).Take(3).Select(s => s.Comment!))
            .Concat(data.Interactions.Where(i => i.Date >= recent && i.Type != InteractionType.Qbr).OrderByDescending(i => i.Date).Take(1).Select(i => i.Summary))
            .Concat(data.Tickets.Where(t => t.ClosedDate is null || t.OpenedDate >= recent).OrderByDescending(t => t.OpenedDate).Take(3).Select(t => t.Subject))
            .Concat(data.Outcomes.Where(o => o.Status is OutcomeStatus.AtRisk or OutcomeStatus.Missed).Take(2).Select(o => o.Goal))
            .Where(line => !string.IsNullOrWhiteSpace(line))
            .Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    // A promoter's (NPS 9-10) or a satisfied customer's (CSAT 4-5) comment says what works.
    private static bool Praise(Survey survey) => survey.Type == SurveyType.Nps ? survey.Score >= 9 : survey.Score >= 4;

    private async Task<IReadOnlyList<PlaybookHit>> PlaybooksAsync(DraftKind kind, AccountData data, HealthReport health, IReadOnlyList<User> users, List<string> warnings, CancellationToken cancellationToken)
    {
        var account = data.Account;
        var request = PlaybookRequest(kind, account, health);
        if (_playbooks is null)
        {
            warnings.Add("No playbook index is configured; this draft cites account data only.");
            return [];
        }

        try
        {
            // The kind's topic, the risks and the stage each embedded once for every draft and process: joined, they
            // make a text new for nearly every account and kind (about 600 of them over 300 accounts on the bench).
            request = request with { QueryVector = await causes.MeaningOfAsync(PlaybookQuery(kind, account, health).Parts, [], cancellationToken).ConfigureAwait(false) };
            var hits = await _playbooks.SearchAsync(request, cancellationToken).ConfigureAwait(false);
            if (hits.Count == 0 && request.Filter is not null)
            {
                hits = await _playbooks.SearchAsync(request with { Filter = null }, cancellationToken).ConfigureAwait(false);
            }

            if (!DraftCatalogue.Of(kind).Playbooks.OnePerFlag)
            {
                return WithSituation(hits, await SituationAsync(kind, data, health, users, cancellationToken).ConfigureAwait(false));
            }

            // A plan answers each flag: make sure each of the first three has its own playbook behind it. The flag's
            // description is asked without its names and figures ("the executive sponsor someone is negative"): they
            // find no playbook, and without them the query is the same for every account with that flag, so its vector
            // is made once rather than once per account.
            var people = CauseReader.People(data.Contacts.Select(c => c.Name).Concat(users.Select(u => u.Name)));
            var perFlag = new List<PlaybookHit>();
            foreach (var flag in health.Flags.Take(3))
            {
                var flagHits = await SearchOnceEmbeddedAsync(new SearchRequest(CauseReader.MeaningKey($"{flag.Code.Replace('_', ' ')} {flag.Description}", people), 1,
                    new PlaybookFilter(Risks: [flag.Code], Personas: ["csm"])), cancellationToken).ConfigureAwait(false);
                perFlag.AddRange(flagHits);
            }

            var situation = await SituationAsync(kind, data, health, users, cancellationToken).ConfigureAwait(false);
            return [.. WithSituation([.. perFlag.Concat(hits).DistinctBy(h => h.Source)], situation).Take(4)];
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Playbook search failed for {AccountId}", account.AccountId);
            warnings.Add("The playbook index could not be searched; this draft cites account data only.");
            return [];
        }
    }

    /// <summary>
    /// The situation's playbooks. With a sentence model its query vector is the mean of its sentences' vectors, each
    /// embedded once for every draft and process (<see cref="CauseReader.MeaningOfAsync"/>), rather than its lines joined
    /// into a text new for every account and embedded in the draft.
    /// </summary>
    private async Task<IReadOnlyList<PlaybookHit>> SituationAsync(DraftKind kind, AccountData data, HealthReport health, IReadOnlyList<User> users, CancellationToken cancellationToken)
    {
        if (SituationRequest(kind, data, health, gateway.AsOf) is not { } asked)
        {
            return [];
        }

        var vector = await causes.MeaningOfAsync(SituationLines(data, health, gateway.AsOf), data.Contacts.Select(c => c.Name).Concat(users.Select(u => u.Name)), cancellationToken).ConfigureAwait(false);
        return await _playbooks!.SearchAsync(asked with { QueryVector = vector }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The situation's best playbook second, after the best one for the draft's kind and flags, unless that playbook is
    /// already among them: composers cite the first two to four passages.
    /// </summary>
    internal static List<PlaybookHit> WithSituation(IReadOnlyList<PlaybookHit> hits, IReadOnlyList<PlaybookHit> situation)
    {
        var titles = hits.Select(h => h.Title).ToHashSet(StringComparer.Ordinal);
        var added = situation.Where(h => !titles.Contains(h.Title)).Take(1).ToList();
        return [.. hits.Take(1), .. added, .. hits.Skip(1)];
    }
}
