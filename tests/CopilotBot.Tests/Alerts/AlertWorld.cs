using CopilotBot.Core;
using CopilotBot.Core.Access;
using CopilotBot.Core.Alerts;
using CopilotBot.Core.Import;
using CopilotBot.Core.Portfolio;
using CopilotBot.Core.Sample;
using CopilotBot.Tests.Sample;
using CopilotBot.Tests.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CopilotBot.Tests.Alerts;

/// <summary>
/// One data folder imported into repeatedly, the way the CLI does it: each import gets its own service provider
/// (a fresh <c>Copilot:AsOf</c>) over the same SQLite files, and the clock moves with the as-of date.
/// </summary>
internal sealed class AlertWorld : IDisposable
{
    public static readonly DateOnly FirstAsOf = SampleOptions.DefaultAsOf;
    public static readonly DateOnly LaterAsOf = SampleOptions.DefaultAsOf.AddDays(28);

    private static readonly Lazy<string> s_laterFolder = new(() =>
    {
        var folder = Path.Combine(Path.GetTempPath(), "copilotbot-tests", "sample-4-weeks-later-" + Environment.ProcessId);
        PortfolioCsvWriter.Write(SamplePortfolioGenerator.Generate(new SampleOptions { ShiftWeeks = 4 }), folder);
        return folder;
    });

    private readonly TempDirectory _data = new();
    private ServiceProvider? _services;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));

    public static string SampleFolder => Path.Combine(SampleFixture.RepositoryRoot(), "knowledge", "sample-portfolio");

    public static string LaterFolder => s_laterFolder.Value;

    public IServiceProvider Services => _services ?? throw new InvalidOperationException("Import first.");

    public AlertService Alerts => Services.GetRequiredService<AlertService>();

    /// <summary>Imports a folder as of a date (the clock set to that morning) and returns what detection raised.</summary>
    public async Task<DetectionResult> ImportAsync(string folder, DateOnly asOf)
    {
        UseAsOf(asOf);
        var result = await Services.GetRequiredService<PortfolioImporter>().ImportAsync(folder);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return Services.GetRequiredService<AlertImportListener>().LastDetection ?? throw new InvalidOperationException("No detection ran.");
    }

    /// <summary>The sample as of 2026-11-20 (the baseline), then the same portfolio four weeks later; returns the later detection.</summary>
    public async Task<DetectionResult> ImportBothAsync()
    {
        await ImportAsync(SampleFolder, FirstAsOf);
        return await ImportAsync(LaterFolder, LaterAsOf);
    }

    /// <summary>A new provider over the same data folder, computing figures as of <paramref name="asOf"/>.</summary>
    public void UseAsOf(DateOnly asOf)
    {
        if (Time.GetUtcNow() < new DateTimeOffset(asOf.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero))
        {
            Time.SetUtcNow(new DateTimeOffset(asOf.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero));
        }

        _services?.Dispose();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Copilot:DataDirectory"] = _data.Path,
            ["Copilot:AsOf"] = asOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<TimeProvider>(Time)
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddPortfolio();
        _services = services.BuildServiceProvider();
    }

    public Task<AccessScope> ScopeAsync(string email) => Services.GetRequiredService<PortfolioService>().GetScopeAsync(email);

    public void Dispose()
    {
        _services?.Dispose();
        _data.Dispose();
    }
}
