using System.Globalization;
using System.Text.RegularExpressions;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;

namespace CopilotBot.Copilot.Drafting;

/// <summary>Why an account is where it is, in the categories a CS leader diagnoses.</summary>
public enum Cause { ProductDefect, Outage, Enablement, RelationshipLoss, ValueNotProven, BudgetOrPrice, Competitor, Reorg }

/// <summary>A likely cause with the evidence that points at it: the sentence that says so and the rows it comes from.</summary>
public sealed record CauseFinding(Cause Cause, string Label, int Weight, string? Quote, IReadOnlyList<string> Citations)
{
    /// <summary>Strong enough to act on: a structural signal and a word for it, or several words.</summary>
    public bool Likely => Weight >= 2;
}

/// <summary>Something the customer asked for or we committed to, found in a note, ticket or survey comment.</summary>
public sealed record OpenRequest(string Text, string? Who, DateOnly Said, DateOnly? Due, string Citation);

/// <summary>The account's money: ARR per seat, unused seats and their value, outcome value against ARR, an expansion's size.</summary>
public sealed record MoneyPicture(
    decimal ArrPerSeat,
    int ActiveSeats,
    int UnusedSeats,
    decimal UnusedValue,
    decimal? OutcomeValue,
    decimal? RoiMultiple,
    string? RoiCitation,
    int? ExpansionSeats,
    decimal? ExpansionValue)
{
    /// <summary>Enough seats idle to be worth a sentence: a tenth of the licence or more.</summary>
    public bool SeatsToRightSize(int licensed) => licensed > 0 && UnusedSeats * 10 >= licensed;
}

/// <summary>
/// The situation every draft starts from, derived once per account and draft from its rows: the likely causes, the
/// open requests, who is who (active and departed), the money, the time left to renewal and the adoption stage's play.
/// Each part carries the citations of the rows it comes from; figures computed here are registered as derived facts.
/// </summary>
public sealed partial class Situation
{
    /// <summary>Renewals closer than this get renewal mechanics instead of goals that cannot be met in time.</summary>
    public const int ShortRenewalDays = 60;

    /// <summary>A contact last spoken to longer ago than this is out of touch (the health model's no-contact window).</summary>
    public const int InTouchDays = 60;

    private readonly AccountContext _ctx;

    private Situation(AccountContext ctx)
    {
        _ctx = ctx;
    }

    public IReadOnlyList<CauseFinding> Causes { get; private set; } = [];
    public IReadOnlyList<OpenRequest> Requests { get; private init; } = [];
    public MoneyPicture Money { get; private init; } = null!;
    public Contact? Sponsor { get; private init; }
    public Contact? Champion { get; private init; }
    public Contact? EconomicBuyer { get; private init; }
    public Contact? DepartedSponsor { get; private init; }
    public Contact? DepartedChampion { get; private init; }
    public IReadOnlyList<Contact> Detractors { get; private init; } = [];

    /// <summary>
    /// The one active contact anyone has spoken to in the last <see cref="InTouchDays"/> days, when the account has
    /// other active contacts: the relationship hangs on this person. Null when several are in touch, or nobody.
    /// </summary>
    public Contact? SingleThread { get; private init; }

    /// <summary>The sponsor and the economic buyer when nobody has spoken to them in <see cref="InTouchDays"/> days, or ever.</summary>
    public IReadOnlyList<Contact> DecisionMakersOutOfTouch { get; private init; } = [];

    /// <summary>Our side's executive: the CSM's manager in users.csv, the one a red account or a lost sponsor needs.</summary>
    public User? OurExecutive { get; private init; }

    public int DaysToRenewal => _ctx.DaysToRenewal;
    public bool ShortRenewal => _ctx.DaysToRenewal is >= 0 and <= ShortRenewalDays;
    public CauseFinding? Primary => Causes.Count > 0 ? Causes[0] : null;

    public bool Has(Cause cause) => Causes.Any(c => c.Cause == cause && (c.Likely || c == Primary));

    /// <summary>True when the account needs saving: red, a critical flag, or a likely cause of trouble.</summary>
    public bool Troubled => _ctx.Health.Band == HealthBand.Red || _ctx.Health.Flags.Count > 0 || Causes.Any(c => c.Likely);

