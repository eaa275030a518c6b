using System.Text.Json.Nodes;
using CopilotBot.Core.Storage;
using CopilotBot.Tests.Bot.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CopilotBot.IntegrationTests.Bot;

/// <summary>
/// Conversations as each role holds them in Teams, through <c>/api/messages</c> of the whole real app on the seeded
/// sample portfolio (offline, no model): follow-ups on an account and on a list, a contact's name, a switch of
/// account, an out-of-scope ask, an impossible ask and a name two accounts share. Each turn is one personal-chat
/// message in the same conversation, so the conversation state the bot keeps is what carries the follow-ups.
/// </summary>
public sealed class UnderstandingConversationTests(ITestOutputHelper output)
{
    private const string AlexAad = "00000000-0000-0000-0000-0000000000020"; // CSM
    private const string MeganAad = "00000000-0000-0000-0000-0000000000021"; // sales
    private const string AdeleAad = "00000000-0000-0000-0000-0000000000022"; // manager of Alex and Isaiah
    private const string PattiAad = "00000000-0000-0000-0000-0000000000024"; // admin

    [Fact]
    public async Task A_csm_follows_up_on_an_account_a_contact_a_list_and_is_told_what_it_cannot_do()
    {
        await using var chat = await ChatAsync(AlexAad);

        Assert.Contains("Contoso Pharmaceuticals", await chat.SayAsync("hows contoso pharma doing?"), StringComparison.Ordinal);

        var renewal = await chat.SayAsync("and their renewal?");
        Assert.Contains("Renewal", renewal, StringComparison.Ordinal);
        Assert.Contains("Contoso Pharmaceuticals", renewal, StringComparison.Ordinal);
        Assert.Contains("2027-07-18", renewal, StringComparison.Ordinal);

        // A contact's name stands for their account (Tomás Alvarez is Fabrikam Logistics' sponsor).
        var brief = await chat.SayAsync("help me prep for my call with tomas alvarez");
        Assert.Contains("Pre-call brief", brief, StringComparison.Ordinal);
        Assert.Contains("Fabrikam Logistics", brief, StringComparison.Ordinal);

        // A new account named replaces the old one, and the question carries over.
        var northwind = await chat.SayAsync("what about northwind?");
        Assert.Contains("Pre-call brief", northwind, StringComparison.Ordinal);
        Assert.Contains("Northwind Traders", northwind, StringComparison.Ordinal);
        Assert.DoesNotContain("Fabrikam", northwind, StringComparison.Ordinal);

        var which = await chat.SayAsync("health of Contoso");
        Assert.Contains("Contoso Pharmaceuticals (A-1002)", which, StringComparison.Ordinal);
        Assert.Contains("Contoso University (A-1063)", which, StringComparison.Ordinal);

        var weather = await chat.SayAsync("whats the weather in seattle");
        Assert.StartsWith("I can't help with that", weather, StringComparison.Ordinal);

        var meeting = await chat.SayAsync("schedule a meeting with elena novak tomorrow at 10");
        Assert.StartsWith("I can't take actions", meeting, StringComparison.Ordinal);

        var list = await chat.SayAsync("which of my accounts are red?");
        var second = ListedAccounts(list)[1];
        var picked = await chat.SayAsync("the second one");
        Assert.Contains(second, picked, StringComparison.Ordinal);

        // Blue Yonder Bank is Alex's, Blue Yonder Shipping is not: never answered in its place.
        var other = await chat.SayAsync("brief me on blue yonder shipping");
        Assert.Contains("couldn't find", other, StringComparison.Ordinal);
        Assert.DoesNotContain("Blue Yonder Bank", other, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sales_rep_gets_the_named_account_its_people_and_honest_limits()
    {
        await using var chat = await ChatAsync(MeganAad);

        var brief = await chat.SayAsync("brief me on blue yonder shipping before my call");
        Assert.Contains("Pre-call brief", brief, StringComparison.Ordinal);
        Assert.Contains("Blue Yonder Shipping", brief, StringComparison.Ordinal);
        Assert.DoesNotContain("Blue Yonder Bank", brief, StringComparison.Ordinal);

        var people = await chat.SayAsync("who's their champion?");
        Assert.Contains("Stakeholders", people, StringComparison.Ordinal);
        Assert.Contains("Ravi Sørensen", people, StringComparison.Ordinal); // Blue Yonder Shipping's sponsor

        var switched = await chat.SayAsync("and kestrel apparel?");
        Assert.Contains("Stakeholders", switched, StringComparison.Ordinal);
        Assert.Contains("Claire Kowalski", switched, StringComparison.Ordinal); // Kestrel Apparel's sponsor
        Assert.DoesNotContain("Ravi Sørensen", switched, StringComparison.Ordinal);

        Assert.StartsWith("I can't help with that", await chat.SayAsync("tell me a joke"), StringComparison.Ordinal);
        Assert.StartsWith("I can't take actions", await chat.SayAsync("update the crm with the new champion at kestrel"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manager_asks_about_the_team_then_a_window_then_one_account_of_the_list()
    {
        await using var chat = await ChatAsync(AdeleAad);

        var team = await chat.SayAsync("summary of my team's portfolio");
        Assert.Contains("Alex Wilber", team, StringComparison.Ordinal);
        Assert.Contains("Isaiah Langer", team, StringComparison.Ordinal);

        var soon = await chat.SayAsync("which of my teams accounts renew in the next 30 days?");
        var listed = ListedAccounts(soon);
        Assert.Contains("Tasmanian Travel", listed);
        Assert.Contains("Wide World Learning", listed);
        Assert.DoesNotContain("Northwind Traders", listed); // renews in 200 days

        var first = await chat.SayAsync("tell me more about the first one");
        Assert.Contains(listed[0], first, StringComparison.Ordinal);

        Assert.StartsWith("I can't take actions", await chat.SayAsync("reassign tasmanian travel to isaiah"), StringComparison.Ordinal);
        Assert.StartsWith("I can't help with that", await chat.SayAsync("wats our NRR this quarter"), StringComparison.Ordinal);

        var which = await chat.SayAsync("how's contoso doing");
        Assert.Contains("Contoso Pharmaceuticals (A-1002)", which, StringComparison.Ordinal);
        Assert.Contains("Contoso University (A-1063)", which, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_narrows_a_list_asks_why_and_picks_from_it()
    {
        await using var chat = await ChatAsync(PattiAad);

        var red = ListedAccounts(await chat.SayAsync("which accounts are red?"));
        Assert.Contains("Margie's Travel", red);

        var why = await chat.SayAsync("why those?");
        Assert.Contains(red[0], why, StringComparison.Ordinal);

        var third = await chat.SayAsync("open the 3rd one");
        Assert.Contains(red[2], third, StringComparison.Ordinal);

        Assert.StartsWith("I can't help with that", await chat.SayAsync("who won the game last night?"), StringComparison.Ordinal);
        var missing = await chat.SayAsync("health of acme corp");
        Assert.Contains("couldn't find", missing, StringComparison.Ordinal);
    }

    /// <summary>The account names of a portfolio answer, in the order listed: a name, then its id in brackets or on the next line.</summary>
    private static List<string> ListedAccounts(string answer) =>
        [.. System.Text.RegularExpressions.Regex.Matches(answer, @"(?m)^[•\-\d. ]*(?<name>[^\n(·•]+?)\s*(?:\n|\()A-\d{4}\b")
            .Select(m => m.Groups["name"].Value).Distinct()];

    private async Task<Chat> ChatAsync(string aadObjectId)
    {
        var stub = await ChannelStub.StartAsync();
        var factory = new BotAppFactory(stub, new Dictionary<string, string?> { ["Copilot:AsOf"] = "2026-11-20" }, realCopilot: true);
        var store = factory.Services.GetRequiredService<IPortfolioStore>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await store.HasPortfolioAsync())
        {
            Assert.True(DateTime.UtcNow < deadline, "the sample portfolio was not seeded on first run");
            await Task.Delay(250);
        }

        return new Chat(stub, factory, aadObjectId, output);
    }

    private sealed class Chat(ChannelStub stub, BotAppFactory factory, string aadObjectId, ITestOutputHelper output) : IAsyncDisposable
    {
        private readonly string _conversationId = "conv-" + Guid.NewGuid().ToString("N")[..8];

        /// <summary>Sends one message and returns the answer as a person reads it: its text and every text of its card.</summary>
        public async Task<string> SayAsync(string text)
        {
            stub.Clear();
            var activity = Fixtures.Activity("playground-personal-message", stub.ServiceUrl, aadObjectId, _conversationId);
            activity["text"] = text;
            activity["id"] = Guid.NewGuid().ToString("N");
            using var response = await factory.PostActivityAsync(activity);
            Assert.True(response.IsSuccessStatusCode, $"{text}: {(int)response.StatusCode}");
            var reply = await stub.WaitForMessageAsync(timeout: TimeSpan.FromSeconds(60));
            var answer = string.Join("\n", new[] { reply.Text }.Concat(Texts(reply.Card)).Where(t => !string.IsNullOrEmpty(t)));
            output.WriteLine($"> {text}\n{answer}\n");
            return answer;
        }

        public async ValueTask DisposeAsync()
        {
            await factory.DisposeAsync();
            await stub.DisposeAsync();
        }

        private static IEnumerable<string?> Texts(JsonNode? node) => node switch
        {
            JsonObject o => o.SelectMany(p => p.Key is "text" or "title" && p.Value is JsonValue v && v.TryGetValue<string>(out var t) ? [t] : Texts(p.Value)),
            JsonArray a => a.SelectMany(Texts),
            _ => [],
        };
    }
}
