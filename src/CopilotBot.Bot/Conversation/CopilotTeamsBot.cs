using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using CopilotBot.Bot.Cards;
using CopilotBot.Bot.Protocol;
using CopilotBot.Bot.Teams;
using CopilotBot.Copilot.Understanding;
using CopilotBot.Copilot.Drafting;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Feedback;
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
    AlertActions alertActions,
    IAnswerFeedbackStore feedback,
    FeedbackReceiver feedbackReceiver,
    IOptions<BotOptions> options,
    TimeProvider timeProvider,
    ILogger<CopilotTeamsBot> logger) : IBot
{
    /// <summary>
    /// The answer in a group chat or channel to anything that would show account data. Policy: account data only in a
    /// personal chat, because everyone in a shared conversation reads the answer (members who join later too), and
    /// not all of them may see that account. Guidance from the playbooks, help and thanks are answered anywhere.
    /// </summary>
    public const string PersonalChatOnly =
        "I only answer questions about accounts in a personal chat with me: everyone in this conversation would read the answer, "
        + "and not everyone here may see that account. Ask me the same in our 1:1 chat.";

    public const string Refusal =
        "Sorry, I can only help people who are registered as CopilotBot users, and I couldn't find you. "
        + "Please ask your CopilotBot administrator to add you to users.csv.";

    // Every message carries the conversation reference, which rarely changes: an unchanged one is written again only
    // this often, to keep its updated_at (which conversation of a user is the newest) close, not on every turn.
    private static readonly TimeSpan ReferenceRefresh = TimeSpan.FromMinutes(1);
    private const int MaxSavedReferences = 10_000;

    private readonly BotOptions _options = options.Value;
    private readonly ConcurrentDictionary<(string ChannelId, string ConversationId), (SavedReference Reference, DateTimeOffset SavedAt)> _savedReferences = new();

    public Task OnTurnAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        return activity.Type switch
        {
            ActivityTypes.Message => OnMessageAsync(turn, cancellationToken),
            ActivityTypes.Invoke when activity.Name == "adaptiveCard/action" => OnCardInvokeAsync(turn, cancellationToken),
            ActivityTypes.Invoke when activity.Name == FeedbackReceiver.InvokeName => feedbackReceiver.OnInvokeAsync(turn, cancellationToken),
            ActivityTypes.Event when activity.Name == AnswerMessage.WebChatFeedbackEvent => feedbackReceiver.OnWebChatEventAsync(turn, cancellationToken),
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

        // In a shared conversation the state may be another member's: it is never used there.
        var state = IsShared(activity) ? ConversationState.Empty : await StateAsync(activity, cancellationToken);
        await AnswerAsync(turn, user, stream => copilot.AskAsync(
            new AskRequest(text, user.Email, state) { OnTextDelta = stream is null ? null : stream.OnDeltaAsync },
            cancellationToken), state, cancellationToken);
    }

    private async Task OnSubmitAsync(TurnContext turn, User user, CardActionRequest submit, CancellationToken cancellationToken)
    {
        if (IsShared(turn.Activity))
        {
            await ReplyTextAsync(turn, PersonalChatOnly, cancellationToken);
            return;
        }

        if (AlertActions.IsAlertVerb(submit.Verb))
        {
            // Web Chat cannot replace a card in place: the refreshed card comes as the reply.
            var (card, message) = await alertActions.ApplyAsync(user, submit, turn.Activity.ChannelId, cancellationToken);
            var reply = turn.Activity.CreateReply();
            if (card is not null)
            {
                reply.Attachments = [AdaptiveCard.Attachment(card)];
            }
            else
            {
                reply.Text = message;
            }

            await turn.SendAsync(reply, cancellationToken);
            return;
        }

        if (submit is { Verb: CardActions.AskVerb, Question: { } question })
        {
            var state = await StateAsync(turn.Activity, cancellationToken);
            await AnswerAsync(turn, user, stream => copilot.AskAsync(
                new AskRequest(question, user.Email, state) { OnTextDelta = stream is null ? null : stream.OnDeltaAsync },
                cancellationToken), state, cancellationToken);
            return;
        }

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

        await AnswerAsync(turn, user, stream => copilot.DraftAsync(
            new DraftRequest(kind, accountId, user.Email) { OnTextDelta = stream is null ? null : stream.OnDeltaAsync },
            cancellationToken), state: null, cancellationToken);
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
        if (request is not null && IsShared(turn.Activity))
        {
            turn.InvokeResponse = CardInvokeMessage(PersonalChatOnly);
            return;
        }

        if (request is not null && AlertActions.IsAlertVerb(request.Verb))
        {
            await OnAlertInvokeAsync(turn, request, cancellationToken);
            return;
        }

        var user = request is { Verb: CardActions.DraftVerb or CardActions.AskVerb } ? await users.FindAsync(turn.Activity, cancellationToken) : null;
        Task<Draft> draftTask;
        DraftKind? pendingKind = null;
        if (request is { Verb: CardActions.AskVerb, Question: { } question })
        {
            if (user is null)
            {
                turn.InvokeResponse = CardInvokeMessage(Refusal);
                return;
            }

            await RememberAsync(turn.Activity, user, cancellationToken);
            var state = await StateAsync(turn.Activity, cancellationToken);
            draftTask = copilot.AskAsync(new AskRequest(question, user.Email, state), CancellationToken.None);
        }
        else if (request is { Verb: CardActions.DraftVerb, Kind: { } kind, AccountId: { } accountId })
        {
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

            pendingKind = kind;
            draftTask = copilot.DraftAsync(new DraftRequest(kind, accountId, user.Email), CancellationToken.None);
        }
        else
        {
            turn.InvokeResponse = CardInvokeError(StatusCodes.Status400BadRequest, "NotSupported", "This card action is not supported.");
            return;
        }

        var finished = await Task.WhenAny(draftTask, Task.Delay(_options.InvokeTimeout, timeProvider, cancellationToken));
        if (finished != draftTask)
        {
            turn.InvokeResponse = CardInvokeCard(PendingCard(pendingKind));
            queue.TryEnqueue(async ct =>
            {
                var late = await draftTask;
                await KeepContextAsync(turn.Activity, late, state: null, ct);
                var message = turn.Activity.CreateReply();
                message.ReplyToId = null;
                await SendAnswerAsync(turn, message, late, user, ct);
            });
            return;
        }

        var draft = await draftTask;
        await KeepContextAsync(turn.Activity, draft, state: null, cancellationToken);
        turn.InvokeResponse = AnswerMessage.CardFor(draft, turn.Activity.ChannelId) is { } card
            ? CardInvokeCard(card)
            : CardInvokeMessage(SafeText.Neutralize(draft.Markdown));
    }

    /// <summary>Snooze or handled from Teams: the invoke answers with the refreshed card, which replaces the old one in place.</summary>
    private async Task OnAlertInvokeAsync(TurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        var user = await users.FindAsync(turn.Activity, cancellationToken);
        if (user is null)
        {
            turn.InvokeResponse = CardInvokeMessage(Refusal);
            return;
        }

        await RememberAsync(turn.Activity, user, cancellationToken);
        var (card, message) = await alertActions.ApplyAsync(user, request, turn.Activity.ChannelId, cancellationToken);
        turn.InvokeResponse = card is not null ? CardInvokeCard(card) : CardInvokeMessage(message ?? "Done.");
    }

    /// <summary>Typing while a draft takes a while, an acknowledgement when it takes long, Teams streaming when the copilot streams.</summary>
    /// <param name="state">What the conversation remembered at the start of the turn (null when not read).</param>
    private async Task AnswerAsync(TurnContext turn, User user, Func<TeamsStream?, Task<Draft>> produce, ConversationState? state, CancellationToken cancellationToken)
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
                typing = KeepTypingAsync(turn, stream, typingStop.Token, cancellationToken);
                // WaitAsync's timer goes when the draft is done; a Task.Delay's would run on after every quick answer.
                await ((Task)draftTask.WaitAsync(_options.SlowAnswerNotice, timeProvider, cancellationToken)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (!draftTask.IsCompleted && !cancellationToken.IsCancellationRequested)
                {
                    await AcknowledgeAsync(turn, stream, cancellationToken);
                }
            }

            draft = await draftTask;
        }
        finally
        {
            await typingStop.CancelAsync();
            await typing;
        }

        if (IsShared(turn.Activity) && RevealsAccountData(draft))
        {
            await ReplyTextAsync(turn, PersonalChatOnly, cancellationToken);
            return;
        }

        await KeepContextAsync(turn.Activity, draft, state, cancellationToken);

        await SendAnswerAsync(turn, turn.Activity.CreateReply(), draft, user, cancellationToken, stream);
    }

    /// <summary>
    /// Renders the answer, sends it (as the final message of a stream that started: it replaces what was streamed, the
    /// checked draft and never the text as the model wrote it), and keeps which answer the posted message is, for
    /// feedback on it.
    /// </summary>
    private async Task SendAnswerAsync(TurnContext turn, Activity reply, Draft draft, User? user, CancellationToken cancellationToken, TeamsStream? stream = null)
    {
        var answerId = Guid.NewGuid().ToString("N");
        AnswerMessage.Render(reply, draft, turn.Activity.ChannelId, answerId, user is null ? [] : NextQuestions.After(draft, user.Role));
        var sent = stream is { Started: true } ? await stream.FinishAsync(reply, cancellationToken) : await turn.SendAsync(reply, cancellationToken);
        LogAnswer(logger, draft.Kind, draft.AccountId, draft.Mode, draft.Refused, sent.Id);
        if (AnswerMessage.IsDrafted(draft) && user is not null)
        {
            await feedback.RecordAnswerAsync(new SentAnswer(answerId, turn.Activity.ChannelId!, turn.Activity.Conversation!.Id!, sent.Id,
                draft.Kind, draft.AccountId, user.Email, timeProvider.GetUtcNow()), cancellationToken);
        }
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

    /// <param name="stop">
    /// Ends the waiting before and between indicators; an indicator already on its way is let through, and the answer
    /// waits for it, so typing never lands after the answer.
    /// </param>
    private async Task KeepTypingAsync(TurnContext turn, TeamsStream? stream, CancellationToken stop, CancellationToken cancellationToken)
    {
        try
        {
            // Most answers come before the first indicator is due: they end the wait without throwing, which costs.
            await Task.Delay(_options.TypingDelay, timeProvider, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stop.IsCancellationRequested)
            {
                return;
            }

            using var timer = new PeriodicTimer(_options.TypingInterval, timeProvider);
            do
            {
                if (stream is { Started: true })
                {
                    return; // the stream's own updates show progress
                }

                await SendTypingAsync(turn, cancellationToken);
            }
            while (await timer.WaitForNextTickAsync(stop));
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

    /// <summary>Group chats and channels: read by more people than the asker.</summary>
    private static bool IsShared(Activity activity) => TeamsActivity.KindOf(activity) != ConversationKind.Personal;

    /// <summary>
    /// Anything drawn from the portfolio: an account, a health report, a list of accounts, a data citation, or a
    /// refusal (which may suggest the asker's own accounts). Playbook guidance and plain questions back are not.
    /// </summary>
    private static bool RevealsAccountData(Draft draft) =>
        draft.Refused || draft.AccountId is not null || draft.Health is not null || draft.PortfolioRows is not null
        || draft.Citations.Any(c => !string.Equals(c.Type, "playbook", StringComparison.OrdinalIgnoreCase));

    private async Task OnConversationUpdateAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var botId = activity.Recipient?.Id;
        bool IsBot(ChannelAccount member) => botId is not null && string.Equals(member.Id, botId, StringComparison.OrdinalIgnoreCase);

        if (activity.MembersRemoved?.Any(IsBot) == true)
        {
            await ForgetAsync(activity, cancellationToken);
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
            await ForgetAsync(activity, cancellationToken);
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

        await RememberAsync(activity, user, cancellationToken, always: true);
        var welcome = activity.CreateReply();
        var examples = await copilot.GuideAsync(personal ? user?.Email : null, cancellationToken);
        welcome.Attachments = [AdaptiveCard.Attachment(RoleGuide.WelcomeCard(personal ? user : null, examples))];
        await turn.SendAsync(welcome, cancellationToken);
    }

    private Task OnReactionAsync(TurnContext turn)
    {
        var added = turn.Activity.ReactionsAdded?.Select(r => JsonParts.Text(r["type"]) ?? "?").ToList() ?? [];
        LogReaction(logger, string.Join(",", added), turn.Activity.ReplyToId);
        return Task.CompletedTask;
    }

    /// <param name="always">
    /// Write even when this instance saved the same reference lately: on install, where another instance may have
    /// removed it meanwhile.
    /// </param>
    private async Task RememberAsync(Activity activity, User? user, CancellationToken cancellationToken, bool always = false)
    {
        if (activity.ServiceUrl is null)
        {
            return;
        }

        var now = timeProvider.GetUtcNow();
        var key = (activity.ChannelId!, activity.Conversation!.Id!);
        // Only a personal chat is the user's: alerts and digests (account data) go to conversations stored with an e-mail.
        var email = IsShared(activity) ? null : user?.Email;
        var reference = new SavedReference(activity.ServiceUrl, email, JsonSerializer.Serialize(activity.GetConversationReference(), ActivityJson.Options));
        if (!always
            && _savedReferences.TryGetValue(key, out var last)
            && last.Reference == reference
            && now - last.SavedAt < ReferenceRefresh)
        {
            return;
        }

        await references.SaveAsync(new StoredConversation(key.Item1, key.Item2, reference.ServiceUrl, reference.UserEmail, reference.ReferenceJson, now), cancellationToken);
        if (_savedReferences.Count >= MaxSavedReferences)
        {
            _savedReferences.Clear();
        }

        _savedReferences[key] = (reference, now);
    }

    private async Task ForgetAsync(Activity activity, CancellationToken cancellationToken)
    {
        _savedReferences.TryRemove((activity.ChannelId!, activity.Conversation!.Id!), out _);
        await references.RemoveAsync(activity.ChannelId!, activity.Conversation!.Id!, cancellationToken);
    }

    private async Task<ConversationState> StateAsync(Activity activity, CancellationToken cancellationToken) =>
        ConversationState.FromJson(await context.GetStateAsync(activity.ChannelId!, activity.Conversation!.Id!, cancellationToken));

    /// <summary>
    /// Keeps what the copilot said the conversation remembers; a draft from a button moves the conversation to its
    /// account and keeps the rest.
    /// </summary>
    private async Task KeepContextAsync(Activity activity, Draft draft, ConversationState? state, CancellationToken cancellationToken)
    {
        if (IsShared(activity))
        {
            return; // never read there (see OnMessageAsync)
        }

        var next = draft.Conversation;
        if (next is null && draft is { Refused: false, AccountId: { } accountId })
        {
            next = (state ?? await StateAsync(activity, cancellationToken)) with { AccountId = accountId };
        }

        if (next is not null && next != state)
        {
            await context.SetStateAsync(activity.ChannelId!, activity.Conversation!.Id!, next.ToJson(), cancellationToken);
        }
    }

    private static Task ReplyTextAsync(TurnContext turn, string text, CancellationToken cancellationToken)
    {
        var reply = turn.Activity.CreateReply();
        reply.Text = text;
        return turn.SendAsync(reply, cancellationToken);
    }

    private static JsonObject PendingCard(DraftKind? kind) => AdaptiveCard.Card(
    [
        AdaptiveCard.Text(kind is { } k ? $"Drafting the {DraftCatalogue.Of(k).Title.ToLowerInvariant()}…" : "Working on your answer…", weight: "Bolder"),
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

    private sealed record SavedReference(string ServiceUrl, string? UserEmail, string ReferenceJson);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Typing indicator failed")]
    private static partial void LogTypingFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Answered {Kind} about {AccountId} ({Mode}{Refused}) as message {ActivityId}")]
    private static partial void LogAnswerCore(ILogger logger, string kind, string? accountId, string mode, string refused, string? activityId);

    private static void LogAnswer(ILogger logger, string kind, string? accountId, string mode, bool refused, string? activityId) =>
        LogAnswerCore(logger, kind, accountId ?? "-", mode, refused ? ", refused" : string.Empty, activityId ?? "(not known yet)");

    [LoggerMessage(Level = LogLevel.Information, Message = "Reaction {Reactions} on {ReplyToId}")]
    private static partial void LogReaction(ILogger logger, string reactions, string? replyToId);
}
