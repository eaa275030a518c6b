using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Core.Health;
using CopilotBot.Core.Storage;
using CopilotBot.Tests.Bot.Fakes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CopilotBot.IntegrationTests.Bot;

/// <summary>
/// The real bot host (Program) with the hand-written copilot and store, configuration overridden in memory, and its
/// HTTP clients trusting the channel stub's self-signed certificate (MSAL's token endpoint must be HTTPS).
/// </summary>
public sealed class BotAppFactory : WebApplicationFactory<Program>
{
    private readonly ChannelStub _stub;
    private readonly Dictionary<string, string?> _settings;
    private readonly bool _realPortfolio;
    private readonly bool _realCopilot;

    /// <param name="realPortfolio">Keep the SQLite store and the real health model (alerts tests import the sample).</param>
    /// <param name="realCopilot">The whole real app: real store, health model and copilot, seeded with the sample.</param>
    public BotAppFactory(ChannelStub stub, IDictionary<string, string?>? settings = null, bool realPortfolio = false, bool realCopilot = false)
    {
        _stub = stub;
        _realPortfolio = realPortfolio || realCopilot;
        _realCopilot = realCopilot;
        DataDirectory = Path.Combine(Path.GetTempPath(), "copilotbot-bot-tests", Guid.NewGuid().ToString("N"));
        _settings = new Dictionary<string, string?>
        {
            ["Copilot:DataDirectory"] = DataDirectory,
            ["Copilot:SeedSampleOnFirstRun"] = realCopilot ? "true" : "false",
            ["Bot:StateStore"] = "memory",
            ["Bot:BotFrameworkOpenIdMetadataUrl"] = stub.HttpBase + "/openid/botframework/metadata",
            ["Bot:EntraOpenIdMetadataUrl"] = stub.HttpBase + "/openid/entra/metadata",
            ["Bot:OAuthAuthorityHost"] = stub.HttpsBase,
            ["Bot:SlowAnswerNotice"] = "00:00:05",
            ["Bot:TypingInterval"] = "00:00:03",
            ["Bot:DrainTimeout"] = "00:00:02", // a test's host stops in seconds even with a turn waiting on a gate
            ["Logging:LogLevel:Default"] = "Warning",
            ["Alerts:Enabled"] = "false", // tests that want a round run it themselves
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public FakeCopilot Copilot { get; } = new();

    public FakePortfolioStore Store { get; } = new();

    public string DataDirectory { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(_settings));
        builder.ConfigureServices(services =>
        {
            if (!_realCopilot)
            {
                services.RemoveAll<ICopilot>();
                services.AddSingleton<ICopilot>(Copilot);
            }

            if (!_realPortfolio)
            {
                services.RemoveAll<IPortfolioStore>();
                services.RemoveAll<IHealthScorer>();
                services.AddSingleton<IPortfolioStore>(Store);
                services.AddSingleton<IHealthScorer, FakeHealthScorer>();
            }

            services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert is not null && cert.Thumbprint == _stub.Certificate.Thumbprint,
            }));
        });
    }

    public async Task<HttpResponseMessage> PostActivityAsync(JsonNode activity, string? bearer = null)
    {
        var client = CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(activity) };
        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }

        return await client.SendAsync(request);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(DataDirectory))
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
            }
        }
    }
}
