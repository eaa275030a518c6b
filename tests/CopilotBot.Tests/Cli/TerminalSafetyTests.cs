using CopilotBot.Tests.Storage;

namespace CopilotBot.Tests.Cli;

/// <summary>Item 7 of issue 20: imported text cannot drive the terminal (clear the screen, ring the bell, plant a hyperlink).</summary>
public sealed class TerminalSafetyTests : IDisposable
{
    private const string Hostile = "\u001b[2J\u001b[H\u0007\u001b]8;;https://evil.example/\u0007click\u001b]8;;\u0007\u009b31m";

    private readonly CliRunner _cli = new();
    private readonly TempDirectory _portfolio = new();

    public void Dispose()
    {
        _cli.Dispose();
        _portfolio.Dispose();
    }

    [Fact]
    public async Task Item7_control_characters_in_imported_names_and_notes_never_reach_the_terminal()
    {
        foreach (var file in Directory.GetFiles(CliRunner.SampleFolder))
        {
            File.Copy(file, Path.Combine(_portfolio.Path, Path.GetFileName(file)));
        }

        Replace("accounts.csv", "A-1001,Northwind Traders,", $"A-1001,Northwind {Hostile}Traders,");
        Replace("interactions.csv", "Check-in call with Mei:", $"Check-in call {Hostile}with Mei:");
        var import = await _cli.RunAsync("import", _portfolio.Path);
        Assert.True(import.ExitCode == 0, import.Output + import.Error);

        foreach (var args in new[]
        {
            new[] { "portfolio", "--as", "alexw@example.com" },
            ["health", "A-1001", "--as", "alexw@example.com"],
            ["draft", "pre-call-brief", "A-1001", "--as", "alexw@example.com"],
            ["ask", "what did we last talk about with A-1001?", "--as", "alexw@example.com"],
        })
        {
            var run = await _cli.RunAsync(args);
            Assert.True(run.ExitCode == 0, $"{string.Join(' ', args)}: {run.Error}");
            Assert.Contains("click", run.Output, StringComparison.Ordinal);
            var controls = (run.Output + run.Error).Where(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')).ToList();
            Assert.True(controls.Count == 0, $"{string.Join(' ', args)} printed {string.Join(",", controls.Select(c => $"U+{(int)c:X4}"))}");
        }
    }

    private void Replace(string file, string find, string replacement)
    {
        var path = Path.Combine(_portfolio.Path, file);
        var text = File.ReadAllText(path);
        Assert.Contains(find, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(find, replacement, StringComparison.Ordinal));
    }
}
