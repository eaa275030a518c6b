namespace CopilotBot.Bot.Hosting;

internal static class HostSettings
{
    /// <summary>
    /// The top-level <c>appsettings.{Environment}.json</c> is copied beside the binaries; the content root (the
    /// project folder under <c>dotnet run</c>) does not hold it. Environment variables and the command line are
    /// added again after it so that they still win.
    /// </summary>
    public static IConfigurationBuilder AddHostSettings(this IConfigurationBuilder configuration, IHostEnvironment environment, string[] args) =>
        configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, $"appsettings.{environment.EnvironmentName}.json"), optional: true, reloadOnChange: false)
            .AddEnvironmentVariables()
            .AddCommandLine(args);
}
