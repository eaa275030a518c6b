using CopilotBot.Core.Access;
using CopilotBot.Core.Domain;
using CopilotBot.Tests.Fakes;
using static CopilotBot.Tests.Fakes.TinyPortfolio;

namespace CopilotBot.Tests.Access;

public sealed class AccessScopeTests
{
    private static string[] Visible(User user) =>
        Data.Accounts.Where(AccessScope.For(user, Data.Users).CanSee).Select(a => a.AccountId).Order().ToArray();

    [Fact]
    public void Csm_sees_only_the_accounts_they_own() => Assert.Equal(["A-100", "A-101"], Visible(Alex));

    [Fact]
    public void Sales_rep_sees_only_the_accounts_where_they_are_sales_owner() => Assert.Equal(["A-100", "A-102"], Visible(Megan));

    [Fact]
    public void Manager_sees_own_team_transitively_and_nothing_of_other_teams()
    {
        Assert.Equal(["A-100", "A-101", "A-102"], Visible(Adele));
        Assert.Equal(["A-102"], Visible(Isaiah));
        Assert.Equal(["A-200", "A-201"], Visible(Bruno));
    }

    [Fact]
    public void Admin_sees_everything() => Assert.Equal(5, Visible(Patti).Length);

    [Fact]
    public void Reporting_cycle_in_data_does_not_hang_or_widen_the_scope()
    {
        var looped = Data.Users
            .Select(u => u == Adele ? u with { ManagerEmail = Ivy.Email } : u)
            .ToList();
        var scope = AccessScope.For(looped.Single(u => u.Email == Adele.Email), looped);
        Assert.Equal(["adelev@example.com", "alexw@example.com", "isaiahl@example.com", "ivy@example.com"], scope.Team.Order().ToArray());
    }

    [Fact]
    public void Manager_may_see_portfolio_of_reports_but_not_of_other_teams()
    {
        var scope = AccessScope.For(Adele, Data.Users);
        Assert.True(scope.CanSeePortfolioOf(Ivy.Email));
        Assert.False(scope.CanSeePortfolioOf(Carla.Email));
    }

    [Fact]
    public void Emails_compare_without_case()
    {
        var shouting = Alex with { Email = "ALEXW@EXAMPLE.COM" };
        Assert.True(AccessScope.For(shouting, Data.Users).CanSee(Acme));
    }
}
