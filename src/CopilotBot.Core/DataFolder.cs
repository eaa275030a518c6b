namespace CopilotBot.Core;

/// <summary>
/// Where a relative <see cref="CopilotOptions.DataDirectory"/> lives, the same for every host: under the repository
/// root (the folder holding <see cref="SolutionFile"/>) when run from inside the repository, whichever project folder
/// <c>dotnet run</c> starts in, so that <c>copilot import</c> changes what the bot serves; otherwise under the user's
/// local application data (<c>~/.local/share/CopilotBot</c> on Linux, <c>%LOCALAPPDATA%\CopilotBot</c> on Windows).
/// An absolute path is kept as it is.
/// </summary>
public static class DataFolder
{
    public const string SolutionFile = "CopilotBot.sln";

    /// <param name="configured">The configured folder.</param>
    /// <param name="startDirectories">Where to look for the repository root, nearest first; the working directory and the binaries' folder when null.</param>
    public static string Resolve(string configured, IEnumerable<string>? startDirectories = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configured);
        if (Path.IsPathRooted(configured))
        {
            return Path.GetFullPath(configured);
        }

        var root = (startDirectories ?? [Directory.GetCurrentDirectory(), AppContext.BaseDirectory])
            .Select(RepositoryRoot)
            .FirstOrDefault(r => r is not null);
        return Path.GetFullPath(Path.Combine(root ?? PerUserFolder, configured));
    }

    /// <summary>The per-user folder a relative data folder goes under outside a repository.</summary>
    public static string PerUserFolder =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "CopilotBot");

    private static string? RepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
