using System.CommandLine;
using CopilotBot.Bot.Mcp;
using CopilotBot.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;

namespace CopilotBot.Cli.Commands;

/// <summary>
/// <c>copilot mcp --stdio --as EMAIL</c>: the bot host's MCP tools over stdin/stdout for desktop clients, answering as
/// one user; <c>copilot mcp token --as EMAIL</c>: a short-lived development token for the bot host's <c>/mcp</c>.
/// </summary>
internal static class McpCommand
{
    public static Command Create(GlobalOptions options, CliOutput output)
    {
        var stdio = new Option<bool>("--stdio") { Description = "Serve MCP over stdin/stdout (for Claude Desktop, VS Code and other desktop clients)" };
        var command = new Command("mcp", "The copilot's tools as an MCP server over stdio; 'mcp token' issues a token for the bot host's /mcp") { stdio };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!parse.GetValue(stdio))
            {
                await output.Error.WriteLineAsync("Say --stdio to serve MCP on stdin/stdout; the bot host serves it over HTTP at /mcp (see 'copilot mcp token').").ConfigureAwait(false);
                return CopilotCli.BadInput;
            }

            var who = parse.GetValue(options.As)
                ?? throw new InvalidInputException("Say who the server answers for with --as EMAIL: every tool applies that user's access rules.");
            await using var session = await CliSession.StartAsync(parse, options, output, cancellationToken, services =>
            {
                services.AddCopilotMcpServer();
                services.AddSingleton(new McpStdioUser(who));
            }).ConfigureAwait(false);
            _ = await session.GetScopeAsync(cancellationToken).ConfigureAwait(false); // an unknown user stops here, exit 4
            await IndexCommand.EnsureIndexedAsync(session, cancellationToken).ConfigureAwait(false);

            var serverOptions = session.Get<IOptions<McpServerOptions>>().Value;
            var loggers = session.Get<ILoggerFactory>();
            await using var server = McpServer.Create(new StdioServerTransport(serverOptions, loggers), serverOptions, loggers, session.Services);
            await server.RunAsync(cancellationToken).ConfigureAwait(false);
            return CopilotCli.Ok;
        });
        command.Subcommands.Add(CreateToken(options, output));
        return command;
    }

    private static Command CreateToken(GlobalOptions options, CliOutput output)
    {
        var lifetime = new Option<TimeSpan?>("--lifetime") { Description = "How long the token is valid (hh:mm:ss, at most a day; default Mcp:DevTokenLifetime)" };
        var command = new Command("token", "Print a short-lived token for the bot host's /mcp, for the --as user (development: no Bot:MicrosoftAppId)") { lifetime };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = await CliSession.StartAsync(parse, options, output, cancellationToken, services => services.AddCopilotMcpServer()).ConfigureAwait(false);
            var scope = await session.GetScopeAsync(cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(lifetime) is { } given && (given <= TimeSpan.Zero || given > TimeSpan.FromDays(1)))
            {
                throw new InvalidInputException($"--lifetime must be positive and at most a day, not {given}.");
            }

            var tokens = session.Get<McpDevTokens>();
            await output.Out.WriteLineAsync(tokens.Issue(scope.User.Email, parse.GetValue(lifetime))).ConfigureAwait(false);
            await output.Error.WriteLineAsync($"Valid for {parse.GetValue(lifetime) ?? session.Get<IOptions<McpOptions>>().Value.DevTokenLifetime} as {scope.User.Email}; "
                + $"signed with {tokens.KeyPath}. Send it as 'Authorization: Bearer TOKEN' to /mcp on a bot host using this data folder.").ConfigureAwait(false);
            return CopilotCli.Ok;
        });
        return command;
    }
}
