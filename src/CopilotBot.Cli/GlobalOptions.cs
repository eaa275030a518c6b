using System.CommandLine;

namespace CopilotBot.Cli;

/// <summary>The options every command takes (DESIGN.md, "Command line contract").</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Data { get; } = new("--data") { Description = "Folder of the store and the index (default: Copilot:DataDirectory)", Recursive = true };

    public Option<DateOnly?> AsOf { get; } = new("--as-of") { Description = "Compute every figure as of this date (YYYY-MM-DD)", Recursive = true };

    public Option<string?> As { get; } = new("--as") { Description = "E-mail of the user whose access rules apply", Recursive = true };

    public Option<bool> Json { get; } = new("--json") { Description = "Machine-readable output", Recursive = true };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Data);
        root.Options.Add(AsOf);
        root.Options.Add(As);
        root.Options.Add(Json);
    }
}