    public static Situation Analyze(AccountContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        // The account row comes first in the evidence, as the most telling row; the rows read here follow it.
        ctx.CiteAccount();
        var sponsor = ctx.ActiveContacts.FirstOrDefault(c => c.Role == ContactRole.ExecutiveSponsor);
        var champion = ctx.ActiveContacts.FirstOrDefault(c => c.Role == ContactRole.Champion);
        var csm = ctx.Users.FirstOrDefault(u => string.Equals(u.Email, ctx.Account.CsmEmail, StringComparison.OrdinalIgnoreCase));
        var situation = new Situation(ctx)
        {
            Sponsor = sponsor,
            Champion = champion,
            EconomicBuyer = ctx.ActiveContacts.FirstOrDefault(c => c.Role == ContactRole.EconomicBuyer),
            DepartedSponsor = sponsor is null ? Departed(ctx, ContactRole.ExecutiveSponsor) : null,
            DepartedChampion = champion is null ? Departed(ctx, ContactRole.Champion) : null,
            Detractors = [.. DetractorsOf(ctx)],
            OurExecutive = csm?.ManagerEmail is { } manager ? ctx.Users.FirstOrDefault(u => string.Equals(u.Email, manager, StringComparison.OrdinalIgnoreCase)) : null,
            SingleThread = SingleThreadOf(ctx),
            DecisionMakersOutOfTouch = [.. ctx.ActiveContacts.Where(c => c.Role is ContactRole.ExecutiveSponsor or ContactRole.EconomicBuyer && !InTouch(ctx, c))
                .OrderBy(c => c.Role == ContactRole.ExecutiveSponsor ? 0 : 1)],
            Money = MoneyOf(ctx),
            Requests = [.. RequestsOf(ctx).DistinctBy(r => r.Text, StringComparer.OrdinalIgnoreCase)],
        };
        situation.Causes = [.. CausesOf(ctx, situation)];
        if (situation.OurExecutive is { } exec)
        {
            ctx.Ledger.AddDerived($"{exec.Name} manages the account's CSM ({ctx.UserName(ctx.Account.CsmEmail)}) in users.csv.");
        }

        return situation;
    }

