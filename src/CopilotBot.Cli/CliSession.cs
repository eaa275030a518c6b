using System.CommandLine;
using System.Globalization;
using CopilotBot.Copilot;
using CopilotBot.Core;
using CopilotBot.Core.Access;
using CopilotBot.Core.Portfolio;
using CopilotBot.Knowledge;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CopilotBot.Cli;

/// <summary>
/// One command's run: configuration (files, environment, then the global options on top), the services of
/// every project, and who is asking.
/// </summary>
internal sealed class CliSession : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string? _asUser;

    private CliSession(IHost host, string? asUser, bool json, CliOutput output)
    {
        _host = host;
        _asUser = asUser;
        Json = json;
        Output = output;
    }

    public bool Json { get; }

    public CliOutput Output { get; }

    public IServiceProvider Services => _host.Services;

    public T Get<T>()
        where T : notnull => _host.Services.GetRequiredService<T>();

    /// <param name="configure">More services for this command (the MCP server of <c>copilot mcp --stdio</c>).</param>
    public static Task<CliSession> StartAsync(ParseResult parse, GlobalOptions options, CliOutput output, CancellationToken cancellationToken, Action<IServiceCollection>? configure = null) =>
        StartAsync(Overrides(parse, options), parse.GetValue(options.As), parse.GetValue(options.Json), output, cancellationToken, configure);

    /// <summary>A session whose configuration has <paramref name="overrides"/> on top (benchmarks run on their own data).</summary>
    public static async Task<CliSession> StartAsync(
        IReadOnlyDictionary<string, string?> overrides, string? asUser, bool json, CliOutput output, CancellationToken cancellationToken, Action<IServiceCollection>? configure = null)
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Development;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = environment,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, $"appsettings.{environment}.json"), optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides);

        builder.Services
            .AddPortfolio()
            .AddPlaybooks()
            .AddCopilot();
        builder.Services.AddOptions<CliOptions>().BindConfiguration(CliOptions.SectionName);
        builder.Services.AddSingleton<CopilotBot.Core.Storage.IConversationContextStore, CliConversationStore>();
        configure?.Invoke(builder.Services);

        var host = builder.Build();
        try
        {
            // Starting the host is what runs ValidateOnStart: bad configuration fails here, naming the key.
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OptionsValidationException error)
        {
            host.Dispose();
            throw new InvalidInputException($"Configuration is invalid: {string.Join("; ", error.Failures)}");
        }

        return new CliSession(host, asUser, json, output);
    }

    /// <summary>The asking user's scope: <c>--as</c>, else <c>Cli:DefaultUser</c>.</summary>
    public async Task<AccessScope> GetScopeAsync(CancellationToken cancellationToken)
    {
        var who = _asUser ?? Get<IOptions<CliOptions>>().Value.DefaultUser;
        if (string.IsNullOrWhiteSpace(who))
        {
            throw new InvalidInputException("Say who is asking with --as EMAIL (or set Cli:DefaultUser): access rules depend on it.");
        }

        return await Get<PortfolioService>().GetScopeAsync(who, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().ConfigureAwait(false);
        _host.Dispose();
    }

    internal static Dictionary<string, string?> Overrides(ParseResult parse, GlobalOptions options)
    {
        var overrides = new Dictionary<string, string?>();
        if (parse.GetValue(options.Data) is { } data)
        {
            // Typed on the command line: relative to where it was typed, not to the repository root.
            overrides[$"{CopilotOptions.SectionName}:{nameof(CopilotOptions.DataDirectory)}"] = Path.GetFullPath(data);
        }

        if (parse.GetValue(options.AsOf) is { } asOf)
        {
            overrides[$"{CopilotOptions.SectionName}:{nameof(CopilotOptions.AsOf)}"] = asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return overrides;
    }
}
