using System.CommandLine;
using CopilotBot.Bot.AppPackage;
using CopilotBot.Core;

namespace CopilotBot.Cli.Commands;

/// <summary><c>copilot app-package --bot-id ID --out FILE</c>: the Teams app package (manifest and icons) to upload.</summary>
internal static class AppPackageCommand
{
    public static Command Create(CliOutput output)
    {
        var botId = new Option<string>("--bot-id") { Description = "The Azure Bot's Microsoft App ID (a GUID)", Required = true };
        var outFile = new Option<string>("--out") { Description = "Zip file to write", DefaultValueFactory = _ => "copilotbot-teams.zip" };
        var version = new Option<string?>("--version") { Description = "App version (default 1.0.0)" };
        var teamsAppId = new Option<string?>("--teams-app-id") { Description = "Teams app id (default: derived from the bot id)" };
        var command = new Command("app-package", "Zip the Teams app package (manifest with commands per role, icons)") { botId, outFile, version, teamsAppId };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new AppPackageSettings(parse.GetRequiredValue(botId)) { TeamsAppId = parse.GetValue(teamsAppId) };
            if (parse.GetValue(version) is { } v)
            {
                settings = settings with { Version = v };
            }

            var path = Path.GetFullPath(parse.GetRequiredValue(outFile));
            try
            {
                await AppPackageBuilder.BuildAsync(settings, path, cancellationToken).ConfigureAwait(false);
            }
            catch (ArgumentException error)
            {
                throw new InvalidInputException(error.Message);
            }

            await output.Out.WriteLineAsync($"Wrote {path}: upload it in Teams (Apps > Manage your apps > Upload an app).").ConfigureAwait(false);
            return CopilotCli.Ok;
        });
        return command;
    }
}