    /// <summary>Spoken to in the last <see cref="InTouchDays"/> days (contacts.csv's last contact date).</summary>
    public static bool InTouch(AccountContext ctx, Contact contact)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(contact);
        return contact.LastContactDate is { } last && last <= ctx.AsOf && ctx.AsOf.DayNumber - last.DayNumber <= InTouchDays;
    }

    private static Contact? SingleThreadOf(AccountContext ctx)
    {
        var active = ctx.ActiveContacts.ToList();
        var inTouch = active.Where(c => InTouch(ctx, c)).ToList();
        return active.Count >= 2 && inTouch.Count == 1 ? inTouch[0] : null;
    }

    private static Contact? Departed(AccountContext ctx, ContactRole role) =>
        ctx.Data.Contacts.Where(c => c.Role == role && c.Status == ContactStatus.Left).OrderByDescending(c => c.LeftDate).FirstOrDefault();

    /// <summary>Active contacts against us: by role, by sentiment, or by their own NPS of 0-6 in the last 180 days.</summary>
    private static IEnumerable<Contact> DetractorsOf(AccountContext ctx)
    {
        var recentDetractorIds = ctx.Data.Surveys
            .Where(s => s.Type == SurveyType.Nps && s.Score <= 6 && s.Date <= ctx.AsOf && ctx.AsOf.DayNumber - s.Date.DayNumber <= 180)
            .Select(s => s.ContactId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return ctx.ActiveContacts.Where(c => c.Role == ContactRole.Detractor || c.Sentiment == Sentiment.Negative || recentDetractorIds.Contains(c.ContactId));
    }

    private static MoneyPicture MoneyOf(AccountContext ctx)
    {
        var a = ctx.Account;
        var perSeat = a.LicensedSeats > 0 ? Math.Round(a.Arr / a.LicensedSeats) : 0;
        var active = ctx.LatestUsage?.ActiveUsers ?? 0;
        var unused = ctx.LatestUsage is null ? 0 : Math.Max(0, a.LicensedSeats - active);
        var unusedValue = unused * perSeat;
        if (perSeat > 0)
        {
            ctx.Ledger.AddDerived(string.Create(CultureInfo.InvariantCulture,
                $"ARR per seat {Format.Money(perSeat, a.Currency)} ({Format.Money(a.Arr, a.Currency)} over {a.LicensedSeats} seats); {unused} seats unused, worth {Format.Money(unusedValue, a.Currency)} a year."));
        }

        // Outcomes measured in the contract's currency are money the customer has saved or earned with us.
        var moneyOutcomes = ctx.Data.Outcomes
            .Where(o => o.Current is not null && o.Unit is { } u && (string.Equals(u, a.Currency, StringComparison.OrdinalIgnoreCase) || u is "$" or "€" or "£"))
            .ToList();
        decimal? value = moneyOutcomes.Count > 0 ? moneyOutcomes.Sum(o => Math.Abs(o.Current!.Value - (o.Baseline ?? 0))) : null;
        decimal? roi = value is { } v && a.Arr > 0 ? Math.Round(v / a.Arr, 2) : null;
        string? roiCitation = null;
        if (roi is { } r)
        {
            roiCitation = ctx.Cite(moneyOutcomes[0]);
            ctx.Ledger.AddDerived(string.Create(CultureInfo.InvariantCulture,
                $"Outcome value {Format.Money(value!.Value, a.Currency)} against {Format.Money(a.Arr, a.Currency)} ARR: {Multiple(r)}."));
        }

        int? expansionSeats = null;
        foreach (var i in ctx.Timeline.Take(12))
        {
            if (MoreSeats().Match(i.Summary) is { Success: true } m && int.TryParse(m.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture, out var seats))
            {
                expansionSeats = seats;
                break;
            }
        }

        decimal? expansionValue = expansionSeats is { } n ? n * perSeat : null;
        if (expansionValue is { } ev)
        {
            ctx.Ledger.AddDerived(string.Create(CultureInfo.InvariantCulture, $"{expansionSeats} more seats at {Format.Money(perSeat, a.Currency)} a seat: {Format.Money(ev, a.Currency)} a year."));
        }

        return new MoneyPicture(perSeat, active, unused, unusedValue, value, roi, roiCitation, expansionSeats, expansionValue);
    }

    /// <summary>"1.35×": an outcome's value as a multiple of what the customer pays.</summary>
    public static string Multiple(decimal roi) => roi.ToString("0.0#", CultureInfo.InvariantCulture) + "×";

    [GeneratedRegex(@"\b(\d[\d,]*) (?:more|additional|extra) (?:seats|licen[cs]es|users)\b", RegexOptions.IgnoreCase)]
    private static partial Regex MoreSeats();

    // ---- open requests --------------------------------------------------------------------------------------------

    [GeneratedRegex(@"\b(asked (?:for|us|to|whether|if)|asks (?:for|us)|wants?\b|would like|requested|requests?\b(?= (?:a|an|the))|needs? (?:a|an|the)\b|next step|waiting for|expects?\b|by (?:monday|tuesday|wednesday|thursday|friday|\d{4}-\d{2}-\d{2})|before (?:our|the) )", RegexOptions.IgnoreCase)]
    private static partial Regex RequestCue();

    /// <summary>Someone asking in so many words: preferred over a sentence that only mentions waiting or a deadline.</summary>
    [GeneratedRegex(@"\b(asked (?:for|us|to|whether|if)|asks (?:for|us)|wants?\b|would like|requested|requests?\b(?= (?:a|an|the)))", RegexOptions.IgnoreCase)]
    private static partial Regex AskCue();

    /// <summary>The sentence of a text that carries its request: the first explicit ask, else the first request cue.</summary>
    private static string? RequestSentence(string text)
    {
        string? first = null;
        foreach (var sentence in Sentences(text))
        {
            if (AskCue().IsMatch(sentence))
            {
                return sentence;
            }

            if (first is null && RequestCue().IsMatch(sentence))
            {
                first = sentence;
            }
        }

        return first;
    }

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}")]
    private static partial Regex IsoDate();

    private static IEnumerable<OpenRequest> RequestsOf(AccountContext ctx)
    {
        var horizon = ctx.AsOf.AddDays(-120);
        foreach (var i in ctx.Timeline.Where(i => i.Date >= horizon).Take(20))
        {
            if (RequestSentence(i.Summary) is { } sentence)
            {
                yield return new OpenRequest(Clean(sentence), Speaker(ctx, sentence), i.Date, DueIn(sentence), ctx.Cite(i));
            }
        }

        foreach (var t in ctx.OpenTickets.Where(t => t.Category == TicketCategory.FeatureRequest).Take(2))
        {
            yield return new OpenRequest(t.Subject, null, t.OpenedDate, null, ctx.Cite(t));
        }

        foreach (var s in ctx.Data.Surveys.Where(s => s.Date <= ctx.AsOf && s.Date >= horizon && !string.IsNullOrWhiteSpace(s.Comment)).OrderByDescending(s => s.Date))
        {
            if (RequestSentence(s.Comment!) is { } sentence)
            {
                yield return new OpenRequest(Clean(sentence), ctx.ContactName(s.ContactId), s.Date, DueIn(sentence), ctx.Cite(s));
            }
        }
    }

    private static DateOnly? DueIn(string sentence) =>
        IsoDate().Match(sentence) is { Success: true } m && DateOnly.TryParseExact(m.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private static string? Speaker(AccountContext ctx, string sentence) =>
        ctx.Data.Contacts.FirstOrDefault(c => sentence.Contains(c.Name, StringComparison.Ordinal) || sentence.Contains(c.Name.Split(' ')[0] + " ", StringComparison.Ordinal))?.Name;

    internal static IEnumerable<string> Sentences(string text) =>
        SentenceSplit().Split(string.Join(' ', text.Split((char[])['\n', '\r'], StringSplitOptions.RemoveEmptyEntries))).Select(s => s.Trim()).Where(s => s.Length > 0);

    [GeneratedRegex(@"(?<=[.!?][""”]?)\s+(?=[A-Z""“])")]
    private static partial Regex SentenceSplit();

    private static string Clean(string sentence) => sentence.Trim().TrimEnd('.').Trim('"', '“', '”');

    // ---- causes ---------------------------------------------------------------------------------------------------

    /// <summary>
    /// The words that point at each cause in notes, ticket subjects and survey comments (matched as word starts, any
    /// case): a cause is a structural signal in the rows plus what people say. With a sentence model the
    /// <see cref="CauseReader"/> also reads what they say by meaning; without one (tests, the hashing embedder) this
    /// table is all there is.
    /// </summary>
    private static readonly (Cause Cause, string[] Cues)[] s_cues =
    [
        (Cause.ProductDefect, ["bug", "broken", "regression", "since the upgrade", "after the upgrade", "wrong", "drops filters", "empty", "error", "crash", "spreadsheets", "defect", "does not work", "doesn't work", "fails"]),
        (Cause.Outage, ["outage", "locked out", "could not sign in", "cannot log", "down for", "stopped", "unavailable", "downtime", "root-cause", "root cause"]),
        // Problems, not plans: "a training plan for new hires" agreed at a QBR is no sign of an enablement gap.
        (Cause.Enablement, ["never trained", "not trained", "untrained", "no training", "do not know", "don't know", "never learned", "confus", "struggl", "gave up"]),
        (Cause.RelationshipLoss, ["left the company", "left us", "leaving", "nobody owns", "no owner", "no replacement"]),
        (Cause.ValueNotProven, ["value", "not seeing", "roi", "worth it", "paying for", "nobody uses", "justify"]),
        (Cause.BudgetOrPrice, ["discount", "budget", "price", "pricing", "cost", "cheaper", "smaller tier", "downgrade", "cut by", "spend freeze"]),
        (Cause.Competitor, ["competitor", "trialling", "trialing", "evaluating", "alternative", "switch to", "rfp", "bake-off", "other vendor"]),
        (Cause.Reorg, ["reorganiz", "reorganis", "reorg", "acquisition", "acquired", "merger", "new vp", "restructur", "new owner"]),
    ];

    /// <summary>
    /// The sentences a cause is read from, each with a way to cite its row: the customer's own words first (survey
    /// comments), then ticket subjects, then our notes; on a tie the first is quoted.
    /// </summary>
    internal static IEnumerable<(string Text, Func<string> Cite, bool Ticket)> Evidence(AccountContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        return EvidenceRows(ctx.Data, ctx.AsOf).Select(e => (e.Text, e.Row switch
        {
            Survey x => () => ctx.Cite(x),
            Ticket t => () => ctx.Cite(t),
            Interaction i => (Func<string>)(() => ctx.Cite(i)),
            _ => throw new InvalidOperationException($"No citation for {e.Row.GetType().Name}"),
        }, e.Row is Ticket));
    }

    /// <summary>The sentences a cause is read from (<see cref="Evidence"/>), from the account's rows alone.</summary>
    public static IEnumerable<string> EvidenceTexts(AccountData data, DateOnly asOf) => EvidenceRows(data, asOf).Select(e => e.Text);

    private static IEnumerable<(string Text, object Row)> EvidenceRows(AccountData data, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(data);
        var horizon = asOf.AddDays(-120);
        foreach (var x in data.Surveys.Where(x => x.Date <= asOf && x.Date >= asOf.AddDays(-180) && !string.IsNullOrWhiteSpace(x.Comment)).OrderByDescending(x => x.Date))
        {
            foreach (var sentence in Sentences(x.Comment!))
            {
                yield return (sentence, x);
            }
        }

        // A how-to question is not evidence of a defect or an outage, whatever words it uses.
        foreach (var t in data.Tickets.Where(t => t.OpenedDate <= asOf && t.Category != TicketCategory.HowTo && (t.Status != TicketStatus.Closed || t.OpenedDate >= horizon)))
        {
            yield return (t.Subject, t);
        }

        // The account's timeline, newest first (AccountContext.Timeline).
        foreach (var i in data.Interactions.Where(i => i.Date <= asOf).OrderByDescending(i => i.Date).Where(i => i.Date >= horizon).Take(20))
        {
            foreach (var sentence in Sentences(i.Summary))
            {
                yield return (sentence, i);
            }
        }
    }

    private static IEnumerable<CauseFinding> CausesOf(AccountContext ctx, Situation s)
    {
        var texts = Evidence(ctx).Select(e => (e.Text, Citation: e.Cite(), e.Ticket)).ToList();
        var readings = ctx.CauseReadings;
        var structural = Structural(ctx, s);
        var findings = new List<(CauseFinding Finding, int Signal, int Listed)>();
        foreach (var (cause, cues) in s_cues)
        {
            var words = 0;
            var listed = 0;
            // The same sentence in three survey answers is one statement, not three: it counts once, citing each row.
            var counted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var best = 0;
            string? quote = null;
            var ids = new List<string>();
            foreach (var (text, citation, ticket) in texts)
            {
                // The word table, or failing it the sentence's meaning: one hit either way, so that a paraphrase counts
                // as much as the listed words and no more. A ticket's category already says whether it is a defect or
                // an outage (the structural signal, by priority): its subject's meaning does not say it again.
                var hits = cues.Count(cue => Contains(text, cue));
                listed += counted.Contains(text) ? 0 : hits;
                if (hits == 0 && readings.TryGetValue(text, out var reading) && reading.Cause == cause
                    && !(ticket && cause is Cause.ProductDefect or Cause.Outage))
                {
                    hits = 1;
                }

                if (hits == 0)
                {
                    continue;
                }

                ids.Add(citation);
                if (!counted.Add(text))
                {
                    continue;
                }

                words += hits;
                if (hits > best)
                {
                    (quote, best) = (text, hits);
                }
            }

            var (signal, signalIds) = structural.GetValueOrDefault(cause, (0, []));
            var weight = signal + Math.Min(words, 3);
            if (weight == 0 || (signal == 0 && words < 2 && cause is not (Cause.Competitor or Cause.Reorg or Cause.BudgetOrPrice)))
            {
                continue;
            }

            findings.Add((new CauseFinding(cause, Label(cause, s), weight, quote is null ? null : Clean(quote), [.. signalIds.Concat(ids).Distinct().Take(3)]), signal, listed));
        }

        // On equal weight the surer evidence leads: what the rows show, then words said in so many words, then a
        // reading by meaning ("workaround is fine for now" hints at a defect less than "paying for seats nobody uses"
        // says value is not proven).
        return findings.OrderByDescending(f => f.Finding.Weight).ThenByDescending(f => f.Signal).ThenByDescending(f => f.Listed)
            .ThenBy(f => f.Finding.Cause).Select(f => f.Finding);
    }

    private static bool Contains(string text, string cue)
    {
        var at = text.IndexOf(cue, StringComparison.OrdinalIgnoreCase);
        return at >= 0 && (at == 0 || !char.IsLetter(text[at - 1]));
    }

    /// <summary>What the rows say without words: defect and outage tickets, people who left, missed goals, a usage drop.</summary>
    private static Dictionary<Cause, (int Weight, IReadOnlyList<string> Ids)> Structural(AccountContext ctx, Situation s)
    {
        var result = new Dictionary<Cause, (int, IReadOnlyList<string>)>();
        var open = ctx.OpenTickets.ToList();
        var bugs = open.Where(t => t.Category == TicketCategory.Bug && t.Priority is TicketPriority.P1 or TicketPriority.P2 or TicketPriority.P3).ToList();
        if (bugs.Count >= 2 || bugs.Any(t => t.Priority <= TicketPriority.P2))
        {
            result[Cause.ProductDefect] = (bugs.Count >= 2 ? 2 : 1, [.. bugs.Take(2).Select(ctx.Cite)]);
        }

        var outages = open.Where(t => t.Category == TicketCategory.Outage).ToList();
        if (outages.Count > 0)
        {
            result[Cause.Outage] = (2, [.. outages.Take(2).Select(ctx.Cite)]);
        }

        if (s.DepartedChampion is { } champion && s.Champion is null && champion.LeftDate is { } cl && ctx.AsOf.DayNumber - cl.DayNumber <= 180)
        {
            result[Cause.RelationshipLoss] = (3, [ctx.Cite(champion)]);
        }
        else if (s.DepartedSponsor is { } sponsor && sponsor.LeftDate is { } sl && ctx.AsOf.DayNumber - sl.DayNumber <= 180)
        {
            result[Cause.RelationshipLoss] = (3, [ctx.Cite(sponsor)]);
        }

        var behind = ctx.Data.Outcomes.Where(o => o.Status is OutcomeStatus.AtRisk or OutcomeStatus.Missed).ToList();
        if (behind.Count > 0)
        {
            result[Cause.ValueNotProven] = (behind.Count >= 2 || behind.Any(o => o.Status == OutcomeStatus.Missed) ? 2 : 1, [.. behind.Take(2).Select(ctx.Cite)]);
        }

        if (!result.ContainsKey(Cause.ProductDefect) && !result.ContainsKey(Cause.Outage))
        {
            if (ctx.HasFlag(FlagCodes.UsageDrop))
            {
                result[Cause.Enablement] = (1, [.. ctx.CiteAll(ctx.Health.Flags.First(f => f.Code == FlagCodes.UsageDrop).Evidence, 1)]);
            }
            else if (UsageFell(ctx) is { } latest)
            {
                // The health flag needs 16 weeks of history; a fall within the weeks there are is the same signal.
                result[Cause.Enablement] = (1, [ctx.Cite(latest)]);
            }
        }

        return result;
    }

    /// <summary>
    /// The latest usage week when active users in the last 4 weeks are at most 70% of the 4 weeks that ended 8 weeks
    /// earlier (or the first 4 on record, with fewer weeks): usage fell; null otherwise or with fewer than 8 weeks.
    /// </summary>
    private static UsageWeek? UsageFell(AccountContext ctx)
    {
        var weeks = ctx.Data.Usage.Where(u => u.WeekStart <= ctx.AsOf).OrderBy(u => u.WeekStart).ToList();
        if (weeks.Count < 8)
        {
            return null;
        }

        var recent = weeks.TakeLast(4).Average(u => (double)u.ActiveUsers);
        var earlier = weeks.Skip(Math.Max(0, weeks.Count - 12)).Take(4).Average(u => (double)u.ActiveUsers);
        return earlier > 0 && recent <= earlier * 0.7 ? weeks[^1] : null;
    }

    /// <summary>What a playbook about the cause talks about: the words to search the library with.</summary>
    public static string Topic(Cause cause) => cause switch
    {
        Cause.ProductDefect => "product gap defect bug regression workaround fix date feature request",
        Cause.Outage => "outage incident escalation root cause report stale P1",
        Cause.Enablement => "low adoption training enablement onboarding new users workflows",
        Cause.RelationshipLoss => "champion left executive sponsor left new owner relationship",
        Cause.ValueNotProven => "value realization ROI outcomes not achieved success plan",
        Cause.BudgetOrPrice => "budget cuts downsell discount price pressure smaller tier renewal negotiation",
        Cause.Competitor => "competitive threat competitor evaluation trial bake-off displacement",
        _ => "customer reorganization acquisition merger new leadership",
    };

    private static string Label(Cause cause, Situation s) => cause switch
    {
        Cause.ProductDefect => "a product defect",
        Cause.Outage => "an outage",
        Cause.Enablement => "an enablement gap",
        Cause.RelationshipLoss when s.DepartedChampion is not null && s.Champion is null => "a lost relationship: the champion left",
        Cause.RelationshipLoss when s.DepartedSponsor is not null => "a lost relationship: the executive sponsor left",
        Cause.RelationshipLoss => "a lost relationship",
        Cause.ValueNotProven => "value not proven",
        Cause.BudgetOrPrice => "budget or price pressure",
        Cause.Competitor => "a competitor",
        _ => "a reorganization",
    };

    // ---- the stage's play ----------------------------------------------------------------------------------------

    /// <summary>
    /// The play that fits the customer's place in the adoption life cycle (the discovery playbooks per stage): a
    /// visionary gets a project and our technologists, a pragmatist a peer reference in their niche and the whole
    /// product, a tornado buyer the economic buyer and the bake-off, main street productivity and expansion.
    /// </summary>
    public string? StagePlay()
    {
        var a = _ctx.Account;
        var buyer = EconomicBuyer is { } b ? $" ({b.Name})" : "";
        return a.AdoptionStage switch
        {
            AdoptionStage.EarlyMarket => "early-market visionary: run it as a project with a goal they can show, with access to our technologists; judge it by that result, not by seat utilisation",
            AdoptionStage.Chasm => $"chasm pragmatist: offer a peer reference in {a.Industry ?? "their industry"} and close the gaps in the whole product (integrations, services, support)",
            AdoptionStage.Tornado => $"tornado buyer: get to the economic buyer{buyer} early and win the bake-off on speed of rollout",
            AdoptionStage.MainStreet => "main-street customer: show the productivity gain in their own numbers and extend to adjacent teams",
            _ => null,
        };
    }

    /// <summary>One line on the cause: "likely cause: a product defect (\"...\")".</summary>
    public string CauseLine()
    {
        if (Primary is not { } p)
        {
            return "no cause of trouble on record";
        }

        var quote = p.Quote is { Length: > 0 } q ? $" (\"{Shorten(q)}\")" : "";
        return $"{(p.Likely ? "likely cause" : "possible cause")}: {p.Label}{quote}";
    }

    public IReadOnlyList<string> CauseCitations() => Primary is { } p && p.Citations.Count > 0 ? p.Citations : [_ctx.CiteAccount()];

    internal static string Shorten(string text)
    {
        var flat = text.Trim();
        if (flat.Length <= 110)
        {
            return flat;
        }

        var cut = flat.LastIndexOf(' ', 107);
        return flat[..(cut > 40 ? cut : 107)] + "…";
    }

    /// <summary>The situation in plain lines, for the model's prompt.</summary>
    public IReadOnlyList<string> Summary()
    {
        var lines = new List<string> { CauseLine() };
        lines.AddRange(Causes.Skip(1).Where(c => c.Likely).Select(c => $"also: {c.Label}"));
        lines.AddRange(Requests.Take(3).Select(r => $"open request ({Format.Date(r.Said)}{(r.Who is null ? "" : ", " + r.Who)}): {r.Text}"));
        if (DepartedSponsor is { } ds)
        {
            lines.Add($"the executive sponsor {ds.Name} left; not the champion");
        }

        if (DepartedChampion is { } dc)
        {
            lines.Add($"the champion {dc.Name} left");
        }

        var a = _ctx.Account;
        lines.Add($"ARR per seat {Format.Money(Money.ArrPerSeat, a.Currency)}; {Format.Count(Money.UnusedSeats, "unused seat")} worth {Format.Money(Money.UnusedValue, a.Currency)}");
        if (Money.RoiMultiple is { } roi)
        {
            lines.Add($"outcome value {Format.Money(Money.OutcomeValue!.Value, a.Currency)}, {Multiple(roi)} the ARR");
        }

        lines.Add(ShortRenewal ? $"renewal in {Format.Count(DaysToRenewal, "day")}: use renewal mechanics, not new goals" : $"renewal {_ctx.RenewalDistance}");
        if (StagePlay() is { } play)
        {
            lines.Add($"stage play: {play}");
        }

        return lines;
    }
}
