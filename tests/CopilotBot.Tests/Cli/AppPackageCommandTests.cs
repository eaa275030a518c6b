using System.IO.Compression;
using System.Text.Json;
using CopilotBot.Tests.Storage;

namespace CopilotBot.Tests.Cli;

public sealed class AppPackageCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();
    private readonly TempDirectory _out = new();

    public void Dispose()
    {
        _cli.Dispose();
        _out.Dispose();
    }

    [Fact]
    public async Task Writes_a_zip_with_the_manifest_for_the_given_bot()
    {
        const string botId = "6f1c1a52-6b0e-4b0a-9d54-2f7f8f1f9a11";
        var zipPath = _out.Combine("teams.zip");

        var run = await _cli.RunAsync("app-package", "--bot-id", botId, "--out", zipPath, "--version", "2.1.0");

        Assert.Equal(0, run.ExitCode);
        using var zip = ZipFile.OpenRead(zipPath);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order().ToArray());
        using var manifest = JsonDocument.Parse(zip.GetEntry("manifest.json")!.Open());
        Assert.Equal(botId, manifest.RootElement.GetProperty("bots")[0].GetProperty("botId").GetString());
        Assert.Equal("2.1.0", manifest.RootElement.GetProperty("version").GetString());
    }

    [Fact]
    public async Task A_bot_id_that_is_not_a_guid_exits_2()
    {
        var run = await _cli.RunAsync("app-package", "--bot-id", "my-bot", "--out", _out.Combine("x.zip"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("GUID", run.Error);
    }
}
