using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using CopilotBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CopilotBot.Bot.DirectLine;

/// <summary>
/// The local test channel: a Direct Line 3.0 subset for Web Chat, the Bot Connector v3 subset the bot replies to,
/// the Web Chat page at <c>/</c> and the user list it offers.
/// </summary>
public static class DirectLineEndpoints
{
    public static IServiceCollection AddDirectLine(this IServiceCollection services)
    {
        services.AddOptions<DirectLineOptions>()
            .BindConfiguration(DirectLineOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Every message would otherwise log four lines of HTTP chatter between two parts of the same host.
        services.AddHttpClient(DirectLineChannel.HttpClientName).RemoveAllLoggers();
        services.AddSingleton<DirectLineConversations>();
        services.AddSingleton<DirectLineTokens>();
        services.AddSingleton<DirectLineChannel>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>
    /// Maps the channel and the page, in development mode only (see <see cref="DirectLineOptions.Enabled"/>):
    /// nothing here is authenticated.
    /// </summary>
    public static WebApplication MapDirectLine(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DirectLineOptions>>().Value;
        if (!options.IsEnabled(app.Configuration["Bot:MicrosoftAppId"]))
        {
            return app;
        }

        app.Logger.LogWarning(
            "Local Direct Line and the Web Chat test page are on at / (no Bot:MicrosoftAppId): they are unauthenticated, for development only");
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseWebSockets();

        var directLine = app.MapGroup("/v3/directline").AllowAnonymous();
        directLine.MapPost("/tokens/generate", GenerateTokenAsync);
        directLine.MapPost("/tokens/refresh", RefreshToken);
        directLine.MapPost("/conversations", StartConversationAsync);
        directLine.MapGet("/conversations/{conversationId}", Reconnect);
        directLine.MapGet("/conversations/{conversationId}/activities", GetActivities);
        directLine.MapPost("/conversations/{conversationId}/activities", PostActivityAsync);
        directLine.MapGet("/conversations/{conversationId}/stream", StreamAsync);

        var connector = app.MapGroup("/v3/conversations/{conversationId}").AllowAnonymous();
        connector.MapPost("/activities", (string conversationId, HttpRequest request, DirectLineChannel channel) =>
            BotPostAsync(conversationId, null, request, channel));
        connector.MapPost("/activities/{activityId}", (string conversationId, string activityId, HttpRequest request, DirectLineChannel channel) =>
            BotPostAsync(conversationId, activityId, request, channel));
        connector.MapPut("/activities/{activityId}", BotUpdateAsync);
        connector.MapDelete("/activities/{activityId}", BotDelete);
        connector.MapGet("/members", Members);

        app.MapGet("/api/local/users", LocalUsersAsync).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> GenerateTokenAsync(HttpRequest request, DirectLineChannel channel, DirectLineTokens tokens)
    {
        var body = await ReadObjectAsync(request);
        var conversation = channel.Conversations.Create();
        var (userId, userName) = UserOf(body);
        return Results.Ok(Session(conversation.Id, tokens.Issue(conversation.Id, userId, userName), tokens));
    }

    private static IResult RefreshToken(HttpRequest request, DirectLineTokens tokens)
    {
        var claims = tokens.Read(BearerToken(request), out var expired);
        return claims is null
            ? Failure(StatusCodes.Status403Forbidden, expired ? "TokenExpired" : "BadArgument", "Invalid or expired token.")
            : Results.Ok(Session(claims.Conversation, tokens.Issue(claims.Conversation, claims.User, claims.Name), tokens));
    }

    /// <summary>
    /// With a token from <c>tokens/generate</c> this starts that conversation; without one it creates a new
    /// conversation for the user named in the body, as a Direct Line secret would.
    /// </summary>
    private static async Task<IResult> StartConversationAsync(HttpRequest request, DirectLineChannel channel, DirectLineTokens tokens)
    {
        var body = await ReadObjectAsync(request);
        var locale = (string?)body?["locale"];
        var bearer = BearerToken(request);
        if (bearer is null)
        {
            var (userId, userName) = UserOf(body);
            var created = channel.Conversations.Create();
            channel.Start(created, userId, userName, locale, request);
            return Results.Created((string?)null, Session(created.Id, tokens.Issue(created.Id, userId, userName), tokens, request));
        }

        var claims = tokens.Read(bearer, out var expired);
        if (claims is null)
        {
            return Failure(StatusCodes.Status403Forbidden, expired ? "TokenExpired" : "BadArgument", "Invalid or expired token.");
        }

        var conversation = channel.Conversations.Find(claims.Conversation);
        if (conversation is null)
        {
            return Failure(StatusCodes.Status404NotFound, "BadArgument", "Conversation not found (the local channel keeps a bounded number).");
        }

        var isNew = !conversation.Started;
        channel.Start(conversation, claims.User, claims.Name, locale, request);
        var session = Session(conversation.Id, bearer, tokens, request);
        return isNew ? Results.Created((string?)null, session) : Results.Ok(session);
    }

    private static IResult Reconnect(string conversationId, HttpRequest request, DirectLineChannel channel, DirectLineTokens tokens) =>
        Authorize(conversationId, BearerToken(request), channel, tokens, out _) ?? Results.Ok(Session(conversationId, BearerToken(request)!, tokens, request));

    private static IResult GetActivities(string conversationId, string? watermark, HttpRequest request, DirectLineChannel channel, DirectLineTokens tokens, TimeProvider timeProvider)
    {
        if (Authorize(conversationId, BearerToken(request), channel, tokens, out var conversation) is { } failure)
        {
            return failure;
        }

        var after = long.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        var (activities, next) = conversation.ReadAfter(after, timeProvider.GetUtcNow());
        return Results.Json(new JsonObject
        {
            ["activities"] = new JsonArray([.. activities]),
            ["watermark"] = next.ToString(CultureInfo.InvariantCulture),
        }, DirectLineJson.Options);
    }

    private static async Task<IResult> PostActivityAsync(string conversationId, HttpRequest request, DirectLineChannel channel, DirectLineTokens tokens)
    {
        if (Authorize(conversationId, BearerToken(request), channel, tokens, out var conversation) is { } failure)
        {
            return failure;
        }

        if (await ReadObjectAsync(request) is not { } activity || string.IsNullOrEmpty((string?)activity["type"]))
        {
            return Failure(StatusCodes.Status400BadRequest, "MissingProperty", "An activity with a type is required.");
        }

        return Results.Ok(new { id = channel.PostFromUser(conversation, activity, request) });
    }

    /// <summary>
    /// The websocket alternative to polling: every append is pushed as <c>{activities, watermark}</c>. The token
    /// comes in the query string because browsers cannot set headers on a websocket.
    /// </summary>
    private static async Task<IResult> StreamAsync(string conversationId, string? t, string? watermark, HttpContext context,
        DirectLineChannel channel, DirectLineTokens tokens, TimeProvider timeProvider, IHostApplicationLifetime lifetime)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return Failure(StatusCodes.Status400BadRequest, "BadArgument", "This is a websocket endpoint.");
        }

        if (Authorize(conversationId, t, channel, tokens, out var conversation) is { } failure)
        {
            return failure;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var receiving = ReceiveUntilClosedAsync(socket, closed);
        var after = long.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        try
        {
            while (!closed.IsCancellationRequested)
            {
                await conversation.WaitForActivityAfterAsync(after, closed.Token);
                var (activities, next) = conversation.ReadAfter(after, timeProvider.GetUtcNow());
                after = next;
                if (activities.Count > 0)
                {
                    var frame = JsonSerializer.SerializeToUtf8Bytes(new JsonObject
                    {
                        ["activities"] = new JsonArray([.. activities]),
                        ["watermark"] = next.ToString(CultureInfo.InvariantCulture),
                    }, DirectLineJson.Options);
                    await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, closed.Token);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The client went away.
        }

        await receiving;
        return Results.Empty;
    }

    /// <summary>Reads (and ignores) the client's keep-alive frames; a close or a broken socket ends the stream.</summary>
    private static async Task ReceiveUntilClosedAsync(WebSocket socket, CancellationTokenSource closed)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, closed.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // Same as a close.
        }
        finally
        {
            await closed.CancelAsync();
        }
    }

    private static async Task<IResult> BotPostAsync(string conversationId, string? replyToId, HttpRequest request, DirectLineChannel channel)
    {
        if (channel.Conversations.Find(conversationId) is not { } conversation)
        {
            return ConversationNotFound();
        }

        if (await ReadObjectAsync(request) is not { } activity || string.IsNullOrEmpty((string?)activity["type"]))
        {
            return Failure(StatusCodes.Status400BadRequest, "MissingProperty", "An activity with a type is required.");
        }

        return Results.Ok(new { id = channel.PostFromBot(conversation, activity, replyToId) });
    }

    private static async Task<IResult> BotUpdateAsync(string conversationId, string activityId, HttpRequest request, DirectLineChannel channel)
    {
        if (channel.Conversations.Find(conversationId) is not { } conversation)
        {
            return ConversationNotFound();
        }

        if (await ReadObjectAsync(request) is not { } activity)
        {
            return Failure(StatusCodes.Status400BadRequest, "MissingProperty", "An activity is required.");
        }

        return channel.UpdateFromBot(conversation, activityId, activity)
            ? Results.Ok(new { id = activityId })
            : Failure(StatusCodes.Status404NotFound, "ActivityNotFound", "No such activity in this conversation.");
    }

    private static IResult BotDelete(string conversationId, string activityId, DirectLineChannel channel)
    {
        if (channel.Conversations.Find(conversationId) is not { } conversation)
        {
            return ConversationNotFound();
        }

        return conversation.Remove(activityId)
            ? Results.Ok()
            : Failure(StatusCodes.Status404NotFound, "ActivityNotFound", "No such activity in this conversation.");
    }

    private static IResult Members(string conversationId, DirectLineChannel channel)
    {
        if (channel.Conversations.Find(conversationId) is not { UserId: { } userId } conversation)
        {
            return ConversationNotFound();
        }

        return Results.Ok(new[] { new { id = userId, name = conversation.UserName, email = userId.Contains('@', StringComparison.Ordinal) ? userId : null } });
    }

    /// <summary>The users a tester may pose as; empty until a portfolio has been imported.</summary>
    private static async Task<IResult> LocalUsersAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var store = services.GetService<IPortfolioStore>();
        if (store is null || !await store.HasPortfolioAsync(cancellationToken))
        {
            return Results.Ok(Array.Empty<LocalUser>());
        }

        var users = await store.GetUsersAsync(cancellationToken);
        return Results.Ok(users
            .OrderBy(u => u.Role)
            .ThenBy(u => u.Name, StringComparer.OrdinalIgnoreCase)
            .Select(u => new LocalUser(u.Name, u.Email, u.Role.ToString().ToLowerInvariant())));
    }

