using CopilotBot.Core;
using CopilotBot.Core.Health;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CopilotBot.Tests.Health;

public sealed class HealthOptionsTests
{
    private static IServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddPortfolio().BuildServiceProvider();
    }

    [Fact]
    public void Defaults_are_those_of_the_health_model_and_valid()
    {
        var options = new HealthOptions();

        Assert.True(new HealthOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal((0.35, 0.20, 0.15, 0.15, 0.15), (options.AdoptionWeight, options.RelationshipWeight, options.OutcomesWeight, options.SupportWeight, options.SentimentWeight));
        Assert.Equal((75, 50), (options.GreenThreshold, options.YellowThreshold));
    }

    [Fact]
    public void Weights_must_sum_to_one()
    {
        var result = new HealthOptionsValidator().Validate(null, new HealthOptions { AdoptionWeight = 0.5 });

        Assert.True(result.Failed);
        Assert.Contains("Health:AdoptionWeight", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("sum to 1", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Thresholds_must_be_ordered()
    {
        var result = new HealthOptionsValidator().Validate(null, new HealthOptions { GreenThreshold = 50, YellowThreshold = 60, UtilizationFull = 0.1 });

        Assert.Contains("Health:GreenThreshold (50) must be greater than Health:YellowThreshold (60)", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Health:UtilizationFull", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPortfolio_binds_the_Health_section_and_registers_the_scorer()
    {
        var services = Services(new() { ["Health:GreenThreshold"] = "80", ["Health:StaleP1Days"] = "7" });

        var options = services.GetRequiredService<IOptions<HealthOptions>>().Value;

        Assert.Equal(80, options.GreenThreshold);
        Assert.Equal(7, options.StaleP1Days);
        Assert.IsType<HealthScorer>(services.GetRequiredService<IHealthScorer>());
    }

    [Theory]
    [InlineData("Health:SupportWeight", "-0.1", "Health:SupportWeight")]
    [InlineData("Health:SupportWeight", "0.3", "sum to 1")]
    [InlineData("Health:YellowThreshold", "90", "Health:GreenThreshold")]
    public void Invalid_configuration_is_rejected_naming_the_key(string key, string value, string expected)
    {
        var services = Services(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<HealthOptions>>().Value);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
