using CopilotBot.Bot;
using CopilotBot.Core;
using CopilotBot.Core.Health;
using CopilotBot.Tests.Cli;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CopilotBot.Tests.Reliability;

/// <summary>Bad settings stop the host at start with a message that names the key; bad CLI arguments exit 2 with a message.</summary>
public sealed class ConfigurationValidationTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Theory]
    [InlineData("Health:AdoptionWeight", "1.7", "Health:AdoptionWeight")]
    [InlineData("Health:GreenThreshold", "0", "Health:GreenThreshold")]
    public void Bad_health_settings_name_the_key(string key, string value, string named) =>
        Assert.Contains(named, Fail<HealthOptions>(key, value), StringComparison.Ordinal);

    [Theory]
    [InlineData("Bot:MicrosoftAppType", "Tenantless", "Bot:MicrosoftAppType")]
    [InlineData("Bot:MicrosoftAppId", "00000000-0000-0000-0000-000000000001", "Bot:MicrosoftAppPassword")]
    [InlineData("Bot:StateStore", "redis", "Bot:StateStore")]
    [InlineData("Bot:OutboxBaseDelay", "-00:00:01", "Bot:OutboxBaseDelay")]
    [InlineData("Bot:MaxConcurrentTurns", "0", "MaxConcurrentTurns")]
    public void Bad_bot_settings_name_the_key(string key, string value, string named) =>
        Assert.Contains(named, Fail<BotOptions>(key, value), StringComparison.Ordinal);

    [Fact]
    public void A_bad_as_of_date_names_the_key() =>
        Assert.Contains("Copilot:AsOf", Fail<CopilotOptions>("Copilot:AsOf", "2026-13-45"), StringComparison.Ordinal);

    [Theory]
    [InlineData("portfolio", "--frobnicate")]
    [InlineData("soak", "--conversations", "0")]
    [InlineData("soak", "--seconds", "many")]
    [InlineData("import")]
    public async Task Bad_cli_arguments_exit_2_with_a_message(params string[] args)
    {
        var run = await _cli.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.NotEmpty(run.Error.Trim());
    }

    /// <summary>What starting a host with this one bad setting reports (ValidateOnStart runs the same validation).</summary>
    private static string Fail<TOptions>(string key, string value)
        where TOptions : class
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Copilot:DataDirectory"] = Path.GetTempPath(), [key] = value })
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddPortfolio();
        services.AddBot();
        using var provider = services.BuildServiceProvider();
        var error = Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<IOptions<TOptions>>().Value);
        Assert.True(error is OptionsValidationException or InvalidOperationException, error.ToString());
        return error.Message + " " + error.InnerException?.Message;
    }
}
