using CopilotBot.Cli;
using CopilotBot.Tests.Storage;

namespace CopilotBot.Tests.Cli;

/// <summary>Runs <c>copilot</c> in-process against one temporary data folder, as a user would from a shell.</summary>
internal sealed class CliRunner : IDisposable
{
    private readonly TempDirectory _data = new();

    public static string SampleFolder { get; } = Path.Combine(AppContext.BaseDirectory, "knowledge", "sample-portfolio");

    public string DataPath => _data.Path;

    public async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CopilotCli.RunAsync([.. args, "--data", _data.Path], CliOutput.Plain(output, error));
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    public async Task<CliRun> ImportSampleAsync()
    {
        var run = await RunAsync("import", SampleFolder);
        Assert.True(run.ExitCode == 0, run.Error);
        return run;
    }

    public void Dispose() => _data.Dispose();
}

internal sealed record CliRun(int ExitCode, string Output, string Error);
