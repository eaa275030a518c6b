using System.Globalization;
using CopilotBot.Core.Domain;

namespace CopilotBot.Tests.Copilot.Judgement;

/// <summary>Why an account is in trouble, as a CS leader would name it.</summary>
public enum ScenarioCause { ProductDefect, Outage, Enablement, ChampionLost, SponsorLost, ValueNotProven, BudgetOrPrice, Competitor, Reorg }

/// <summary>
/// What a CS leader expects of the drafts about one account, written down from the scenario's parameters and
/// before the drafting code: the cause the drafts must name, an action that must appear and one that must not,
/// the money figures (unused seats priced, the ROI multiple), the stage's play and, for short renewals, the
/// renewal mechanics instead of goals that cannot be met in time.
/// </summary>
public sealed record Judgement(
    string Cause,
    string MustAppear,
    string MustNotAppear,
    string UnusedSeatsValue,
    string RoiMultiple,
    string StagePlay,
    string? StageMustNot,
    bool ShortRenewal,
    string OpenRequest,
    string EmailRecipient,
    string EmailRecipientFirstName);

/// <summary>One generated account and the judgement expected of its drafts.</summary>
public sealed record Scenario(string Name, ScenarioCause Cause, AdoptionStage Stage, AccountData Data, Judgement Expected)
{
    public override string ToString() => Name;
}

/// <summary>
/// Thirty-six generated accounts: each of nine causes at each of the four adoption stages, renewals alternating
/// between weeks away and months away, seats and ARR varying. Everything an expectation names is computed here
/// from the scenario's own parameters, never read back from the drafting code.
/// </summary>
public static class Scenarios
{
    public static readonly DateOnly AsOf = new(2026, 11, 20);
    public const string Csm = "csm@vendor.example";
    public const string Manager = "lead@vendor.example";
    public const string Colleague = "isabel@vendor.example";

    private static readonly AdoptionStage[] s_stages = [AdoptionStage.EarlyMarket, AdoptionStage.Chasm, AdoptionStage.Tornado, AdoptionStage.MainStreet];
    private static readonly string[] s_industries = ["Healthcare", "Retail", "Logistics", "Insurance"];
    private static readonly string[] s_firstNames = ["Tomasz", "Greta", "Kofi", "Lucia", "Hiro", "Amara", "Pavel", "Ines", "Omar"];
    private static readonly string[] s_lastNames = ["Nowak", "Lindgren", "Mensah", "Ferreira", "Sato", "Okoye", "Dvorak", "Moreau", "Haddad"];

    public static IReadOnlyList<Scenario> All { get; } = [.. Enumerable.Range(0, 36).Select(i => Create(i, paraphrased: false))];

    /// <summary>
    /// The causes people describe in words (enablement, value, budget, a competitor, a reorganization) at every stage,
    /// told in words the cause word table does not list: "piloting another vendor's tool", "bought by a larger group".
    /// The judgement is the same as for <see cref="All"/>; only the words differ.
    /// </summary>
    public static IReadOnlyList<Scenario> Paraphrased { get; } =
        [.. Enumerable.Range(0, 36).Where(i => (ScenarioCause)(i % 9) is ScenarioCause.Enablement or ScenarioCause.ValueNotProven
            or ScenarioCause.BudgetOrPrice or ScenarioCause.Competitor or ScenarioCause.Reorg).Select(i => Create(i, paraphrased: true))];

    private static readonly IReadOnlyList<User> s_users =
    [
        new User(Csm, "Casey Morgan", UserRole.Csm, Manager, null),
        new User(Manager, "Lee Grant", UserRole.Manager, null, null),
        new User(Colleague, "Isabel Cruz", UserRole.Csm, Manager, null),
    ];

    public static PortfolioData Portfolio { get; } = PortfolioOf(All);

    public static PortfolioData ParaphrasedPortfolio { get; } = PortfolioOf(Paraphrased);

    private static PortfolioData PortfolioOf(IReadOnlyList<Scenario> scenarios) => new(
        s_users,
        [.. scenarios.Select(s => s.Data.Account)],
        [.. scenarios.SelectMany(s => s.Data.Contacts)],
        [.. scenarios.SelectMany(s => s.Data.Usage)],
        [.. scenarios.SelectMany(s => s.Data.Tickets)],
        [.. scenarios.SelectMany(s => s.Data.Surveys)],
        [.. scenarios.SelectMany(s => s.Data.Interactions)],
        [.. scenarios.SelectMany(s => s.Data.Outcomes)]);

    private static DateOnly Day(int offset) => AsOf.AddDays(offset);

    private static string Money(decimal amount) => "USD " + amount.ToString("#,0", CultureInfo.InvariantCulture);

