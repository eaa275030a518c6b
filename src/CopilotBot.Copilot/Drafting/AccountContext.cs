using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CopilotBot.Copilot.Grounding;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;
using CopilotBot.Core.Portfolio;
using CopilotBot.Knowledge;

namespace CopilotBot.Copilot.Drafting;

/// <summary>
/// One account as a draft sees it: its rows, health and playbook passages, and the ledger through which every
/// sentence cites the row it comes from. Rows are cited with a plain-language rendering of their fields so that
/// the groundedness check and a reader can verify each figure.
/// </summary>
public sealed partial class AccountContext
{
    public AccountContext(AccountData data, HealthReport health, DateOnly asOf, IReadOnlyList<User> users, IReadOnlyList<PlaybookHit> playbooks, CitationLedger ledger)
    {
        Data = InertText.Of(data);
        Health = health;
        AsOf = asOf;
        Users = users;
        Playbooks = playbooks;
        Ledger = ledger;
        DaysToRenewal = Account.RenewalDate.DayNumber - asOf.DayNumber;
        RegisterDerived();
    }

    public AccountData Data { get; }
    public Account Account => Data.Account;
    public HealthReport Health { get; }
    public DateOnly AsOf { get; }
    public IReadOnlyList<User> Users { get; }
    public IReadOnlyList<PlaybookHit> Playbooks { get; }
    public CitationLedger Ledger { get; }
    public int DaysToRenewal { get; }

    /// <summary>Who asked for the draft, and for an addressed draft whom it is for and what about.</summary>
    public DraftBrief Brief { get; init; } = DraftBrief.None;

    /// <summary>The playbook passage for the account's adoption stage, behind the stage's play; null without one.</summary>
    public PlaybookHit? StagePlaybook { get; init; }

    /// <summary>The cause each evidence sentence reads as by meaning (<see cref="CauseReader"/>); empty when no sentence model read them.</summary>
    public IReadOnlyDictionary<string, CauseReading> CauseReadings { get; init; } = new Dictionary<string, CauseReading>();

    /// <summary>The playbook passage behind the step on each likely cause, when the index has one.</summary>
    public Dictionary<Cause, PlaybookHit> CausePlaybooks { get; } = [];

    /// <summary>The playbook passage behind each step that is not about a cause (<see cref="Plays.Needed"/>), when the index has one.</summary>
    public Dictionary<Play, PlaybookHit> PlayPlaybooks { get; } = [];

    private Situation? _situation;

    /// <summary>The situation every draft starts from (causes, requests, who is who, money, time, stage), derived once.</summary>
    public Situation Situation => _situation ??= Situation.Analyze(this);

    private Recipient? _recipient;
    private bool _recipientResolved;

    /// <summary>Whom an addressed draft goes to: the contact or colleague named in the brief, else the main contact.</summary>
    public Recipient? Recipient
    {
        get
        {
            if (!_recipientResolved)
            {
                _recipient = Drafting.Recipient.Resolve(this, Brief.Recipient);
                _recipientResolved = true;
            }

            return _recipient;
        }
    }

    /// <summary>"in 28 days", or "passed 12 days ago" when the renewal date is behind the as-of date.</summary>
    public string RenewalDistance => DaysToRenewal >= 0 ? $"in {DaysToRenewal} days" : $"passed {-DaysToRenewal} days ago";

    public IEnumerable<Contact> ActiveContacts => Data.Contacts.Where(c => c.Status == ContactStatus.Active);
    public Contact? Sponsor => ActiveContacts.FirstOrDefault(c => c.Role == ContactRole.ExecutiveSponsor);
    public Contact? Champion => ActiveContacts.FirstOrDefault(c => c.Role == ContactRole.Champion);
    public IEnumerable<Contact> Detractors => ActiveContacts.Where(c => c.Role == ContactRole.Detractor || c.Sentiment == Sentiment.Negative);
    public IEnumerable<Contact> DepartedChampions => Data.Contacts.Where(c => c.Status == ContactStatus.Left && c.Role is ContactRole.Champion or ContactRole.ExecutiveSponsor);
    public IEnumerable<Ticket> OpenTickets => Data.Tickets.Where(t => t.Status != TicketStatus.Closed && t.OpenedDate <= AsOf).OrderBy(t => t.Priority).ThenBy(t => t.OpenedDate);
    public IEnumerable<Interaction> Timeline => Data.Interactions.Where(i => i.Date <= AsOf).OrderByDescending(i => i.Date);
    public UsageWeek? LatestUsage => Data.Usage.Where(u => u.WeekStart <= AsOf).MaxBy(u => u.WeekStart);
    /// <summary>Adoption needs work: usage dropped, or adoption scores below the green line.</summary>
    public bool AdoptionIsWeak => HasFlag(FlagCodes.UsageDrop) || Component(HealthComponent.Adoption)?.Score < 75;

