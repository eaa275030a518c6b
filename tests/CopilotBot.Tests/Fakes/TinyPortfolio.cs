using CopilotBot.Core.Domain;

namespace CopilotBot.Tests.Fakes;

/// <summary>
/// Two teams: Adele manages Alex and Isaiah (and, through Isaiah's report Ivy, transitively her);
/// Bruno manages Carla. Megan sells to some of Alex's accounts; Patti is admin.
/// </summary>
internal static class TinyPortfolio
{
    public static readonly User Adele = new("adelev@example.com", "Adele Vance", UserRole.Manager, null, "aad-adele");
    public static readonly User Alex = new("alexw@example.com", "Alex Wilber", UserRole.Csm, Adele.Email, "00000000-0000-0000-0000-0000000000020");
    public static readonly User Isaiah = new("isaiahl@example.com", "Isaiah Langer", UserRole.Manager, Adele.Email, null);
    public static readonly User Ivy = new("ivy@example.com", "Ivy Chen", UserRole.Csm, Isaiah.Email, null);
    public static readonly User Megan = new("meganb@example.com", "Megan Bowen", UserRole.Sales, null, null);
    public static readonly User Bruno = new("bruno@example.com", "Bruno Diaz", UserRole.Manager, null, null);
    public static readonly User Carla = new("carla@example.com", "Carla Ruiz", UserRole.Csm, Bruno.Email, null);
    public static readonly User Patti = new("pattif@example.com", "Patti Fernandez", UserRole.Admin, null, null);

    public static readonly Account Acme = NewAccount("A-100", "Acme Robotics Inc.", Alex.Email, Megan.Email, new DateOnly(2027, 1, 15));
    public static readonly Account Globex = NewAccount("A-101", "Globex Industries", Alex.Email, null, new DateOnly(2027, 6, 1));
    public static readonly Account Initech = NewAccount("A-102", "Initech", Ivy.Email, Megan.Email, new DateOnly(2027, 3, 1));
    public static readonly Account Umbrella = NewAccount("A-200", "Umbrella Health", Carla.Email, null, new DateOnly(2027, 2, 1));
    public static readonly Account Acumen = NewAccount("A-201", "Acumen Labs", Carla.Email, null, new DateOnly(2027, 4, 1));

    public static PortfolioData Data { get; } = new(
        [Adele, Alex, Isaiah, Ivy, Megan, Bruno, Carla, Patti],
        [Acme, Globex, Initech, Umbrella, Acumen],
        [], [], [], [], [], []);

    public static Account NewAccount(string id, string name, string csm, string? sales, DateOnly renewal) =>
        new(id, name, "Manufacturing", Segment.MidMarket, AdoptionStage.MainStreet, csm, sales, 120_000m, "USD",
            new DateOnly(2025, 1, 15), renewal, 100, ["Core"]);
}
