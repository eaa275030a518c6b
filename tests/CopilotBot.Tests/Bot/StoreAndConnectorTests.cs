using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CopilotBot.Bot;
using CopilotBot.Bot.Auth;
using CopilotBot.Bot.Conversation;
using CopilotBot.Bot.Protocol;
using CopilotBot.Bot.Storage;
using CopilotBot.Core;
using CopilotBot.Core.Storage;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CopilotBot.Tests.Bot;

public sealed class StoreAndConnectorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("copilotbot-bot-store-").FullName;

    [Fact]
    public async Task Sqlite_store_keeps_references_and_context_across_restarts()
    {
        var first = CreateStore();
        var saved = new StoredConversation("msteams", "19:abc@thread.tacv2;messageid=1", "https://smba.trafficmanager.net/amer/", "alexw@example.com", "{\"bot\":{}}", DateTimeOffset.FromUnixTimeMilliseconds(1_795_000_000_000));
        await first.SaveAsync(saved);
        await first.SetStateAsync("msteams", saved.ConversationId, "{\"AccountId\":\"A-100\"}");
        await first.SetStateAsync("msteams", saved.ConversationId, "{\"AccountId\":\"A-200\"}");

        var restarted = CreateStore();

        Assert.Equal(saved, await restarted.GetAsync("msteams", saved.ConversationId));
        Assert.Equal(saved, Assert.Single(await restarted.GetByUserAsync("ALEXW@example.com")));
        Assert.Equal("{\"AccountId\":\"A-200\"}", await restarted.GetStateAsync("msteams", saved.ConversationId));
        await restarted.RemoveAsync("msteams", saved.ConversationId);
        Assert.Null(await CreateStore().GetAsync("msteams", saved.ConversationId));
        Assert.Null(await CreateStore().GetStateAsync("msteams", saved.ConversationId));
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/", "https://smba.trafficmanager.net/amer/v3/conversations/19%3Aabc%40thread.tacv2%3Bmessageid%3D1/activities/act%7C1")]
    [InlineData("http://localhost:56150/_connector", "http://localhost:56150/_connector/v3/conversations/19%3Aabc%40thread.tacv2%3Bmessageid%3D1/activities/act%7C1")]
    public async Task Connector_keeps_the_service_url_path_and_escapes_ids(string serviceUrl, string expected)
    {
        var handler = new RecordingHandler();
        var connector = new ConnectorClient(new HandlerFactory(handler), new NoTokens(), TimeProvider.System);
        var reply = new Activity
        {
            Type = "message",
            Id = "should-not-be-sent",
            ServiceUrl = serviceUrl,
            Conversation = new ConversationAccount { Id = "19:abc@thread.tacv2;messageid=1" },
            ReplyToId = "act|1",
        };

        var response = await connector.SendAsync(reply, CancellationToken.None);

        Assert.Equal("r-1", response.Id);
        var request = Assert.Single(handler.Requests);
        Assert.Equal(expected, request.Uri.AbsoluteUri);
        Assert.Null(JsonNode.Parse(request.Body)!["id"]);
        Assert.Null(request.Authorization);
    }

    [Fact]
    public async Task Connector_backs_off_on_429_then_succeeds()
    {
        var handler = new RecordingHandler { Statuses = new Queue<HttpStatusCode>([HttpStatusCode.TooManyRequests]) };
        var time = new FakeTimeProvider();
        var connector = new ConnectorClient(new HandlerFactory(handler), new NoTokens(), time);
        var message = new Activity { Type = "message", ServiceUrl = "https://x.example/", Conversation = new ConversationAccount { Id = "c" } };

        var sending = connector.SendAsync(message, CancellationToken.None);
        while (handler.Requests.Count < 1)
        {
            await Task.Delay(10);
        }

        await Task.Delay(50);
        time.Advance(TimeSpan.FromSeconds(1));
        await sending;

        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Teams_stream_numbers_updates_reuses_the_stream_id_and_closes_with_final()
    {
        var handler = new RecordingHandler();
        var connector = new ConnectorClient(new HandlerFactory(handler), new NoTokens(), TimeProvider.System);
        var inbound = new Activity
        {
            Type = "message", Id = "in-1", ChannelId = "msteams", ServiceUrl = "https://x.example/",
            Conversation = new ConversationAccount { Id = "a:1", ConversationType = "personal" },
            From = new ChannelAccount { Id = "29:u" }, Recipient = new ChannelAccount { Id = "28:b" },
        };
        var turn = new TurnContext(inbound, connector);
        var stream = new TeamsStream(turn, TimeSpan.Zero, TimeProvider.System);

        await stream.InformAsync("Drafting…", CancellationToken.None);
        await stream.OnDeltaAsync("Hello", CancellationToken.None);
        await stream.OnDeltaAsync(" world", CancellationToken.None);
        var final = inbound.CreateReply();
        final.Text = stream.Text;
        await stream.FinishAsync(final, CancellationToken.None);

        var bodies = handler.Requests.Select(r => JsonNode.Parse(r.Body)!).ToList();
        var infos = bodies.Select(b => b["entities"]![0]!).ToList();
        Assert.True(turn.CanStream);
        Assert.Equal(["informative", "streaming", "streaming", "final"], infos.Select(i => (string?)i["streamType"]));
        Assert.Equal([1, 2, 3], infos.Take(3).Select(i => (int)i["streamSequence"]!));
        Assert.Null(infos[0]["streamId"]);
        Assert.All(infos.Skip(1), i => Assert.Equal("r-1", (string?)i["streamId"]));
        Assert.Equal("Hello world", (string?)bodies[^1]["text"]);
        Assert.Equal("message", (string?)bodies[^1]["type"]);
    }

    private SqliteConversationStore CreateStore() => new(
        Options.Create(new BotOptions { StatePath = Path.Combine(_directory, "state.db") }),
        Options.Create(new CopilotOptions { DataDirectory = _directory }));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private sealed record SentRequest(Uri Uri, string Body, string? Authorization);

    private sealed class RecordingHandler : HttpMessageHandler
    {
        private int _next;

        public List<SentRequest> Requests { get; } = [];

        public Queue<HttpStatusCode> Statuses { get; init; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
            lock (Requests)
            {
                Requests.Add(new SentRequest(request.RequestUri!, body, request.Headers.Authorization?.ToString()));
            }

            var status = Statuses.Count > 0 ? Statuses.Dequeue() : HttpStatusCode.Created;
            return new HttpResponseMessage(status)
            {
                Content = new StringContent($"{{\"id\":\"r-{Interlocked.Increment(ref _next)}\"}}", Encoding.UTF8, "application/json"),
            };
        }
    }

    private sealed class HandlerFactory(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }

    private sealed class NoTokens : IOutboundTokenProvider
    {
        public Task<string?> GetTokenAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);
    }
}
