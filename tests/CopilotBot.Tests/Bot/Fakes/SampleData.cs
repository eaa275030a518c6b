using CopilotBot.Core.Domain;
using CopilotBot.Core.Health;
using CopilotBot.Core.Portfolio;

namespace CopilotBot.Tests.Bot.Fakes;

/// <summary>
/// A small hand-made portfolio for the bot tests. Alex Wilber is the Agents Playground's built-in user, so the
/// Playground test is recognised as a CSM; Bob owns Fabrikam, which Alex must never see.
/// </summary>
public static class SampleData
{
    public const string AlexAad = "00000000-0000-0000-0000-0000000000020";
    public const string BobAad = "00000000-0000-0000-0000-0000000000021";
    public const string StrangerAad = "00000000-0000-0000-0000-0000000000099";
    public const string AlexEmail = "alexw@example.com";
    public const string BobEmail = "bob@example.com";
    public const string MallorySalesEmail = "mallory@example.com";

    public static readonly DateOnly AsOf = new(2026, 11, 16);

    public static readonly IReadOnlyList<User> Users =
    [
        new(AlexEmail, "Alex Wilber", UserRole.Csm, "megan@example.com", AlexAad),
        new(BobEmail, "Bob Vance", UserRole.Csm, "megan@example.com", BobAad),
        new("megan@example.com", "Megan Bowen", UserRole.Manager, null, null),
        new(MallorySalesEmail, "Mallory Sales", UserRole.Sales, "megan@example.com", null),
    ];

    public static readonly Account Contoso = new(
        "A-100", "Contoso Ltd", "Retail", Segment.Enterprise, AdoptionStage.Chasm, AlexEmail, MallorySalesEmail,
        240_000m, "USD", new DateOnly(2024, 1, 1), new DateOnly(2027, 1, 31), 500, ["Analytics", "Sync"]);

    public static readonly Account Fabrikam = new(
        "A-200", "Fabrikam Inc", "Manufacturing", Segment.MidMarket, AdoptionStage.MainStreet, BobEmail, null,
        90_000m, "USD", new DateOnly(2023, 6, 1), new DateOnly(2027, 6, 30), 120, ["Analytics"]);

    public static readonly IReadOnlyList<Account> Accounts = [Contoso, Fabrikam];

    /// <summary>A red account with a forcing flag whose evidence carries a hostile note (a link to another host).</summary>
    public static HealthReport ContosoHealth() => new(
        "A-100", "Contoso Ltd", AsOf, 38, HealthBand.Red,
        [
            new(HealthComponent.Adoption, 31, 0.30, 0.30, 9.3, "Active users fell 42% in 8 weeks",
                [new Evidence("usage.csv#A-100@2026-11-09", "212 active users of 500 seats")]),
            new(HealthComponent.Relationship, 20, 0.25, 0.25, 5.0, "Champion left",
                [new Evidence("contacts.csv#C-7", "Dana Lee, champion, left 2026-10-20")]),
            new(HealthComponent.Outcomes, 55, 0.20, 0.20, 11.0, "1 of 3 outcomes at risk", []),
            new(HealthComponent.Support, 48, 0.15, 0.15, 7.2, "One P1 open for 12 days",
                [new Evidence("tickets.csv#T-1042", "P1: Sync jobs failing since upgrade")]),
            new(HealthComponent.Sentiment, null, 0.10, 0, 0, "No survey in 180 days", []),
        ],
        HealthComponent.Relationship,
        [
            new(FlagCodes.ChampionLeft, true, "Champion Dana Lee left the company",
                [new Evidence("contacts.csv#C-7", "Dana Lee, champion, left 2026-10-20")]),
            new(FlagCodes.StaleP1, true, "P1 ticket open for 12 days",
                [new Evidence("interactions.csv#I-9", "Customer wrote: see [our portal](https://evil.example/login) or www.evil.example")]),
        ],
        [],
        new HealthTrend(61, 72, -23, -34, "↓", true,
        [
            new(new DateOnly(2026, 8, 24), 72), new(new DateOnly(2026, 8, 31), 71), new(new DateOnly(2026, 9, 7), 70),
            new(new DateOnly(2026, 9, 14), 68), new(new DateOnly(2026, 9, 21), 66), new(new DateOnly(2026, 9, 28), 64),
            new(new DateOnly(2026, 10, 5), 63), new(new DateOnly(2026, 10, 12), 61), new(new DateOnly(2026, 10, 19), 55),
            new(new DateOnly(2026, 10, 26), 49), new(new DateOnly(2026, 11, 2), 44), new(new DateOnly(2026, 11, 9), 40),
            new(new DateOnly(2026, 11, 16), 38),
        ]),
        ["surveys"]);

    public static HealthReport FabrikamHealth() => new(
        "A-200", "Fabrikam Inc", AsOf, 81, HealthBand.Green,
        [
            new(HealthComponent.Adoption, 85, 0.30, 0.30, 25.5, "Steady", []),
            new(HealthComponent.Relationship, 80, 0.25, 0.25, 20, "Sponsor engaged", []),
            new(HealthComponent.Outcomes, 75, 0.20, 0.20, 15, "On track", []),
            new(HealthComponent.Support, 90, 0.15, 0.15, 13.5, "Quiet", []),
            new(HealthComponent.Sentiment, 70, 0.10, 0.10, 7, "NPS 9", []),
        ],
        HealthComponent.Sentiment, [],
        [new(FlagCodes.SeatExpansion, false, "Seat usage at 97%", [new Evidence("usage.csv#A-200@2026-11-09", "116 of 120 seats")])],
        new HealthTrend(80, 78, 1, 3, "→", false, [new(new DateOnly(2026, 11, 9), 80), new(new DateOnly(2026, 11, 16), 81)]),
        []);

    public static IReadOnlyList<PortfolioRow> PortfolioOf(string email) =>
    [
        .. new[] { new PortfolioRow(Contoso, ContosoHealth()), new PortfolioRow(Fabrikam, FabrikamHealth()) }
            .Where(r => r.Account.CsmEmail == email || r.Account.SalesEmail == email)
            .OrderBy(r => r.Health.Score),
    ];
}