    private static IResult? Authorize(string conversationId, string? token, DirectLineChannel channel, DirectLineTokens tokens, out DirectLineConversation conversation)
    {
        conversation = null!;
        var claims = tokens.Read(token, out var expired);
        if (claims is null)
        {
            // directlinejs takes 403 as "token expired" and keeps polling, so it is also the answer to a bad token.
            return Failure(StatusCodes.Status403Forbidden, expired ? "TokenExpired" : "BadArgument", "Invalid or expired token.");
        }

        if (claims.Conversation != conversationId)
        {
            return Failure(StatusCodes.Status403Forbidden, "BadArgument", "The token is for another conversation.");
        }

        if (channel.Conversations.Find(conversationId) is not { } found)
        {
            // 404 tells directlinejs the conversation ended.
            return ConversationNotFound();
        }

        conversation = found;
        return null;
    }

    private static object Session(string conversationId, string token, DirectLineTokens tokens) =>
        new { conversationId, token, expires_in = tokens.LifetimeSeconds };

    /// <summary>
    /// A session answer for a client about to read the conversation, with its websocket address as the browser
    /// sees this host (the request's own host, unlike the serviceUrl the bot is given).
    /// </summary>
    private static object Session(string conversationId, string token, DirectLineTokens tokens, HttpRequest request)
    {
        var streamUrl = $"{(request.IsHttps ? "wss" : "ws")}://{request.Host}{request.PathBase}/v3/directline/conversations/"
            + $"{Uri.EscapeDataString(conversationId)}/stream?t={Uri.EscapeDataString(token)}";
        return new { conversationId, token, expires_in = tokens.LifetimeSeconds, streamUrl };
    }

    private static (string Id, string? Name) UserOf(JsonObject? body)
    {
        var id = (string?)body?["user"]?["id"];
        var name = (string?)body?["user"]?["name"];
        return (string.IsNullOrWhiteSpace(id) ? "local-user" : id.Trim(), string.IsNullOrWhiteSpace(name) ? null : name.Trim());
    }

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private static async Task<JsonObject?> ReadObjectAsync(HttpRequest request)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult ConversationNotFound() =>
        Failure(StatusCodes.Status404NotFound, "ConversationNotFound", "No such conversation on the local Direct Line.");

    private static IResult Failure(int status, string code, string message) =>
        Results.Json(new { error = new { code, message } }, DirectLineJson.Options, statusCode: status);

    private sealed record LocalUser(string Name, string Email, string Role);
}