    private static Scenario Create(int i, bool paraphrased)
    {
        var cause = (ScenarioCause)(i % 9);
        var stage = s_stages[i / 9];
        var industry = s_industries[(i + (i / 9)) % 4];
        var shortRenewal = i % 2 == 0;
        var renewalDays = shortRenewal ? 17 + (i % 5 * 7) : 150 + (i * 5);
        var seats = 100 + (20 * i);
        const decimal pricePerSeat = 600m;
        var arr = seats * pricePerSeat;
        var id = $"A-{(paraphrased ? 2100 : 2000) + i}";
        var name = $"{s_lastNames[i % 9]} {industry} {i + 1}";
        var first = s_firstNames[(i + 3) % 9];
        var last = s_lastNames[(i + 4) % 9];

        // Contacts: sponsor, champion, economic buyer, an end user. Who left depends on the cause.
        var sponsor = new Contact($"C-{i}-1", id, $"Victoria {last}", "Chief Operating Officer", null, ContactRole.ExecutiveSponsor, Sentiment.Neutral, Day(-30),
            cause == ScenarioCause.SponsorLost ? ContactStatus.Left : ContactStatus.Active, cause == ScenarioCause.SponsorLost ? Day(-20) : null);
        var champion = new Contact($"C-{i}-2", id, $"{first} {last}", "Director of Operations", null, ContactRole.Champion, Sentiment.Positive, Day(-12),
            cause == ScenarioCause.ChampionLost ? ContactStatus.Left : ContactStatus.Active, cause == ScenarioCause.ChampionLost ? Day(-20) : null);
        var buyer = new Contact($"C-{i}-3", id, $"Ruth {s_lastNames[(i + 6) % 9]}", "CFO", null, ContactRole.EconomicBuyer, Sentiment.Neutral, Day(-50), ContactStatus.Active, null);
        var user = new Contact($"C-{i}-4", id, $"Sam {s_lastNames[(i + 7) % 9]}", "Team Lead", null, ContactRole.EndUser, Sentiment.Positive, Day(-8), ContactStatus.Active, null);
        List<Contact> contacts = [sponsor, champion, buyer, user];

        // Usage: 12 weeks; steady at 62% of seats, or falling from 85% to 45% when enablement is the cause.
        var usage = new List<UsageWeek>();
        var lastMonday = new DateOnly(2026, 11, 16);
        for (var w = 0; w < 12; w++)
        {
            var share = cause == ScenarioCause.Enablement ? (w < 6 ? 0.85 : 0.45) : 0.62;
            usage.Add(new UsageWeek(id, lastMonday.AddDays(-7 * (11 - w)), (int)Math.Round(seats * share), seats * 3, 40));
        }

        var active = usage[^1].ActiveUsers;
        var unusedValue = (seats - active) * pricePerSeat;

        // An outcome in money, so that the ROI can be stated against the ARR; a second in hours.
        var roi = 0.5m + (i % 4 * 0.4m);
        var valueToDate = Math.Round(arr * roi);
        var valueMissed = cause == ScenarioCause.ValueNotProven;
        List<Outcome> outcomes =
        [
            new($"O-{i}-1", id, "Avoid contractor spend on manual triage", "Contractor spend avoided", 0, Math.Round(arr * 2.5m), valueToDate, "USD", Day(120), valueMissed ? OutcomeStatus.AtRisk : OutcomeStatus.OnTrack),
            new($"O-{i}-2", id, "Cut handling time from 12 to 6 hours/week per agent", "Agent hours a week", 12, 6, valueMissed ? 11.5m : 8, "hours/week", Day(valueMissed ? -10 : 90), valueMissed ? OutcomeStatus.Missed : OutcomeStatus.OnTrack),
        ];

        var tickets = new List<Ticket> { new($"T-{i}-1", id, Day(-200), Day(-195), TicketPriority.P3, TicketCategory.HowTo, TicketStatus.Closed, "How to export a view") };
        var surveys = new List<Survey> { new($"S-{i}-1", id, user.ContactId, Day(-40), SurveyType.Nps, 8, "Useful every day.") };
        var interactions = new List<Interaction>
        {
            new($"I-{i}-1", id, Day(-12), InteractionType.Call, Csm, $"Check-in with {champion.Name} on the rollout."),
            new($"I-{i}-2", id, Day(-6), InteractionType.Meeting, Csm,
                $"Review with {(cause == ScenarioCause.ChampionLost ? user.Name : champion.Name)}. Next step: they asked for the usage report for the board by {Day(14):yyyy-MM-dd}."),
        };

        string mustAppear, mustNot;
        switch (cause)
        {
            case ScenarioCause.ProductDefect:
                tickets.Add(new($"T-{i}-2", id, Day(-30), null, TicketPriority.P2, TicketCategory.Bug, TicketStatus.Open, "Report builder drops filters since the 5.2 upgrade"));
                tickets.Add(new($"T-{i}-3", id, Day(-25), null, TicketPriority.P2, TicketCategory.Bug, TicketStatus.Open, "Scheduled reports arrive empty after the upgrade"));
                tickets.Add(new($"T-{i}-4", id, Day(-18), null, TicketPriority.P3, TicketCategory.Bug, TicketStatus.Open, "Dashboard totals wrong since the upgrade"));
                interactions.Add(new($"I-{i}-3", id, Day(-15), InteractionType.Call, Csm, $"{champion.Name}: half my team went back to spreadsheets after the reporting changes."));
                (mustAppear, mustNot) = ("fix date", "workshop");
                break;
            case ScenarioCause.Outage:
                tickets.Add(new($"T-{i}-2", id, Day(-10), null, TicketPriority.P1, TicketCategory.Outage, TicketStatus.Open, "Users locked out after the SSO certificate rotation"));
                interactions.Add(new($"I-{i}-3", id, Day(-9), InteractionType.Escalation, Csm, $"Outage: users could not sign in for a day after the SSO certificate rotation. {sponsor.Name} wants a root-cause report."));
                (mustAppear, mustNot) = ("root-cause", "workshop");
                break;
            case ScenarioCause.Enablement:
                interactions.Add(new($"I-{i}-3", id, Day(-14), InteractionType.Call, Csm, paraphrased
                    ? $"{champion.Name}: the people who joined after the summer had no onboarding and keep asking colleagues how to do basic things."
                    : $"{champion.Name}: the new hires since the summer were never trained and do not know the workflows."));
                (mustAppear, mustNot) = ("training", "fix date");
                break;
            case ScenarioCause.ChampionLost:
                interactions.Add(new($"I-{i}-3", id, Day(-18), InteractionType.Note, Csm, $"{champion.Name}, our champion, left the company; nobody owns the rollout now."));
                (mustAppear, mustNot) = ("new champion", $"replace {sponsor.Name}");
                break;
            case ScenarioCause.SponsorLost:
                interactions.Add(new($"I-{i}-3", id, Day(-18), InteractionType.Note, Csm, $"{sponsor.Name}, the COO who sponsored us, left the company; the budget owner is unclear."));
                (mustAppear, mustNot) = ("new executive sponsor", "find and brief a new champion");
                break;
            case ScenarioCause.ValueNotProven:
                surveys.Add(new($"S-{i}-2", id, sponsor.ContactId, Day(-15), SurveyType.Nps, 4,
                    paraphrased ? "Honestly we cannot show our board what we got for the money so far." : "We are not seeing the value we were promised."));
                (mustAppear, mustNot) = ("outcomes", "reference call or case study");
                break;
            case ScenarioCause.BudgetOrPrice:
                interactions.Add(new($"I-{i}-3", id, Day(-10), InteractionType.Call, Csm, paraphrased
                    ? $"{buyer.Name} told us finance will only approve next year's renewal at a lower amount, and they may drop licences."
                    : $"{buyer.Name} asked for a 15% discount or a smaller tier; their budget is cut by 20% next year."));
                (mustAppear, mustNot) = ("right-size", $"Renew the {Money(arr)} contract");
                break;
            case ScenarioCause.Competitor:
                interactions.Add(new($"I-{i}-3", id, Day(-10), InteractionType.Call, Csm, paraphrased
                    ? $"{champion.Name} said two teams are piloting another vendor's tool and will pick one in January."
                    : $"{champion.Name} told us two teams are trialling a competitor's product; they decide in January."));
                (mustAppear, mustNot) = ("side-by-side", "workshop");
                break;
            default:
                interactions.Add(new($"I-{i}-3", id, Day(-16), InteractionType.Note, Csm, paraphrased
                    ? $"Their company was bought by a larger group in October; {champion.Name}'s team now reports into a different division under a new head of operations."
                    : $"After the acquisition the company reorganized: support moved under a new VP, and {champion.Name} now reports to her."));
                (mustAppear, mustNot) = ("new organization", "workshop");
                break;
        }

        var (play, stageMustNot) = stage switch
        {
            AdoptionStage.EarlyMarket => ("technologists", "80%"),
            AdoptionStage.Chasm => ($"peer reference in {industry}", null),
            AdoptionStage.Tornado => ("economic buyer", null),
            _ => ("productivity", null),
        };

        var causeLabel = cause switch
        {
            ScenarioCause.ProductDefect => "product defect",
            ScenarioCause.Outage => "outage",
            ScenarioCause.Enablement => "enablement",
            ScenarioCause.ChampionLost => "champion",
            ScenarioCause.SponsorLost => "executive sponsor",
            ScenarioCause.ValueNotProven => "value",
            ScenarioCause.BudgetOrPrice => "budget",
            ScenarioCause.Competitor => "competitor",
            _ => "reorganization",
        };

        var recipient = cause == ScenarioCause.ChampionLost ? user : champion;
        var account = new Account(id, name, industry, Segment.MidMarket, stage, Csm, null, arr, "USD", Day(renewalDays - 365), Day(renewalDays), seats, ["Service Desk"]);
        var data = new AccountData(account, contacts, usage, tickets, surveys, interactions, outcomes);
        var expected = new Judgement(causeLabel, mustAppear, mustNot, Money(unusedValue), roi.ToString("0.0#", CultureInfo.InvariantCulture) + "×",
            play, stageMustNot, shortRenewal, "usage report for the board", recipient.Name, recipient.Name.Split(' ')[0]);
        return new Scenario($"{id} {cause} {stage}{(shortRenewal ? " short renewal" : "")}{(paraphrased ? " paraphrased" : "")}", cause, stage, data, expected);
    }
}
