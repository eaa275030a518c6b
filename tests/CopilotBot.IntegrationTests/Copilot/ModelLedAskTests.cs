using System.Net;
using System.Text.Json;
using CopilotBot.Copilot.Drafting;
using CopilotBot.IntegrationTests.Support;
using CopilotBot.Tests.Copilot.Fakes;

namespace CopilotBot.IntegrationTests.Copilot;

/// <summary>
/// With a model configured the model leads every question: the reading model below chooses tools from their
/// descriptions as a model would, so these tests fail when a tool is missing, misdescribed or gives nothing citable.
/// </summary>
public sealed class ModelLedAskTests : IAsyncLifetime
{
    private OpenAiProtocolServer _server = null!;
    private readonly ReadingModel _model = new();

    public async Task InitializeAsync()
    {
        _server = await OpenAiProtocolServer.StartAsync();
        _server.Model = _model;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private CopilotHarness Harness(string provider = "openai", int timeoutSeconds = 20, int maxRetries = 2, int maxToolCalls = 8)
    {
        var settings = CopilotHarness.Llm((provider == "openai" ? _server.BaseUri : _server.AzureResourceUri).ToString(), provider, timeoutSeconds, maxRetries);
        settings["Copilot:Llm:MaxToolCallsPerTurn"] = maxToolCalls.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new CopilotHarness(settings);
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("azure-openai")]
    public async Task A_question_the_rules_would_misread_goes_to_the_model_which_uses_the_drafts_and_answers_streamed_and_cited(string provider)
    {
        using var harness = Harness(provider);
        var deltas = new List<string>();

        var answer = await harness.Copilot.AskAsync(new AskRequest("Acme wants 20 more seats for the finance team, what should I tell them?", SamplePortfolio.Jane)
        {
            OnTextDelta = (d, _) => { deltas.Add(d); return Task.CompletedTask; },
        });

        Assert.Equal(["accounts-find_accounts", "drafts-draft_renewal_talking_points"], _model.Called);
        Assert.Equal("llm", answer.Mode);
        Assert.Equal("A-100", answer.AccountId);
        Assert.Empty(answer.Warnings);
        Assert.Equal(38, answer.Health!.Score);
        var items = Assert.Single(answer.Sections).Items;
        Assert.Equal(3, items.Count);
        Assert.All(items, i => Assert.NotEmpty(i.Citations));
        Assert.NotEmpty(answer.Citations);
        Assert.DoesNotContain(answer.Citations, c => c.Source.Contains("A-200", StringComparison.Ordinal));
        // Streamed item by item, each as it passed the check, and the same items as the final answer.
        Assert.Equal(items.Count, deltas.Count);
        Assert.Equal("\n## Answer" + string.Concat(items.Select(i => "\n- " + i.Text)), string.Concat(deltas));

        var first = _server.ChatRequests[0];
        Assert.Contains("drafts-draft_email", first.ToolNames);
        Assert.Contains("portfolio-list_accounts", first.ToolNames);
        Assert.Contains("health-get_health", first.ToolNames);
        // Who asks comes from the turn: no tool takes a user.
        Assert.All(first.Tools, t => Assert.DoesNotContain(((System.Text.Json.Nodes.JsonObject?)t.Parameters["properties"] ?? []).Select(p => p.Key), p => p.Contains("user", StringComparison.OrdinalIgnoreCase) || p.Contains("asker", StringComparison.OrdinalIgnoreCase)));
        Assert.Contains("Jane Doe", first.ContentOf("system")[0], StringComparison.Ordinal);
        if (provider == "azure-openai")
        {
            Assert.All(_server.ChatRequests, r => Assert.Equal("/openai/deployments/test-model/chat/completions", r.Path));
        }
    }

    [Fact]
    public async Task A_follow_up_is_understood_from_the_conversation_the_model_is_given()
    {
        using var harness = Harness();
        var first = await harness.Copilot.AskAsync(new AskRequest("Acme wants 20 more seats for the finance team, what should I tell them?", SamplePortfolio.Jane));
        var requestsBefore = _server.ChatRequests.Count;

        var second = await harness.Copilot.AskAsync(new AskRequest("When does their contract renew?", SamplePortfolio.Jane, first.Conversation));

        Assert.Equal("llm", second.Mode);
        Assert.Equal("accounts-get_account_profile", _model.Called[^1]);
        Assert.Equal("led by the language model · tools: accounts-find_accounts, accounts-get_account_profile", second.Understood);
        Assert.Contains("2026-12-20", second.Markdown, StringComparison.Ordinal);
        Assert.Equal(["accounts.csv#A-100"], second.Citations.Select(c => c.Source));
        var request = _server.ChatRequests[requestsBefore];
        Assert.Equal(["Acme wants 20 more seats for the finance team, what should I tell them?", "When does their contract renew?"], request.ContentOf("user"));
        Assert.Contains(first.Sections[0].Items[0].Text, Assert.Single(request.ContentOf("assistant")), StringComparison.Ordinal);
        Assert.Equal(4, second.Conversation!.Messages.Count);
        Assert.DoesNotContain("[C", second.Conversation.Messages[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_question_about_many_accounts_goes_to_the_portfolio_handler_with_the_filters_the_question_gives()
    {
        using var harness = Harness();

        var answer = await harness.Copilot.AskAsync(new AskRequest("Which of my accounts renew in the next 90 days and are red?", SamplePortfolio.Jane));

        Assert.Equal(["portfolio-list_accounts"], _model.Called);
        var call = _server.ChatRequests[0];
        Assert.Equal("llm", answer.Mode);
        Assert.Equal(["accounts.csv#A-100"], answer.Citations.Select(c => c.Source));
        Assert.Equal(["A-100"], answer.PortfolioRows!.Select(r => r.Account.AccountId));
        var result = Assert.Single(_server.ChatRequests[1].ToolResults());
        Assert.DoesNotContain("Globex", result, StringComparison.Ordinal);
        Assert.DoesNotContain("Umbrella", call.Body + result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_reaching_for_an_account_the_user_may_not_see_gets_not_found_and_nothing_of_it_reaches_the_answer()
    {
        _server.EnqueueToolCall("health-get_health", new { account = "A-400" });
        using var harness = Harness();

        var answer = await harness.Copilot.AskAsync(new AskRequest("How is Umbrella Health doing?", SamplePortfolio.Jane));

        var result = Assert.Single(_server.ChatRequests[1].ToolResults());
        Assert.Contains("No account matching 'A-400'", result, StringComparison.Ordinal);
        Assert.DoesNotContain("T-4001", result, StringComparison.Ordinal);
        Assert.Equal("llm", answer.Mode);
        Assert.Empty(answer.Citations);
        Assert.Null(answer.AccountId);
        Assert.Contains("could not find", answer.Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("A-400", answer.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_looping_on_tools_is_stopped_at_the_cap_and_the_question_answered_offline()
    {
        for (var i = 0; i < 10; i++)
        {
            _server.EnqueueToolCall("health-get_health", new { account = "Acme" });
        }

        using var harness = Harness(maxToolCalls: 3);

        var answer = await harness.Copilot.AskAsync(new AskRequest("how is Acme doing?", SamplePortfolio.Jane));

        Assert.Equal("offline", answer.Mode);
        Assert.Contains(answer.Warnings, w => w.Contains("more than 3 tool calls", StringComparison.Ordinal));
        Assert.Equal(4, _server.ChatRequests.Count);
        Assert.Equal(38, answer.Health!.Score);
    }

    public enum Failure { ServerError, RateLimit, Timeout, Malformed, CitesNothing }

    [Theory]
    [InlineData(Failure.ServerError, "HTTP 500")]
    [InlineData(Failure.RateLimit, "HTTP 429")]
    [InlineData(Failure.Timeout, "within 1 seconds")]
    [InlineData(Failure.Malformed, "could not be read")]
    [InlineData(Failure.CitesNothing, "could be grounded")]
    public async Task When_the_models_answer_cannot_be_used_the_offline_pipeline_answers_and_says_why(Failure failure, string reason)
    {
        _ = failure switch
        {
            Failure.ServerError => _server.EnqueueError(HttpStatusCode.InternalServerError),
            Failure.RateLimit => _server.EnqueueError(HttpStatusCode.TooManyRequests, retryAfterSeconds: 0),
            Failure.Timeout => _server.EnqueueDelay(TimeSpan.FromSeconds(5)),
            Failure.Malformed => _server.EnqueueText("Acme is doing fine, nothing to worry about!"),
            _ => _server.EnqueueText(JsonSerializer.Serialize(new { sections = new[] { new { title = "Answer", items = new[] { new { text = "Acme is doing fine.", citations = new[] { "C7" } } } } } })),
        };
        using var harness = Harness(timeoutSeconds: 1, maxRetries: 0);

        var answer = await harness.Copilot.AskAsync(new AskRequest("why did Acme's score drop?", SamplePortfolio.Jane));

        Assert.Equal("offline", answer.Mode);
        Assert.Contains(answer.Warnings, w => w.Contains(reason, StringComparison.Ordinal));
        Assert.Contains("## Warnings", answer.Markdown, StringComparison.Ordinal);
        Assert.Equal(38, answer.Health!.Score);
        Assert.NotEmpty(answer.Citations);
    }

    [Fact]
    public async Task A_figure_the_tools_did_not_return_is_removed_from_the_answer_and_listed()
    {
        _server.EnqueueToolCall("accounts-get_account_profile", new { account = "Acme" })
            .EnqueueText(r => LlmDraftTests.DraftJson(r,
                ("Answer", "Acme Corp renews on 2026-12-20.", "accounts.csv#A-100"),
                ("Answer", "Acme Corp will surely add 500 seats at USD 999,999.", "accounts.csv#A-100")));
        using var harness = Harness();

        var answer = await harness.Copilot.AskAsync(new AskRequest("when does Acme renew?", SamplePortfolio.Jane));

        Assert.Equal("llm", answer.Mode);
        Assert.Equal("Acme Corp renews on 2026-12-20.", Assert.Single(Assert.Single(answer.Sections).Items).Text);
        Assert.Contains(answer.Warnings, w => w.StartsWith("Removed a statement", StringComparison.Ordinal) && w.Contains("figures", StringComparison.Ordinal));
        Assert.DoesNotContain("999", answer.Markdown, StringComparison.Ordinal);
    }
}
