using CopilotBot.Bot;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;

namespace CopilotBot.IntegrationTests.Bot;

public sealed class HostConfigurationTests
{
    [Fact]
    public async Task No_settings_file_is_watched_so_writes_under_the_content_root_cost_the_turns_nothing()
    {
        await using var app = BotApp.Build(["--urls", "http://127.0.0.1:0"]);

        var configuration = (IConfigurationRoot)app.Services.GetRequiredService<IConfiguration>();
        var files = configuration.Providers.OfType<JsonConfigurationProvider>().ToList();
        Assert.Contains(files, f => f.Source.Path == "appsettings.json");
        Assert.All(files, f => Assert.False(f.Source.ReloadOnChange, $"{f.Source.Path} is watched"));
    }
}
