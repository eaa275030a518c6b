using System.Net;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Tests.Bot.Fakes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CopilotBot.IntegrationTests.WebChat;

/// <summary>
/// The bot host (Program) on Kestrel at a real loopback port, its data in a temporary folder, configuration and
/// services overridden in memory.
/// </summary>
internal sealed class WebChatHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;
    private readonly DirectoryInfo _data;

    private WebChatHost(WebApplicationFactory<Program> factory, DirectoryInfo data, Uri baseAddress)
    {
        _factory = factory;
        _data = data;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    public Uri BaseAddress { get; }

    /// <summary>A plain client against the real port (not the in-memory handler).</summary>
    public HttpClient Client { get; }

    public IServiceProvider Services => _factory.Services;

    /// <summary>
    /// Starts the host. Unless <paramref name="realCopilot"/>, the copilot is the bot tests' hand-written one, so that
    /// the channel is tested whatever the copilot needs to start.
    /// </summary>
    public static WebChatHost Start(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null, bool realCopilot = false)
    {
        var data = Directory.CreateTempSubdirectory("webchat-tests-");
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            // Added last, so they win over the top-level appsettings the host adds itself. No first-run seeding
            // unless a test asks: importing and indexing the sample would slow every channel test down.
            var defaults = new Dictionary<string, string?>
            {
                ["Copilot:DataDirectory"] = data.FullName,
                ["Copilot:SeedSampleOnFirstRun"] = "false",
                ["Bot:StateStore"] = "memory",
            };
            builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(defaults).AddInMemoryCollection(settings));

            builder.ConfigureTestServices(testServices =>
            {
                if (!realCopilot)
                {
                    testServices.RemoveAll<ICopilot>();
                    testServices.AddSingleton<ICopilot, FakeCopilot>();
                }

                services?.Invoke(testServices);
            });
        });
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WebChatHost(factory, data, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        _data.Delete(recursive: true);
    }
}
