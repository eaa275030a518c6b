using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using CopilotBot.Copilot.Grounding;
using CopilotBot.Copilot.Plugins;
using CopilotBot.Core.Domain;
using CopilotBot.Tests.Copilot.Fakes;
using Microsoft.SemanticKernel;

namespace CopilotBot.Tests.Copilot;

public sealed class PluginTests : IDisposable
{
    private readonly CopilotHarness _harness = new();

    private static readonly Type[] s_plugins = [typeof(AccountsPlugin), typeof(HealthPlugin), typeof(ActivityPlugin), typeof(PlaybooksPlugin)];

    private IDisposable Turn(string email, CitationLedger ledger) =>
        _harness.Get<CopilotTurnContext>().Begin(new CopilotTurn(SamplePortfolio.Data.Users.Single(u => u.Email == email), ledger));

    [Fact]
    public void Plugins_are_sealed_and_every_function_and_parameter_is_described_and_no_parameter_names_the_user()
    {
        foreach (var type in s_plugins)
        {
            Assert.True(type.IsSealed, type.Name);
            var functions = type.GetMethods().Where(m => m.GetCustomAttribute<KernelFunctionAttribute>() is not null).ToList();
            Assert.NotEmpty(functions);
            foreach (var function in functions)
            {
                Assert.False(string.IsNullOrWhiteSpace(function.GetCustomAttribute<DescriptionAttribute>()?.Description), $"{type.Name}.{function.Name}");
                foreach (var parameter in function.GetParameters().Where(p => p.ParameterType != typeof(CancellationToken)))
                {
                    Assert.False(string.IsNullOrWhiteSpace(parameter.GetCustomAttribute<DescriptionAttribute>()?.Description), $"{type.Name}.{function.Name}({parameter.Name})");
                    Assert.DoesNotContain("user", parameter.Name!, StringComparison.OrdinalIgnoreCase);
                    Assert.DoesNotContain("email", parameter.Name!, StringComparison.OrdinalIgnoreCase);
                }
            }
        }
    }

    [Fact]
    public async Task Functions_answer_for_the_turns_user_and_cite_what_they_return()
    {
        var ledger = new CitationLedger();
        using var turn = Turn(SamplePortfolio.Jane, ledger);
        var kernel = new Kernel();
        kernel.Plugins.AddFromObject(_harness.Get<HealthPlugin>(), "health");
        kernel.Plugins.AddFromObject(_harness.Get<ActivityPlugin>(), "activity");

        var health = await kernel.InvokeAsync("health", "get_health", new() { ["account"] = "Acme" });
        var tickets = await kernel.InvokeAsync("activity", "get_tickets", new() { ["account"] = "A-100" });

        var json = JsonSerializer.Serialize(health.GetValue<object>());
        Assert.Contains("\"score\":38", json, StringComparison.Ordinal);
        Assert.Contains("tickets.csv#T-1042", JsonSerializer.Serialize(tickets.GetValue<object>()), StringComparison.Ordinal);
        Assert.NotNull(ledger.Resolve("tickets.csv#T-1042"));
        Assert.Null(ledger.Resolve("tickets.csv#T-0990")); // closed tickets are not returned by default
    }

    [Fact]
    public async Task A_forbidden_account_looks_exactly_like_a_missing_one()
    {
        var ledger = new CitationLedger();
        using var turn = Turn(SamplePortfolio.Jane, ledger);
        var plugin = _harness.Get<ActivityPlugin>();

        var forbidden = await plugin.GetTicketsAsync("A-400");
        var missing = await plugin.GetTicketsAsync("A-999");

        Assert.Equal(new PluginError("No account matching 'A-400' among the accounts you can see."), forbidden);
        Assert.Equal(new PluginError("No account matching 'A-999' among the accounts you can see."), missing);
        Assert.Equal(0, ledger.Count);
    }

    [Fact]
    public async Task Renewals_and_portfolio_only_list_visible_accounts()
    {
        using var turn = Turn(SamplePortfolio.Jane, new CitationLedger());
        var plugin = _harness.Get<AccountsPlugin>();

        var renewals = JsonSerializer.Serialize(await plugin.GetRenewalsAsync(60));
        var portfolio = JsonSerializer.Serialize(await plugin.GetPortfolioAsync());

        Assert.Contains("Acme Corp", renewals, StringComparison.Ordinal);
        Assert.DoesNotContain("Umbrella", renewals + portfolio, StringComparison.Ordinal);
        Assert.Contains("Globex", portfolio, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_a_turn_a_plugin_refuses_rather_than_guessing_a_user() =>
        await Assert.ThrowsAsync<InvalidOperationException>(() => _harness.Get<AccountsPlugin>().GetPortfolioAsync());

    [Fact]
    public async Task Playbook_search_passes_filters_and_cites_passages()
    {
        var ledger = new CitationLedger();
        using var turn = Turn(SamplePortfolio.Jane, ledger);

        var result = await _harness.Get<PlaybooksPlugin>().SearchAsync("champion left", risk: "champion_left", stage: "chasm", persona: "csm");

        var request = _harness.Search.Requests.Last();
        Assert.Equal(["champion_left"], request.Filter!.Risks);
        Assert.Equal(["chasm"], request.Filter.Stages);
        var fact = Assert.Single((IEnumerable<CitedFact>)result);
        Assert.Equal("playbooks/champion-loss.md#first-30-days", fact.Source);
        Assert.Equal(fact.Cite, ledger.Resolve(fact.Source));
    }

    public void Dispose() => _harness.Dispose();
}
