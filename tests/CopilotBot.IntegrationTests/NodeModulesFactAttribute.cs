namespace CopilotBot.IntegrationTests;

/// <summary>
/// A test that needs an npm folder installed (<c>npm ci</c> in it): one of this test project, or a path relative to
/// it. Skipped, saying so, when node_modules is absent; CI installs it.
/// </summary>
public sealed class NodeModulesFactAttribute : FactAttribute
{
    public NodeModulesFactAttribute(string folder)
    {
        if (!Directory.Exists(Path.Combine(Folder(folder), "node_modules")))
        {
            var fromRoot = Path.GetRelativePath(Folder(Path.Combine("..", "..")), Folder(folder)).Replace('\\', '/');
            Skip = $"{fromRoot}/node_modules is absent: run `npm ci` in {fromRoot}";
        }
    }

    /// <summary>The folder in the source tree (tests read it in place rather than copying node_modules to bin/).</summary>
    public static string Folder(string relative)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CopilotBot.IntegrationTests.csproj")))
            {
                return Path.Combine(directory.FullName, relative);
            }
        }

        throw new DirectoryNotFoundException("CopilotBot.IntegrationTests.csproj not found above " + AppContext.BaseDirectory);
    }
}
