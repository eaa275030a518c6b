using System.Diagnostics;
using CopilotBot.Bot.Mcp;
using CopilotBot.IntegrationTests.Bot;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;

namespace CopilotBot.IntegrationTests.Mcp;

/// <summary>
/// The whole real app (sample portfolio, playbook index, real copilot) on a loopback Kestrel port, as MCP clients
/// reach it, with development tokens issued from its data folder as <c>copilot mcp token</c> issues them.
/// </summary>
public sealed class McpHost : IAsyncLifetime
{
    public const string Csm = "alexw@example.com";
    public const string OtherTeamsCsm = "gradya@example.com";

    /// <summary>Contoso Pharmaceuticals: Alex's (red, champion left), not Grady's.</summary>
    public const string AlexsAccount = "A-1002";

    /// <summary>Margie's Travel: Grady's, not Alex's.</summary>
    public const string GradysAccount = "A-1012";

    private ChannelStub? _stub;

    public BotAppFactory Factory { get; private set; } = null!;

    public Uri Endpoint { get; private set; } = null!;

    public async Task InitializeAsync() => (_stub, Factory, Endpoint) = await StartAsync(null);

    /// <summary>A separate host (other settings: Entra on); the caller disposes the stub and the factory.</summary>
    public static async Task<(ChannelStub Stub, BotAppFactory Factory, Uri Endpoint)> StartAsync(IDictionary<string, string?>? settings)
    {
        var stub = await ChannelStub.StartAsync();
        var factory = new BotAppFactory(stub, settings, realCopilot: true);
        factory.UseKestrel(0);
        factory.StartServer();
        var endpoint = new Uri(new Uri(factory.ClientOptions.BaseAddress.ToString().Replace("localhost", "127.0.0.1", StringComparison.Ordinal)), McpEndpoint.Path);
        return (stub, factory, endpoint);
    }

    public string TokenFor(string email, TimeSpan? lifetime = null) => Factory.Services.GetRequiredService<McpDevTokens>().Issue(email, lifetime);

    public Task<McpClient> ConnectAsync(string? token) => ConnectAsync(Endpoint, token);

    public static async Task<McpClient> ConnectAsync(Uri endpoint, string? token)
    {
        var options = new HttpClientTransportOptions { Endpoint = endpoint, TransportMode = HttpTransportMode.StreamableHttp, Name = "csharp-test" };
        if (token is not null)
        {
            options.AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + token };
        }

        return await McpClient.CreateAsync(new HttpClientTransport(options));
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        if (_stub is not null)
        {
            await _stub.DisposeAsync();
        }
    }

    /// <summary>Runs the <c>copilot</c> command line as its own process (as a user would), with its output.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunCliAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliAssembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    public static string CliAssembly => Path.Combine(AppContext.BaseDirectory, "copilot.dll");
}
