using System.ComponentModel;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Core.Domain;
using Microsoft.SemanticKernel;

namespace CopilotBot.Copilot.Plugins;

/// <summary>Read-only account facts for the asking user: lookup, profile, stakeholders, renewals, portfolio.</summary>
public sealed class AccountsPlugin(PluginSupport support)
{
    [KernelFunction("find_accounts"), Description("Finds the accounts the asking user may see whose name or id matches; use it to resolve a company name to an account id.")]
    public async Task<object> FindAccountsAsync(
        [Description("Company name or account id, possibly partial or misspelled")] string name,
        CancellationToken cancellationToken = default)
    {
        var candidates = await support.Gateway.CandidatesAsync(support.Turn.User, name, cancellationToken).ConfigureAwait(false);
        var matches = candidates.Select(a => new { accountId = a.AccountId, name = a.Name }).ToList();
        return matches.Count > 0 ? matches : PluginSupport.NotFound(name);
    }

    [KernelFunction("get_account_profile"), Description("Profile of one account: ARR, renewal date and days to renewal, seats, adoption stage, segment, products, owners.")]
    public async Task<object> GetProfileAsync(
        [Description("Account id or company name")] string account,
        CancellationToken cancellationToken = default)
    {
        var ctx = await support.AccountAsync(account, cancellationToken).ConfigureAwait(false);
        if (ctx is null)
        {
            return PluginSupport.NotFound(account);
        }

        var id = ctx.CiteAccount();
        return new CitedFact(id, SourceRef.Account(ctx.Account.AccountId), ctx.Ledger.TextOf(id));
    }

    [KernelFunction("get_stakeholders"), Description("Contacts of one account and the stakeholder map: executive sponsor, champion, detractors, who left, sentiment and last contact.")]
    public async Task<object> GetStakeholdersAsync(
        [Description("Account id or company name")] string account,
        CancellationToken cancellationToken = default)
    {
        var ctx = await support.AccountAsync(account, cancellationToken).ConfigureAwait(false);
        return ctx is null
            ? PluginSupport.NotFound(account)
            : ctx.Data.Contacts.Select(c => Fact(ctx, ctx.Cite(c))).ToList();
    }

    [KernelFunction("get_renewals"), Description("The asking user's accounts renewing within the next N days, with health band and ARR.")]
    public async Task<object> GetRenewalsAsync(
        [Description("Window in days from today, e.g. 90")] int days,
        CancellationToken cancellationToken = default)
    {
        var turn = support.Turn;
        var rows = await support.Gateway.PortfolioAsync(turn.User, cancellationToken).ConfigureAwait(false);
        var asOf = support.Gateway.AsOf;
        return rows.Where(r => r.Account.RenewalDate >= asOf && r.Account.RenewalDate.DayNumber - asOf.DayNumber <= days)
            .OrderBy(r => r.Account.RenewalDate)
            .Select(r => PortfolioFact(turn, r, asOf)).ToList();
    }

    [KernelFunction("get_portfolio"), Description("All accounts the asking user may see, worst health first: score, band, ARR, renewal, flags.")]
    public async Task<object> GetPortfolioAsync(CancellationToken cancellationToken = default)
    {
        var turn = support.Turn;
        var rows = await support.Gateway.PortfolioAsync(turn.User, cancellationToken).ConfigureAwait(false);
        return rows.Select(r => PortfolioFact(turn, r, support.Gateway.AsOf)).ToList();
    }

    internal static CitedFact Fact(AccountContext ctx, string id) => new(id, ctx.Ledger.SourceOf(id), ctx.Ledger.TextOf(id));

    private static CitedFact PortfolioFact(CopilotTurn turn, Core.Portfolio.PortfolioRow r, DateOnly asOf)
    {
        var id = AccountContext.CitePortfolioRow(turn.Ledger, r, asOf);
        return new CitedFact(id, turn.Ledger.SourceOf(id), turn.Ledger.TextOf(id));
    }
}
