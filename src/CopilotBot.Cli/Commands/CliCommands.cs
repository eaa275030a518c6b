using System.CommandLine;

namespace CopilotBot.Cli.Commands;

/// <summary>Every command, in the order <c>--help</c> lists them.</summary>
internal static class CliCommands
{
    public static IEnumerable<Command> All(GlobalOptions options, CliOutput output) =>
    [
        ImportCommand.Create(options, output),
        HealthCommand.Create(options, output),
        PortfolioCommand.Create(options, output),
        IndexCommand.Create(options, output),
        SearchCommand.Create(options, output),
        DraftCommands.CreateDraft(options, output),
        DraftCommands.CreateAsk(options, output),
        AlertsCommand.Create(options, output),
        FeedbackCommand.Create(options, output),
        DigestCommand.Create(options, output),
        EvalCommand.Create(options, output),
        GenerateCommand.Create(output),
        SoakCommand.Create(options, output),
        BenchCommand.Create(options, output),
        AppPackageCommand.Create(output),
        McpCommand.Create(options, output),
    ];

    /// <summary>Runs a command body inside a started session.</summary>
    public static void SetSessionAction(this Command command, GlobalOptions options, CliOutput output, Func<ParseResult, CliSession, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = await CliSession.StartAsync(parse, options, output, cancellationToken).ConfigureAwait(false);
            return await body(parse, session, cancellationToken).ConfigureAwait(false);
        });
}
