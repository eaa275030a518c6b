using System.ComponentModel.DataAnnotations;
using CopilotBot.Core.Domain;

namespace CopilotBot.Core.Sample;

/// <summary>
/// A deterministic, seeded sample portfolio: the designed scenario accounts of <see cref="SampleScenarios"/>
/// (every band, flag and signal as of 2026-11-20) followed by accounts drawn from three archetypes
/// (thriving, steady, struggling). Scales to tens of thousands of accounts for benchmarks.
/// </summary>
public static class SamplePortfolioGenerator
{
    /// <summary>The Microsoft 365 Agents Playground's default user, owner of a good share of the sample.</summary>
    public const string DefaultUserEmail = "alexw@example.com";

    /// <summary>
    /// The users: the Agents Playground's six (Alex Wilber is its default) in two teams: Adele Vance manages Alex
    /// and Isaiah; Nestor Wilke manages Grady and Johanna; Patti is admin, Megan and Lynne sell.
    /// </summary>
    public static IReadOnlyList<User> Users { get; } =
    [
        new(DefaultUserEmail, "Alex Wilber", UserRole.Csm, "adelev@example.com", "00000000-0000-0000-0000-0000000000020"),
        new("meganb@example.com", "Megan Bowen", UserRole.Sales, null, "00000000-0000-0000-0000-0000000000021"),
        new("adelev@example.com", "Adele Vance", UserRole.Manager, null, "00000000-0000-0000-0000-0000000000022"),
        new("isaiahl@example.com", "Isaiah Langer", UserRole.Csm, "adelev@example.com", "00000000-0000-0000-0000-0000000000023"),
        new("pattif@example.com", "Patti Fernandez", UserRole.Admin, null, "00000000-0000-0000-0000-0000000000024"),
        new("lynner@example.com", "Lynne Robbins", UserRole.Sales, null, "00000000-0000-0000-0000-0000000000025"),
        new("nestorw@example.com", "Nestor Wilke", UserRole.Manager, null, "00000000-0000-0000-0000-0000000000026"),
        new("gradya@example.com", "Grady Archie", UserRole.Csm, "nestorw@example.com", "00000000-0000-0000-0000-0000000000027"),
        new("johannal@example.com", "Johanna Lorenz", UserRole.Csm, "nestorw@example.com", "00000000-0000-0000-0000-0000000000028"),
    ];

    /// <summary>Generates the portfolio; the same options always give the same rows.</summary>
    public static PortfolioData Generate(SampleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);

        var materializer = new PlanMaterializer(options);
        var scenarios = SampleScenarios.Create();
        var names = new HashSet<string>(scenarios.Select(s => s.Name), StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Accounts; i++)
        {
            materializer.Write(i < scenarios.Count ? scenarios[i] : Archetypes.Create(options.Seed, SampleScenarios.FirstNumber + i, names));
        }
        return new PortfolioData(
            Users,
            materializer.Accounts,
            materializer.Contacts,
            materializer.Usage,
            materializer.Tickets,
            materializer.Surveys,
            materializer.Interactions,
            materializer.Outcomes);
    }

    /// <summary>The designed scenario accounts: id, name and what each is meant to show as of 2026-11-20.</summary>
    public static IReadOnlyList<(string AccountId, string Name, string Scenario)> Scenarios { get; } =
        [.. SampleScenarios.Create().Select(s => (s.Id, s.Name, s.Scenario))];
}
