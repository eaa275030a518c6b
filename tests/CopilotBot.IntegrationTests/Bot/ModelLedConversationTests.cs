using System.Net;
using CopilotBot.IntegrationTests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CopilotBot.IntegrationTests.Bot;

/// <summary>
/// The real bot, copilot and sample portfolio with a model configured: a conversation in Teams through /api/messages,
/// led by a model that chooses tools by reading (see <see cref="ReadingModel"/>), streamed, grounded and remembered.
/// </summary>
public sealed class ModelLedConversationTests : IAsyncLifetime
{
    private const string Question = "Brightwater wants 20 more seats for the finance team, what should I tell them?";
    private OpenAiProtocolServer _server = null!;
    private readonly ReadingModel _model = new();
    private readonly string _knowledge = Path.Combine(Path.GetTempPath(), "copilotbot-model-led", Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        _server = await OpenAiProtocolServer.StartAsync();
        _server.Model = _model;
        // The sample portfolio with one of Alex's accounts renamed, so that the question names a company of the data.
        CopyDirectory(Path.Combine(AppContext.BaseDirectory, "knowledge"), _knowledge);
        var accounts = Path.Combine(_knowledge, "sample-portfolio", "accounts.csv");
        await File.WriteAllTextAsync(accounts, (await File.ReadAllTextAsync(accounts)).Replace("Northwind Traders", "Brightwater Traders", StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_knowledge, recursive: true);
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("azure-openai")]
    public async Task A_teams_conversation_is_led_by_the_model_streamed_grounded_cited_and_remembered(string provider)
    {
        await using var host = await BotHost.StartAsync(new Dictionary<string, string?>
        {
            ["Copilot:KnowledgeDirectory"] = _knowledge,
            ["Copilot:AsOf"] = "2026-11-20",
            ["Knowledge:Embeddings"] = "hashing",
            ["Copilot:Llm:Provider"] = provider,
            ["Copilot:Llm:Endpoint"] = (provider == "openai" ? _server.BaseUri : _server.AzureResourceUri).ToString(),
            ["Copilot:Llm:Model"] = "test-model",
            ["Copilot:Llm:ApiKey"] = "test-key",
            ["Bot:StreamingInterval"] = "00:00:00",
            ["Bot:SlowAnswerNotice"] = "00:01:00",
        }, realCopilot: true);
        await WaitUntilReadyAsync(host.Factory);
        var conversation = "conv-" + Guid.NewGuid().ToString("N")[..8];

        var first = host.Activity("playground-personal-message", conversationId: conversation);
        first["text"] = Question;
        await host.PostAsync(first);
        var calls = await host.Stub.WaitForAsync(cs => cs.Any(c => c.Type == "message"), TimeSpan.FromSeconds(60));

        Assert.Equal(["accounts-find_accounts", "drafts-draft_renewal_talking_points"], _model.Called);
        Assert.Contains("A-1001", _server.ChatRequests[1].ToolResults()[0], StringComparison.Ordinal);
        var updates = calls.Where(c => c.Type == "typing" && (string?)c.StreamInfo?["streamType"] == "streaming").ToList();
        Assert.NotEmpty(updates);
        var answer = calls.Single(c => c.Type == "message");
        Assert.Equal("final", (string?)answer.StreamInfo!["streamType"]);
        // Cited as Teams shows citations: [n] in the text, each a citation of the AI-generated message entity.
        Assert.Matches(@"\[\d+\]", answer.Text);
        Assert.Contains(answer.Body["entities"]!.AsArray(), e => (string?)e?["additionalType"]?[0] == "AIGeneratedContent" && e["citation"]!.AsArray().Count > 0);
        // Every streamed line is in the final, checked answer: its first lines in the text, the rest in the card.
        var shown = answer.Text + "\n" + string.Join("\n", CardTexts(answer.Card));
        foreach (var line in updates[^1].Text!.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("- ", StringComparison.Ordinal)))
        {
            Assert.Contains(WithoutMarkers(line[2..]), WithoutMarkers(shown), StringComparison.Ordinal);
        }

        host.Stub.Clear();
        var second = host.Activity("playground-personal-message", conversationId: conversation);
        second["text"] = "When does their contract renew?";
        await host.PostAsync(second);
        calls = await host.Stub.WaitForAsync(cs => cs.Any(c => c.Type == "message"), TimeSpan.FromSeconds(60));

        Assert.Equal("accounts-get_account_profile", _model.Called[^1]);
        Assert.Contains("2027-06-08", calls.Single(c => c.Type == "message").Text, StringComparison.Ordinal);
        var followUp = _server.ChatRequests.Last(r => r.ContentOf("user").Count == 2);
        Assert.Equal([Question, "When does their contract renew?"], followUp.ContentOf("user"));
        if (provider == "azure-openai")
        {
            Assert.All(_server.ChatRequests, r => Assert.Equal("/openai/deployments/test-model/chat/completions", r.Path));
        }
    }

    private static async Task WaitUntilReadyAsync(WebApplicationFactory<Program> factory)
    {
        using var client = factory.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while ((await client.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "the sample portfolio and playbooks were not loaded");
            await Task.Delay(250);
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static string WithoutMarkers(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s*\[C?\d+\]", "").Replace("• ", "", StringComparison.Ordinal);

    private static IEnumerable<string> CardTexts(System.Text.Json.Nodes.JsonNode? node) => node switch
    {
        System.Text.Json.Nodes.JsonObject o => o.SelectMany(p => p.Key == "text" && p.Value is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var t) ? [t] : CardTexts(p.Value)),
        System.Text.Json.Nodes.JsonArray a => a.SelectMany(CardTexts),
        _ => [],
    };
}
