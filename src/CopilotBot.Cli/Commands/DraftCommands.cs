using System.CommandLine;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Copilot.Understanding;
using CopilotBot.Core;
using CopilotBot.Core.Storage;
using Spectre.Console;

namespace CopilotBot.Cli.Commands;

/// <summary>
/// <c>copilot draft KIND ACCOUNT</c> and <c>copilot ask QUESTION</c>: the same copilot the bot uses. A draft the
/// copilot refuses (an account that does not exist for this user) exits 3.
/// </summary>
internal static class DraftCommands
{
    private const string CliChannel = "cli";

    private static readonly string[] s_kinds = [.. DraftCatalogue.All.Select(k => k.Name)];

    public static Command CreateDraft(GlobalOptions options, CliOutput output)
    {
        var kind = new Argument<string>("KIND") { Description = string.Join(", ", s_kinds) };
        kind.AcceptOnlyFromAmong(s_kinds);
        var account = new Argument<string>("ACCOUNT")
        {
            Description = "Account id or name; for account-summary also 'portfolio', 'team' or a CSM's e-mail",
        };
        var to = new Option<string?>("--to") { Description = "For an email: the recipient, a contact of the account or a colleague (name, first name or e-mail); the main contact by default" };
        var about = new Option<string?>("--about") { Description = "For an email: what it is about, e.g. \"asking for a call next week\"" };
        var command = new Command("draft", "Draft a remediation plan, discovery questions, renewal talking points, a pre-call brief, an account summary or an email") { kind, account, to, about };
        command.SetSessionAction(options, output, async (parse, session, cancellationToken) =>
        {
            var scope = await session.GetScopeAsync(cancellationToken).ConfigureAwait(false);
            await IndexCommand.EnsureIndexedAsync(session, cancellationToken).ConfigureAwait(false);
            _ = DraftCatalogue.TryParse(parse.GetRequiredValue(kind), out var info);
            var request = new DraftRequest(info.Kind, parse.GetRequiredValue(account), scope.User.Email) { Recipient = parse.GetValue(to), Purpose = parse.GetValue(about) };
            var draft = await session.Get<ICopilot>()
                .DraftAsync(request, cancellationToken)
                .ConfigureAwait(false);
            return Write(session, draft);
        });
        return command;
    }

    public static Command CreateAsk(GlobalOptions options, CliOutput output)
    {
        var question = new Argument<string[]>("QUESTION") { Description = "A free question, e.g. \"which of my accounts renew this quarter and are red?\"", Arity = ArgumentArity.OneOrMore };
        var about = new Option<string?>("--about") { Description = "Account id the conversation is about (for follow-ups like \"and its renewal?\")" };
        var explain = new Option<bool>("--explain") { Description = "Also print how the question was understood" };
        var conversation = new Option<string?>("--conversation") { Description = "Holds a conversation across runs: the same ID remembers the earlier questions and answers (kept in the data folder, per user)" };
        var command = new Command("ask", "Ask a free question, answered by the same path as the bot") { question, about, explain, conversation };
        command.SetSessionAction(options, output, async (parse, session, cancellationToken) =>
        {
            var scope = await session.GetScopeAsync(cancellationToken).ConfigureAwait(false);
            await IndexCommand.EnsureIndexedAsync(session, cancellationToken).ConfigureAwait(false);
            var text = string.Join(' ', parse.GetRequiredValue(question));
            var store = session.Get<IConversationContextStore>();
            // A conversation belongs to the user holding it: another --as starts their own under the same id.
            var conversationKey = parse.GetValue(conversation) is { Length: > 0 } held ? $"{scope.User.Email}\n{held}" : null;
            var state = conversationKey is null ? null : ConversationState.FromJson(await store.GetStateAsync(CliChannel, conversationKey, cancellationToken).ConfigureAwait(false));
            if (parse.GetValue(about) is { } id)
            {
                state = (state ?? ConversationState.Empty) with { AccountId = id };
            }

            var answer = await session.Get<ICopilot>()
                .AskAsync(new AskRequest(text, scope.User.Email, state), cancellationToken)
                .ConfigureAwait(false);
            if (conversationKey is not null && answer.Conversation is { } next)
            {
                await store.SetStateAsync(CliChannel, conversationKey, next.ToJson(), cancellationToken).ConfigureAwait(false);
            }
            if (parse.GetValue(explain) && !session.Json)
            {
                await session.Output.Out.WriteLineAsync($"understood: {answer.Understood}").ConfigureAwait(false);
            }

            return Write(session, answer);
        });
        return command;
    }

    private static int Write(CliSession session, Draft draft)
    {
        if (session.Json)
        {
            CliJson.Write(session.Output.Out, draft);
        }
        else
        {
            session.Output.Out.WriteLine(draft.Markdown);
            foreach (var warning in draft.Warnings)
            {
                session.Output.Console.MarkupLine("[yellow]warning:[/] {0}", Markup.Escape(warning));
            }
        }

        return draft.Refused ? new NotFoundException(string.Empty).ExitCode : CopilotCli.Ok;
    }
}
