using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CopilotBot.Core.Diagnostics;
using CopilotBot.Bot.Auth;
using Microsoft.Extensions.Options;

namespace CopilotBot.Bot.Protocol;

/// <summary>
/// The one place an HTTP request becomes a turn: size limit, parsing, authentication, dispatch, the HTTP result
/// (200 / invoke status / expectReplies body) and turn errors.
/// </summary>
internal sealed partial class BotAdapter(
    IOptions<BotOptions> options,
    InboundAuthenticator authenticator,
    ConnectorClient connector,
    ReplyOutbox outbox,
    IBot bot,
    TurnInbox inbox,
    IHostEnvironment environment,
    IHostApplicationLifetime lifetime,
    ILogger<BotAdapter> logger)
{
    private readonly BotOptions _options = options.Value;

    // Loopback HTTP reply addresses are local tools; they are allowed while developing, never on a production bot.
    private readonly bool _allowLoopbackHttp = !options.Value.AuthenticationEnabled || environment.IsDevelopment();

    public async Task ProcessAsync(HttpContext http)
    {
        var cancellationToken = http.RequestAborted;
        if (!HttpMethods.IsPost(http.Request.Method))
        {
            http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            http.Response.Headers.Allow = "POST";
            return;
        }

        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // Draining: what was acknowledged is answered; anything new is for the channel to send again (to another instance).
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            http.Response.Headers.RetryAfter = "5";
            return;
        }

        var body = await ReadBodyAsync(http.Request, cancellationToken);
        if (body is null)
        {
            http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        var (activity, problem) = Parse(body);
        if (activity is null)
        {
            LogRejected(logger, problem);
            await WriteProblemAsync(http, StatusCodes.Status400BadRequest, problem, cancellationToken);
            return;
        }

        // Without a reply address a turn can still answer in the HTTP response (expectReplies); with one, it must be usable.
        if ((activity.ServiceUrl is not null || !IsExpectReplies(activity)) && !ServiceUrls.IsAcceptable(activity.ServiceUrl, _allowLoopbackHttp))
        {
            const string Problem = "activity has no usable serviceUrl (https, or http on loopback in development)";
            LogRejected(logger, Problem);
            await WriteProblemAsync(http, StatusCodes.Status400BadRequest, Problem, cancellationToken);
            return;
        }

        var auth = await authenticator.AuthenticateAsync(http.Request.Headers.Authorization, activity, cancellationToken);
        if (auth.Outcome != AuthOutcome.Allowed)
        {
            LogAuthFailed(logger, auth.Reason, activity.ChannelId);
            http.Response.StatusCode = auth.Outcome == AuthOutcome.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
            return;
        }

        var turn = new TurnContext(activity, connector, outbox);
        if (turn.ExpectReplies || activity.IsType(ActivityTypes.Invoke))
        {
            await RunTurnAsync(turn, cancellationToken);
            await WriteTurnResultAsync(http, turn, cancellationToken);
            return;
        }

        // The channel only needs to know we have the activity; the answer travels through serviceUrl. "Have" means
        // recorded: an activity acknowledged with 200 is answered even if this process stops before its turn runs.
        bool accepted;
        try
        {
            accepted = await inbox.AcceptAsync(Encoding.UTF8.GetString(body), ct => RunTurnAsync(turn, ct), CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogInboxFailed(logger, ex);
            accepted = false;
        }

        if (!accepted)
        {
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            http.Response.Headers.RetryAfter = "5";
            return;
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
    }

    /// <summary>The turn for an activity recovered from the inbox (recorded, acknowledged, never run); null when it no longer reads as one.</summary>
    internal Func<CancellationToken, Task>? RecoveredTurn(string payload)
    {
        var (activity, _) = Parse(Encoding.UTF8.GetBytes(payload));
        if (activity is null)
        {
            return null;
        }

        var turn = new TurnContext(activity, connector, outbox);
        return ct => RunTurnAsync(turn, ct);
    }

    /// <summary>Runs the bot; the only catch-all for turn errors (AdapterWithErrorHandler in the SDK samples).</summary>
    internal async Task RunTurnAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        using var span = CopilotTelemetry.Source.StartActivity("turn");
        span?.SetTag("bot.channel", turn.Activity.ChannelId);
        span?.SetTag("bot.activity_type", turn.Activity.Type);
        var started = Stopwatch.GetTimestamp();
        var outcome = "ok";
        try
        {
            await bot.OnTurnAsync(turn, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            outcome = "error";
            span?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            LogTurnError(logger, ex, turn.Activity.Type, turn.Activity.ChannelId);
            if (turn.Activity.IsType(ActivityTypes.Invoke))
            {
                turn.InvokeResponse = new InvokeResponse(StatusCodes.Status500InternalServerError, ErrorBody("InternalError", "The bot failed to handle this action."));
                return;
            }

            if (turn.Activity.IsType(ActivityTypes.Message))
            {
                try
                {
                    var sorry = turn.Activity.CreateReply();
                    sorry.Text = "Sorry, something went wrong on my side while answering. Please try again in a moment.";
                    await turn.SendAsync(sorry, cancellationToken);
                }
                catch (Exception sendError) when (!cancellationToken.IsCancellationRequested)
                {
                    LogTurnError(logger, sendError, "error reply", turn.Activity.ChannelId);
                }
            }
        }
        finally
        {
            var tags = new TagList
            {
                { "channel", turn.Activity.ChannelId },
                { "type", turn.Activity.Type },
                { "outcome", outcome },
            };
            CopilotTelemetry.Turns.Add(1, tags);
            CopilotTelemetry.TurnDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    private static object ErrorBody(string code, string message) => new
    {
        statusCode = 500,
        type = "application/vnd.microsoft.error",
        value = new { code, message },
    };

    private static Task WriteTurnResultAsync(HttpContext http, TurnContext turn, CancellationToken cancellationToken)
    {
        if (turn.ExpectReplies)
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            return http.Response.WriteAsJsonAsync(new ExpectedReplies(turn.BufferedReplies), ActivityJson.Options, cancellationToken);
        }

        if (turn.InvokeResponse is not { } invoke)
        {
            http.Response.StatusCode = StatusCodes.Status501NotImplemented;
            return Task.CompletedTask;
        }

        http.Response.StatusCode = invoke.Status;
        return invoke.Body is null
            ? Task.CompletedTask
            : http.Response.WriteAsJsonAsync(invoke.Body, ActivityJson.Options, cancellationToken);
    }

    private async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var limit = _options.MaxRequestBodyBytes;
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    internal static (Activity? Activity, string Problem) Parse(byte[] body)
    {
        if (body.Length == 0)
        {
            return (null, "empty body");
        }

        // JSON is UTF-8 (RFC 8259); a bad sequence inside a string would otherwise only fail when the bot reads it.
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            return (null, "body is not valid UTF-8");
        }

        Activity? activity;
        try
        {
            activity = JsonSerializer.Deserialize<Activity>(body, LenientActivityJson.Options);
        }
        catch (JsonException ex)
        {
            return (null, $"not an activity: {ex.Message}");
        }

        return activity switch
        {
            null => (null, "not an activity: null"),
            { Type: null or "" } => (null, "activity has no type"),
            { ChannelId: null or "" } => (null, "activity has no channelId"),
            { Conversation: null } or { Conversation.Id: null or "" } => (null, "activity has no conversation id"),
            { Type: ActivityTypes.Invoke, Name: null or "" } => (null, "invoke activity has no name"),
            _ => (activity, string.Empty),
        };
    }

    private static bool IsExpectReplies(Activity activity) =>
        string.Equals(activity.DeliveryMode, DeliveryModes.ExpectReplies, StringComparison.OrdinalIgnoreCase);

    private static Task WriteProblemAsync(HttpContext http, int status, string detail, CancellationToken cancellationToken)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new { error = new { code = "BadArgument", message = detail } }, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record an activity in the turn inbox; the channel is told to retry")]
    private static partial void LogInboxFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected request to /api/messages: {Problem}")]
    private static partial void LogRejected(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Authentication failed ({Reason}) for a {ChannelId} activity")]
    private static partial void LogAuthFailed(ILogger logger, string reason, string? channelId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn error while handling {ActivityType} from {ChannelId}")]
    private static partial void LogTurnError(ILogger logger, Exception exception, string? activityType, string? channelId);
}
