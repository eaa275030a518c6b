using System.Text.Json;
using System.Text.Json.Nodes;
using CopilotBot.Bot.Cards;
using CopilotBot.Bot.Protocol;
using CopilotBot.Bot.Teams;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Portfolio;
using CopilotBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace CopilotBot.Bot.Conversation;

/// <summary>
/// What the bot does with each activity: identify the user, keep the conversation reference, and turn messages and
/// card actions into <see cref="ICopilot"/> calls whose drafts become cards. No business logic lives here.
/// </summary>
internal sealed partial class CopilotTeamsBot(
    ICopilot copilot,
    UserDirectory users,
    PortfolioService portfolio,
    IConversationReferenceStore references,
    IConversationContextStore context,
    TurnQueue queue,
    IOptions<BotOptions> options,
    TimeProvider timeProvider,
    ILogger<CopilotTeamsBot> logger) : IBot
{
    public const string Refusal =
        "Sorry, I can only help people who are registered as CopilotBot users, and I couldn't find you. "
        + "Please ask your CopilotBot administrator to add you to users.csv.";

    private readonly BotOptions _options = options.Value;

    public Task OnTurnAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        return activity.Type switch
        {
            ActivityTypes.Message => OnMessageAsync(turn, cancellationToken),
            ActivityTypes.Invoke when activity.Name == "adaptiveCard/action" => OnCardInvokeAsync(turn, cancellationToken),
            ActivityTypes.ConversationUpdate => OnConversationUpdateAsync(turn, cancellationToken),
            ActivityTypes.InstallationUpdate => OnInstallationUpdateAsync(turn, cancellationToken),
            ActivityTypes.MessageReaction => OnReactionAsync(turn),
            // Other invokes stay unanswered (501); typing, events, edits and unknown types need nothing (A2014).
            _ => Task.CompletedTask,
        };
    }

    private async Task OnMessageAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var user = await users.FindAsync(activity, cancellationToken);
        if (user is null)
        {
            await ReplyTextAsync(turn, Refusal, cancellationToken);
            return;
        }

        await RememberAsync(activity, user, cancellationToken);
        var text = TeamsActivity.StripBotMention(activity);
        if (string.IsNullOrEmpty(text) && CardActions.FromSubmit(activity.Value) is { } submit)
        {
            await OnSubmitAsync(turn, user, submit, cancellationToken);
            return;
        }

        var lastAccount = await context.GetLastAccountIdAsync(activity.ChannelId!, activity.Conversation!.Id!, cancellationToken);
        if (string.IsNullOrEmpty(text) || IsHelp(text))
        {
            var help = turn.Activity.CreateReply();
            help.Text = RoleGuide.HelpMarkdown(user);
            help.TextFormat = "markdown";
            help.SuggestedActions = RoleGuide.Suggestions(user, lastAccount);
            await turn.SendAsync(help, cancellationToken);
            return;
        }

        await AnswerAsync(turn, stream => copilot.AskAsync(
            new AskRequest(text, user.Email, lastAccount) { OnTextDelta = stream is null ? null : stream.OnDeltaAsync },
            cancellationToken), cancellationToken);
    }

    private async Task OnSubmitAsync(TurnContext turn, User user, CardActionRequest submit, CancellationToken cancellationToken)
    {
        if (submit is not { Verb: CardActions.DraftVerb, Kind: { } kind, AccountId: { } accountId })
        {
            await ReplyTextAsync(turn, "I don't know that button. Type **help** to see what I can do.", cancellationToken);
            return;
        }

        if (!await CanSeeAsync(user, accountId, cancellationToken))
        {
            await ReplyTextAsync(turn, NotFound(accountId), cancellationToken);
            return;
        }

        await AnswerAsync(turn, stream => copilot.DraftAsync(
            new DraftRequest(kind, accountId, user.Email) { OnTextDelta = stream is null ? null : stream.OnDeltaAsync },
            cancellationToken), cancellationToken);
    }

    /// <summary>
    /// A card only carries an account id, which anyone can forge: the asker's access is checked again here, and an
    /// account they may not see is answered exactly like one that does not exist.
    /// </summary>
    private async Task<bool> CanSeeAsync(User user, string accountId, CancellationToken cancellationToken)
    {
        var scope = await portfolio.GetScopeAsync(user.Email, cancellationToken);
        var visible = await portfolio.GetVisibleAccountsAsync(scope, cancellationToken);
        return visible.Any(a => string.Equals(a.AccountId, accountId, StringComparison.OrdinalIgnoreCase));
    }

    private static string NotFound(string accountId) =>
        $"I couldn't find an account '{SafeText.Neutralize(accountId)}' among the accounts you can see.";

    /// <summary>
    /// Action.Execute in Teams: the refreshed card is the invoke's answer. A slow draft gets a "drafting" card at
    /// once and arrives as a new message when ready, so that the channel's 15 s limit is never hit.
    /// </summary>
    private async Task OnCardInvokeAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var request = CardActions.FromInvoke(turn.Activity.Value);
        if (request is not { Verb: CardActions.DraftVerb, Kind: { } kind, AccountId: { } accountId })
        {
            turn.InvokeResponse = CardInvokeError(StatusCodes.Status400BadRequest, "NotSupported", "This card action is not supported.");
            return;
        }

        var user = await users.FindAsync(turn.Activity, cancellationToken);
        if (user is null)
        {
            turn.InvokeResponse = CardInvokeMessage(Refusal);
            return;
        }

        await RememberAsync(turn.Activity, user, cancellationToken);
        if (!await CanSeeAsync(user, accountId, cancellationToken))
        {
            turn.InvokeResponse = CardInvokeMessage(NotFound(accountId));
            return;
        }

        var draftTask = copilot.DraftAsync(new DraftRequest(kind, accountId, user.Email), CancellationToken.None);
        var finished = await Task.WhenAny(draftTask, Task.Delay(_options.InvokeTimeout, timeProvider, cancellationToken));
        if (finished != draftTask)
        {
            turn.InvokeResponse = CardInvokeCard(PendingCard(kind));
            queue.TryEnqueue(async ct =>
            {
                var late = await draftTask;
                await KeepContextAsync(turn.Activity, late, ct);
                var message = turn.Activity.CreateReply();
                message.ReplyToId = null;
                Render(message, late, turn.Activity.ChannelId);
                await turn.SendAsync(message, ct);
            });
            return;
        }

        var draft = await draftTask;
        await KeepContextAsync(turn.Activity, draft, cancellationToken);
        turn.InvokeResponse = draft.Refused
            ? CardInvokeMessage(SafeText.Neutralize(draft.Markdown))
            : CardInvokeCard(CardFor(draft, turn.Activity.ChannelId) ?? DraftCard.Build(draft, turn.Activity.ChannelId));
    }

    /// <summary>Typing while drafting, an acknowledgement when it takes long, Teams streaming when the copilot streams.</summary>
    private async Task AnswerAsync(TurnContext turn, Func<TeamsStream?, Task<Draft>> produce, CancellationToken cancellationToken)
    {
        var stream = turn.CanStream ? new TeamsStream(turn, _options.StreamingInterval, timeProvider) : null;
        var draftTask = produce(stream);
        using var typingStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var typing = Task.CompletedTask;
        Draft draft;
        try
        {
            if (!turn.ExpectReplies)
            {
                // The first typing goes out (and is awaited) while the copilot already works, so it never lands after the answer.
                await SendTypingAsync(turn, cancellationToken);
                typing = KeepTypingAsync(turn, stream, typingStop.Token, cancellationToken);
            }

            var finished = await Task.WhenAny(draftTask, Task.Delay(_options.SlowAnswerNotice, timeProvider, cancellationToken));
            if (finished != draftTask && !turn.ExpectReplies)
            {
                await AcknowledgeAsync(turn, stream, cancellationToken);
            }

            draft = await draftTask;
        }
        finally
        {
            await typingStop.CancelAsync();
            await typing;
        }

        await KeepContextAsync(turn.Activity, draft, cancellationToken);
        var reply = turn.Activity.CreateReply();
        if (stream is { Started: true })
        {
            // The streamed text stays; the final message closes the stream and adds the card or the sources.
            reply.Text = stream.Text;
            reply.TextFormat = "markdown";
            var card = CardFor(draft, turn.Activity.ChannelId)
                ?? (draft.Citations.Count > 0 ? DraftCard.Build(draft, turn.Activity.ChannelId, includeBody: false) : null);
            if (card is not null)
            {
                reply.Attachments = [AdaptiveCard.Attachment(card)];
            }

            await stream.FinishAsync(reply, cancellationToken);
            return;
        }

        Render(reply, draft, turn.Activity.ChannelId);
        await turn.SendAsync(reply, cancellationToken);
    }

    private static async Task AcknowledgeAsync(TurnContext turn, TeamsStream? stream, CancellationToken cancellationToken)
    {
        const string Notice = "Working on it: this answer takes a little longer. I'll post it here as soon as it's ready.";
        if (stream is not null)
        {
            await stream.InformAsync("Drafting your answer…", cancellationToken);
            if (stream.Started)
            {
                return;
            }
        }

        var ack = turn.Activity.CreateReply();
        ack.Text = Notice;
        await turn.SendAsync(ack, cancellationToken);
    }

    /// <param name="stop">Ends the waiting between indicators; an indicator already on its way is let through.</param>
    private async Task KeepTypingAsync(TurnContext turn, TeamsStream? stream, CancellationToken stop, CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(_options.TypingInterval, timeProvider);
            while (await timer.WaitForNextTickAsync(stop))
            {
                if (stream is { Started: true })
                {
                    return; // the stream's own updates show progress
                }

                await SendTypingAsync(turn, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SendTypingAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        try
        {
            await turn.SendTypingAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is ConnectorException or HttpRequestException)
        {
            LogTypingFailed(logger, ex);
        }
    }

    /// <summary>Health → health card, portfolio → portfolio card, sections → draft card, otherwise markdown.</summary>
    private static void Render(Activity reply, Draft draft, string? channelId)
    {
        var card = draft.Refused ? null : CardFor(draft, channelId)
            ?? (draft.Sections.Count > 0 ? DraftCard.Build(draft, channelId) : null);
        if (card is not null)
        {
            reply.Attachments = [AdaptiveCard.Attachment(card)];
            return;
        }

        reply.Text = SafeText.Neutralize(draft.Markdown);
        reply.TextFormat = "markdown";
    }

    private static JsonObject? CardFor(Draft draft, string? channelId) =>
        draft.Health is { } health ? HealthCard.Build(health, channelId)
        : draft.PortfolioRows is { } rows ? PortfolioCard.Build(rows)
        : null;

    private async Task OnConversationUpdateAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var botId = activity.Recipient?.Id;
        bool IsBot(ChannelAccount member) => botId is not null && string.Equals(member.Id, botId, StringComparison.OrdinalIgnoreCase);

        if (activity.MembersRemoved?.Any(IsBot) == true)
        {
            await references.RemoveAsync(activity.ChannelId!, activity.Conversation!.Id!, cancellationToken);
            return;
        }

        // Web Chat announces the user and the bot together; Teams announces the bot when it is added.
        if (activity.MembersAdded?.Any(IsBot) != true)
        {
            return;
        }

        // Teams also sends installationUpdate for the same install: welcome once per stored conversation.
        var known = await references.GetAsync(activity.ChannelId!, activity.Conversation!.Id!, cancellationToken);
        if (known is not null)
        {
            return;
        }

        await WelcomeAsync(turn, refuseUnknown: !ChannelIds.IsTeams(activity.ChannelId), cancellationToken);
    }

    private async Task OnInstallationUpdateAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        if (activity.Action?.StartsWith("remove", StringComparison.OrdinalIgnoreCase) == true)
        {
            await references.RemoveAsync(activity.ChannelId!, activity.Conversation!.Id!, cancellationToken);
            return;
        }

        if (string.Equals(activity.Action, "add", StringComparison.OrdinalIgnoreCase))
        {
            await WelcomeAsync(turn, refuseUnknown: true, cancellationToken);
        }
    }

    private async Task WelcomeAsync(TurnContext turn, bool refuseUnknown, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var user = await users.FindAsync(activity, cancellationToken);
        var personal = TeamsActivity.KindOf(activity) == ConversationKind.Personal;
        if (user is null && personal)
        {
            if (refuseUnknown)
            {
                await ReplyTextAsync(turn, Refusal, cancellationToken);
            }

            return;
        }

        await RememberAsync(activity, user, cancellationToken);
        var welcome = activity.CreateReply();
        welcome.Attachments = [AdaptiveCard.Attachment(RoleGuide.WelcomeCard(personal ? user : null))];
        await turn.SendAsync(welcome, cancellationToken);
    }

    private Task OnReactionAsync(TurnContext turn)
    {
        var added = turn.Activity.ReactionsAdded?.Select(r => (string?)r["type"]).ToList() ?? [];
        LogReaction(logger, string.Join(",", added), turn.Activity.ReplyToId);
        return Task.CompletedTask;
    }

    private async Task RememberAsync(Activity activity, User? user, CancellationToken cancellationToken)
    {
        if (activity.ServiceUrl is null)
        {
            return;
        }

        await references.SaveAsync(new StoredConversation(
            activity.ChannelId!,
            activity.Conversation!.Id!,
            activity.ServiceUrl,
            user?.Email,
            JsonSerializer.Serialize(activity.GetConversationReference(), ActivityJson.Options),
            timeProvider.GetUtcNow()), cancellationToken);
    }

    private Task KeepContextAsync(Activity activity, Draft draft, CancellationToken cancellationToken) =>
        draft is { Refused: false, AccountId: { } accountId }
            ? context.SetLastAccountIdAsync(activity.ChannelId!, activity.Conversation!.Id!, accountId, cancellationToken)
            : Task.CompletedTask;

    private static Task ReplyTextAsync(TurnContext turn, string text, CancellationToken cancellationToken)
    {
        var reply = turn.Activity.CreateReply();
        reply.Text = text;
        return turn.SendAsync(reply, cancellationToken);
    }

    private static bool IsHelp(string text) =>
        text.Trim().TrimStart('/').TrimEnd('?', '!', '.') is var t
        && (t.Equals("help", StringComparison.OrdinalIgnoreCase) || t.Equals("what can you do", StringComparison.OrdinalIgnoreCase));

    private static JsonObject PendingCard(DraftKind kind) => AdaptiveCard.Card(
    [
        AdaptiveCard.Text($"Drafting the {DraftKinds.Title(kind).ToLowerInvariant()}…", weight: "Bolder"),
        AdaptiveCard.Text("This one takes a little longer; I'll post it in this chat as soon as it's ready.", subtle: true),
    ]);

    private static InvokeResponse CardInvokeCard(JsonObject card) => new(StatusCodes.Status200OK, new JsonObject
    {
        ["statusCode"] = 200,
        ["type"] = AdaptiveCard.ContentType,
        ["value"] = card,
    });

    private static InvokeResponse CardInvokeMessage(string text) => new(StatusCodes.Status200OK, new JsonObject
    {
        ["statusCode"] = 200,
        ["type"] = "application/vnd.microsoft.activity.message",
        ["value"] = text,
    });

    private static InvokeResponse CardInvokeError(int status, string code, string message) => new(status, new JsonObject
    {
        ["statusCode"] = status,
        ["type"] = "application/vnd.microsoft.error",
        ["value"] = new JsonObject { ["code"] = code, ["message"] = message },
    });

    [LoggerMessage(Level = LogLevel.Debug, Message = "Typing indicator failed")]
    private static partial void LogTypingFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reaction {Reactions} on {ReplyToId}")]
    private static partial void LogReaction(ILogger logger, string reactions, string? replyToId);
}
