using CopilotBot.Core;

namespace CopilotBot.Cli.Bench;

/// <summary>The JS baselines cannot run here (no node, npm folder not installed) or one of them failed. Exit status 1.</summary>
internal sealed class BaselineException(string message) : CopilotException(message, 1);

/// <summary>
/// Finds the npm folder of the JS baselines (<c>src/CopilotBot.Cli/Bench/baselines</c>, run in place, never copied
/// to bin/) and says what is missing when it cannot be used.
/// </summary>
internal static class BaselineLocator
{
    public static readonly string RelativePath = Path.Combine("src", "CopilotBot.Cli", "Bench", "baselines");

    /// <summary>
    /// <paramref name="explicitDirectory"/> if given and installed; otherwise the baselines folder with its
    /// node_modules found above the current directory or above the binaries; null when there is none.
    /// </summary>
    public static string? Find(string? explicitDirectory) => Candidates(explicitDirectory).FirstOrDefault(IsInstalled);

    /// <summary>Why the baselines cannot run (node or node_modules missing), or null when they can.</summary>
    public static string? Problem(string? explicitDirectory)
    {
        if (FindNode() is null)
        {
            return "node is not on PATH: install Node.js 20+ to run the JS baselines.";
        }

        if (Find(explicitDirectory) is not null)
        {
            return null;
        }

        var folder = Candidates(explicitDirectory).FirstOrDefault(d => File.Exists(Path.Combine(d, "package.json")));
        return folder is null
            ? $"The JS baselines folder ({RelativePath}) was not found above {Directory.GetCurrentDirectory()} or {AppContext.BaseDirectory}; run from the repository."
            : $"The JS baselines are not installed: run npm ci in {folder}";
    }

    /// <summary>The installed baselines folder.</summary>
    /// <exception cref="BaselineException">With <see cref="Problem"/>'s message.</exception>
    public static string Require(string? explicitDirectory) =>
        Problem(explicitDirectory) is { } problem ? throw new BaselineException(problem) : Find(explicitDirectory)!;

    /// <summary>The node executable on PATH, or null.</summary>
    public static string? FindNode()
    {
        var name = OperatingSystem.IsWindows() ? "node.exe" : "node";
        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);
    }

    private static bool IsInstalled(string folder) => Directory.Exists(Path.Combine(folder, "node_modules"));

    private static IEnumerable<string> Candidates(string? explicitDirectory)
    {
        if (!string.IsNullOrWhiteSpace(explicitDirectory))
        {
            yield return Path.GetFullPath(explicitDirectory);
            yield break;
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                yield return Path.Combine(directory.FullName, RelativePath);
            }
        }
    }
}