    public bool HasFlag(string code) => Health.Flags.Any(f => f.Code == code);
    public bool HasSignal(string code) => Health.Signals.Any(f => f.Code == code);

    /// <summary>Everyone a draft about this account may name: its contacts and the portfolio's users.</summary>
    public IReadOnlyList<string> KnownPeople => [.. Data.Contacts.Select(c => c.Name).Concat(Users.Select(u => u.Name)).Distinct(StringComparer.Ordinal)];

    public string UserName(string? email) =>
        email is null ? "" : Users.FirstOrDefault(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase))?.Name ?? email;

    public string CiteAccount()
    {
        var a = Account;
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{a.Name} ({a.AccountId}): ARR {Format.Money(a.Arr, a.Currency)}; renewal {Format.Date(a.RenewalDate)}, ")
            .Append(CultureInfo.InvariantCulture, $"{Format.RenewalFrom(a.RenewalDate, AsOf)}; {a.LicensedSeats} licensed seats");
        if (a.AdoptionStage is { } stage)
        {
            text.Append(CultureInfo.InvariantCulture, $"; adoption stage {Format.Stage(stage)}");
        }

        if (a.Segment is { } segment)
        {
            text.Append(CultureInfo.InvariantCulture, $"; segment {Format.Snake(segment.ToString())}");
        }

        if (a.Industry is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"; industry {a.Industry}");
        }

        if (a.Products.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"; products {string.Join(", ", a.Products)}");
        }

        text.Append(CultureInfo.InvariantCulture, $"; CSM {UserName(a.CsmEmail)}");
        if (a.SalesEmail is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"; sales rep {UserName(a.SalesEmail)}");
        }

        if (a.ContractStart is { } start)
        {
            text.Append(CultureInfo.InvariantCulture, $"; contract start {Format.Date(start)}");
        }

        return Ledger.CiteData(SourceRef.Account(a.AccountId), text.ToString());
    }

    public string Cite(Contact c)
    {
        var text = new StringBuilder(c.Name);
        if (c.Title is not null)
        {
            text.Append(", ").Append(c.Title);
        }

        if (c.Role is { } role)
        {
            text.Append(", ").Append(Format.Role(role));
        }

        if (c.Sentiment is { } sentiment)
        {
            text.Append(", sentiment ").Append(Format.Snake(sentiment.ToString()));
        }

        if (c.Email is not null)
        {
            text.Append(", ").Append(c.Email);
        }

        if (c.LastContactDate is { } last)
        {
            text.Append(", last contact ").Append(Format.Date(last));
        }

        if (c.Status == ContactStatus.Left)
        {
            text.Append(", left the company").Append(c.LeftDate is { } left ? " on " + Format.Date(left) : "");
        }

        return Ledger.CiteData(SourceRef.Contact(c.ContactId), text.ToString());
    }

    public string Cite(Ticket t)
    {
        var state = t.Status == TicketStatus.Closed
            ? $"closed {(t.ClosedDate is { } closed ? Format.Date(closed) : "")}"
            : $"{Format.Snake(t.Status.ToString())}, {AsOf.DayNumber - t.OpenedDate.DayNumber} days open as of {Format.Date(AsOf)}";
        var category = t.Category is { } c ? " " + Format.Snake(c.ToString()) : "";
        return Ledger.CiteData(SourceRef.Ticket(t.TicketId), $"{t.TicketId} {t.Priority}{category} opened {Format.Date(t.OpenedDate)}, {state}: {t.Subject}");
    }

    /// <summary>The name of the account's contact with this id (a survey's respondent); null when anonymous or unknown.</summary>
    public string? ContactName(string? contactId) =>
        contactId is null ? null : Data.Contacts.FirstOrDefault(c => c.ContactId == contactId)?.Name;

    /// <summary>Active users as a whole percentage of the licensed seats (0 without seats).</summary>
    public decimal SeatShare(UsageWeek u) => Account.LicensedSeats > 0 ? Math.Round(100m * u.ActiveUsers / Account.LicensedSeats) : 0;

    /// <summary>Days from <paramref name="date"/> to the as-of date, recorded as a derived fact so answers may say "N days ago".</summary>
    public int DaysBefore(DateOnly date)
    {
        var days = AsOf.DayNumber - date.DayNumber;
        Ledger.AddDerived($"{Format.Date(date)} is {days} days before {Format.Date(AsOf)}.");
        return days;
    }

    public string Cite(Survey s)
    {
        var who = ContactName(s.ContactId);
        var comment = string.IsNullOrWhiteSpace(s.Comment) ? "" : $": \"{s.Comment}\"";
        return Ledger.CiteData(SourceRef.Survey(s.SurveyId), $"{s.Type.ToString().ToUpperInvariant()} {s.Score} on {Format.Date(s.Date)}{(string.IsNullOrEmpty(who) ? "" : " from " + who)}{comment}");
    }

    public string Cite(Interaction i)
    {
        var author = i.AuthorEmail is null ? "" : $" by {UserName(i.AuthorEmail)}";
        return Ledger.CiteData(SourceRef.Interaction(i.InteractionId), $"{Format.Snake(i.Type.ToString())} on {Format.Date(i.Date)}{author}: {i.Summary}");
    }

    public string Cite(Outcome o)
    {
        var text = new StringBuilder($"Goal \"{o.Goal}\"");
        if (o.Metric is not null)
        {
            text.Append(", measured as ").Append(o.Metric);
        }

        var unit = Format.UnitSuffix(o.Unit);
        if (o.Baseline is { } b)
        {
            text.Append(CultureInfo.InvariantCulture, $"; baseline {Format.Number(b)}{unit}");
        }

        if (o.Target is { } t)
        {
            text.Append(CultureInfo.InvariantCulture, $"; target {Format.Number(t)}{unit}");
        }

        if (o.Current is { } c)
        {
            text.Append(CultureInfo.InvariantCulture, $"; current {Format.Number(c)}{unit}");
        }

        if (Progress(o) is { } p)
        {
            text.Append(CultureInfo.InvariantCulture, $"; {p}% of the way from baseline to target");
        }

        if (o.DueDate is { } due)
        {
            text.Append("; due ").Append(Format.Date(due));
        }

        text.Append("; status ").Append(Format.Snake(o.Status.ToString()));
        return Ledger.CiteData(SourceRef.Outcome(o.OutcomeId), text.ToString());
    }

    public string Cite(UsageWeek u)
    {
        var text = $"Week of {Format.Date(u.WeekStart)}: {u.ActiveUsers} active users of {Account.LicensedSeats} licensed seats ({SeatShare(u)}%)"
            + (u.FeatureAdoptionPct is { } f ? $", feature adoption {Format.Number(f)}%" : "")
            + (u.Sessions is { } s ? $", {s} sessions" : "");
        return Ledger.CiteData(SourceRef.Usage(u.AccountId, u.WeekStart), text);
    }

    /// <summary>Cites the rows behind a piece of health evidence (the health model names them with SourceRef).</summary>
    public string Cite(Evidence e) =>
        Ledger.Cite(e.Source.StartsWith("playbooks/", StringComparison.Ordinal) ? CitationLedger.PlaybookType : CitationLedger.DataType, e.Source, e.Text);

    public string Cite(PlaybookHit hit) => Cite(Ledger, hit);

    public static string Cite(CitationLedger ledger, PlaybookHit hit) =>
        ledger.Cite(CitationLedger.PlaybookType, hit.Source, $"{hit.Title} — {string.Join(" > ", hit.HeadingPath)}: {hit.Text}");

    /// <summary>A passage as one line of guidance: "Usage drop (Actions): Confirm the drop is real …".</summary>
    public static string GuidanceLine(PlaybookHit hit) =>
        $"{hit.Title} ({string.Join(" > ", hit.HeadingPath.Skip(1).DefaultIfEmpty(hit.Title))}): {KeyPoint(hit.Text)}";

    /// <summary>Cites the evidence of a flag or component, at most <paramref name="max"/> rows, falling back to the account row.</summary>
    public IReadOnlyList<string> CiteAll(IEnumerable<Evidence> evidence, int max = 3)
    {
        var ids = evidence.Take(max).Select(Cite).Distinct().ToList();
        return ids.Count > 0 ? ids : [CiteAccount()];
    }

    /// <summary>Cites an account as a line of a portfolio view (no account context needed).</summary>
    public static string CitePortfolioRow(CitationLedger ledger, PortfolioRow row, DateOnly asOf)
    {
        var a = row.Account;
        var h = row.Health;
        return ledger.CiteData(SourceRef.Account(a.AccountId),
            $"{a.Name} ({a.AccountId}): ARR {Format.Money(a.Arr, a.Currency)}; renewal {Format.Date(a.RenewalDate)}, {Format.RenewalFrom(a.RenewalDate, asOf)}; "
            + (h.Scored ? $"health {h.Score}, {Format.Band(h.Band)}" : "health unscored (too little data)") + $"; change over 4 weeks {h.Trend.Delta4Weeks}; flags {string.Join(", ", h.Flags.Select(f => f.Code))}"
            + (h.Signals.Count > 0 ? $"; signals {string.Join(", ", h.Signals.Select(f => f.Code))}" : ""));
    }

    /// <summary>The playbook passages retrieved for this draft, one cited item each.</summary>
    public void AddPlaybookGuidance(DraftBuilder builder, string title, int max = 3)
    {
        builder.Section(title);
        foreach (var hit in Playbooks.Take(max))
        {
            builder.Item(GuidanceLine(hit), Cite(hit));
        }
    }

    /// <summary>
    /// The first substantial point of a markdown passage: list markers, headings and emphasis dropped, lead-in lines
    /// ending in a colon skipped, so "1. **Read the explanation** (CSM, within 1 business day): ..." reads as prose.
    /// </summary>
    public static string KeyPoint(string markdown)
    {
        foreach (var raw in markdown.Split('\n'))
        {
            var line = MarkdownPrefix().Replace(raw.Trim(), "").Replace("**", "", StringComparison.Ordinal).Replace("__", "", StringComparison.Ordinal).Trim().Trim('"', '“', '”');
            if (line.EndsWith(':') || line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length < 6 || IsExample(raw))
            {
                continue;
            }

            return FirstSentence(line);
        }

        return FirstSentence(markdown.Replace("**", "", StringComparison.Ordinal));
    }

    /// <summary>
    /// A playbook line that is an example or a talk track (a quotation, a figure, "e.g."): true of the playbook's
    /// customer, not of this one, so a draft never states it as the account's fact.
    /// </summary>
    private static bool IsExample(string line) =>
        line.Contains('"') || line.Contains('“') || line.Contains("e.g.", StringComparison.OrdinalIgnoreCase)
        || line.Contains("for example", StringComparison.OrdinalIgnoreCase) || line.Any(char.IsDigit)
        // A step a playbook gives the manager is not the CSM's to take.
        || line.Contains("(manager", StringComparison.OrdinalIgnoreCase) || line.TrimStart('-', '*', ' ').StartsWith("**Manager", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"[.!?](?=\s|$)")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"^(#+\s*|[-*+]\s+|\d+[.)]\s+|>\s*)+")]
    private static partial Regex MarkdownPrefix();

    /// <summary>The first sentence of a passage or note, flattened, at most about 260 characters.</summary>
    public static string FirstSentence(string text)
    {
        var flat = string.Join(' ', text.Split((char[])['\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries)).TrimStart('#', ' ', '-');
        var match = SentenceEnd().Match(flat);
        var end = match.Success ? match.Index : -1;
        return end > 0 && end < 260 ? flat[..(end + 1)] : flat.Length > 260 ? flat[..257] + "..." : flat;
    }

    public ComponentScore? Component(HealthComponent component) => Health.Components.FirstOrDefault(c => c.Component == component);

    /// <summary>How far an outcome has moved from its baseline towards its target, in whole percent.</summary>
    public static int? Progress(Outcome o) =>
        o is { Baseline: { } b, Target: { } t, Current: { } c } && t != b ? (int)Math.Round(100m * (c - b) / (t - b)) : null;

    public IReadOnlyList<PlaybookHit> PlaybooksFor(params string[] risks) =>
        [.. Playbooks.Where(p => p.Risks.Any(r => risks.Contains(r, StringComparer.OrdinalIgnoreCase)))];

    private void RegisterDerived()
    {
        var h = Health;
        Ledger.AddDerived($"As of {Format.Date(AsOf)}; {DaysToRenewal} days to renewal ({Math.Round(DaysToRenewal / 7.0)} weeks).");
        Ledger.AddDerived((h.Scored ? $"{h.AccountName} health score {h.Score} of 100, band {h.Band}" : $"{h.AccountName} is unscored: too little data for a health score") + $"; trend 4 weeks ago {h.Trend.Score4WeeksAgo}, 12 weeks ago {h.Trend.Score12WeeksAgo}, delta {h.Trend.Delta4Weeks} over 4 weeks and {h.Trend.Delta12Weeks} over 12 weeks.");
        foreach (var c in h.Components)
        {
            Ledger.AddDerived($"{c.Component} score {(c.Score is { } s ? Math.Round(s).ToString(CultureInfo.InvariantCulture) : "missing")}, weight {Math.Round(c.Weight * 100)}%, effective weight {Math.Round(c.EffectiveWeight * 100)}%, contribution {Math.Round(c.Contribution, 1)}, shortfall {Math.Round((100 - (c.Score ?? 100)) * c.EffectiveWeight, 1)}. {c.Explanation}");
        }

        foreach (var f in h.Flags.Concat(h.Signals))
        {
            Ledger.AddDerived(f.Description);
        }

        Ledger.AddDerived(HealthModelConstants);
        foreach (var o in Data.Outcomes)
        {
            if (Progress(o) is { } p && o.Baseline is { } b && o.Current is { } cur)
            {
                Ledger.AddDerived($"{o.Goal}: {p}% progress, change {Format.Number(Math.Abs(cur - b))}.");
            }
        }
    }

    /// <summary>Thresholds of the health model, which plans and success measures may quote.</summary>
    public const string HealthModelConstants =
        "Bands: green 75 and above, yellow 50 to 74, red below 50. Trend windows 4 and 12 weeks. Windows of 14, 30, 60, 90 and 180 days. Utilization target 80% of licensed seats.";
}

/// <summary>How drafts write figures, so that the groundedness check finds them in the sources.</summary>
public static class Format
{
    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>"28 days after 2026-11-22" or "52 days before 2026-11-22": never a negative count.</summary>
    public static string RenewalFrom(DateOnly renewal, DateOnly asOf)
    {
        var days = renewal.DayNumber - asOf.DayNumber;
        return days >= 0 ? $"{days} days after {Date(asOf)}" : $"{-days} days before {Date(asOf)}";
    }

    /// <summary>" hours/week" or "%" (no space before a percent sign), empty without a unit.</summary>
    public static string UnitSuffix(string? unit) => unit is null ? "" : unit == "%" ? "%" : " " + unit;

    public static string Money(decimal amount, string currency) => $"{currency} {amount.ToString("#,0", CultureInfo.InvariantCulture)}";

    public static string Number(decimal value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);

    public static string Snake(string pascal)
    {
        var sb = new StringBuilder();
        foreach (var ch in pascal)
        {
            if (char.IsUpper(ch) && sb.Length > 0)
            {
                sb.Append('_');
            }

            sb.Append(char.ToLowerInvariant(ch));
        }

        return sb.ToString();
    }

    public static string Stage(AdoptionStage stage) => stage switch
    {
        AdoptionStage.EarlyMarket => "early market",
        AdoptionStage.Chasm => "chasm",
        AdoptionStage.Tornado => "tornado",
        _ => "main street",
    };

    public static string Role(ContactRole role) => Snake(role.ToString()).Replace('_', ' ');

    public static string Band(HealthBand band) => band.ToString().ToLowerInvariant();

    /// <summary>"62/100 (yellow)", or "unscored (too little data)": an account without enough data never reads as 0 red.</summary>
    public static string Score(HealthReport health) =>
        health.Scored ? string.Create(CultureInfo.InvariantCulture, $"{health.Score}/100 ({Band(health.Band)})") : "unscored (too little data)";

    /// <summary>What to collect for a score: the missing components as the rows a CSM can add, most weight first.</summary>
    public static IReadOnlyList<string> ToCollect(HealthReport health) =>
        [.. health.Components.Where(c => c.Missing).OrderByDescending(c => c.Weight).Select(c => c.Component switch
        {
            HealthComponent.Adoption => "weekly usage (active users against seats)",
            HealthComponent.Relationship => "the sponsor and champion as contacts, and each call or meeting logged",
            HealthComponent.Outcomes => "two or three success-plan outcomes with a target and a date",
            HealthComponent.Support => "the support tickets they have opened",
            _ => "an NPS or CSAT survey answer from the main contacts",
        })];

    /// <summary>"1 point", "3 points": a count with its noun in the right number.</summary>
    public static string Count(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(Math.Abs(count) == 1 ? noun : Plural(noun))}");

    private static string Plural(string noun) =>
        noun.EndsWith('y') && !noun.EndsWith("ay", StringComparison.Ordinal) ? noun[..^1] + "ies"
        : noun.EndsWith('s') || noun.EndsWith("sh", StringComparison.Ordinal) || noun.EndsWith("ch", StringComparison.Ordinal) ? noun + "es"
        : noun + "s";

    public static string Kind(DraftKind kind) => DraftCatalogue.Of(kind).Name;

    public static bool TryParseKind(string text, out DraftKind kind)
    {
        var found = DraftCatalogue.TryParse(text, out var info);
        kind = found ? info.Kind : default;
        return found;
    }
}
