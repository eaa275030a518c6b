using System.Text.Json.Nodes;
using CopilotBot.Tests.Bot.Fakes;

namespace CopilotBot.IntegrationTests.Bot;

/// <summary>A channel stub and a bot host wired to it, disposed together.</summary>
public sealed class BotHost : IAsyncDisposable
{
    private BotHost(ChannelStub stub, BotAppFactory factory)
    {
        Stub = stub;
        Factory = factory;
    }

    public ChannelStub Stub { get; }

    public BotAppFactory Factory { get; }

    public FakeCopilot Copilot => Factory.Copilot;

    public static async Task<BotHost> StartAsync(IDictionary<string, string?>? settings = null, bool realPortfolio = false, bool realCopilot = false)
    {
        var stub = await ChannelStub.StartAsync();
        return new BotHost(stub, new BotAppFactory(stub, settings, realPortfolio, realCopilot));
    }

    /// <summary>A captured activity pointed at the stub, in a fresh conversation so that tests never see each other's calls.</summary>
    public JsonObject Activity(string fixture, string? aadObjectId = null, string? conversationId = null) =>
        Fixtures.Activity(fixture, Stub.ServiceUrl, aadObjectId, conversationId ?? "conv-" + Guid.NewGuid().ToString("N")[..8]);

    public Task<HttpResponseMessage> PostAsync(JsonNode activity, string? bearer = null) => Factory.PostActivityAsync(activity, bearer);

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Stub.DisposeAsync();
    }
}
