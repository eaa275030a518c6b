using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace CopilotBot.Bot.DirectLine;

/// <summary>
/// Both sides of the local channel: what the Web Chat client posts is stamped, stored for polling and delivered
/// to the bot over HTTP; what the bot posts back through its connector client is stored for polling.
/// </summary>
internal sealed partial class DirectLineChannel(
    DirectLineConversations conversations,
    DirectLineTokens tokens,
    IHttpClientFactory httpClientFactory,
    IServer server,
    IOptions<DirectLineOptions> options,
    TimeProvider timeProvider,
    IHostApplicationLifetime lifetime,
    ILogger<DirectLineChannel> logger)
{
    public const string HttpClientName = "DirectLine";
    private const string DefaultChannelId = "directline";

    public DirectLineConversations Conversations => conversations;

    /// <summary>
    /// Starts the conversation on the first call and tells the bot the user joined, so it can welcome them.
    /// Later calls (Web Chat reconnecting) change nothing.
    /// </summary>
    public void Start(DirectLineConversation conversation, string userId, string? userName, string? locale, HttpRequest request)
    {
        if (!conversation.TryStart(userId, userName, timeProvider.GetUtcNow()))
        {
            return;
        }

        var user = Account(userId, userName, "user");
        var activity = new JsonObject
        {
            ["type"] = "conversationUpdate",
            ["id"] = Guid.NewGuid().ToString("N"),
            ["timestamp"] = timeProvider.GetUtcNow(),
            ["serviceUrl"] = ServiceUrl(request).ToString(),
            ["channelId"] = DefaultChannelId,
            ["conversation"] = new JsonObject { ["id"] = conversation.Id },
            ["from"] = user.DeepClone(),
            ["recipient"] = BotAccount(),
            ["membersAdded"] = new JsonArray(user, BotAccount()),
        };
        if (!string.IsNullOrEmpty(locale))
        {
            activity["locale"] = locale;
        }

        Deliver(conversation, WithUserToken(conversation, activity), request);
    }

    /// <summary>Stamps an activity from the client, stores it (Web Chat waits for this echo) and delivers it.</summary>
    public string PostFromUser(DirectLineConversation conversation, JsonObject activity, HttpRequest request)
    {
        activity["timestamp"] = timeProvider.GetUtcNow();
        activity["serviceUrl"] = ServiceUrl(request).ToString();
        activity["conversation"] = new JsonObject { ["id"] = conversation.Id };
        activity["recipient"] = BotAccount();
        if (string.IsNullOrEmpty((string?)activity["channelId"]))
        {
            activity["channelId"] = DefaultChannelId;
        }

        // The token, not the client, says who is talking: that is what the bot's access rules rely on.
        var postedName = (string?)activity["from"]?["name"];
        activity["from"] = Account(conversation.UserId ?? "user", string.IsNullOrEmpty(postedName) ? conversation.UserName : postedName, "user");

        var stored = conversation.Append(activity);
        conversation.Touch(timeProvider.GetUtcNow());
        Deliver(conversation, WithUserToken(conversation, stored), request);
        return (string)stored["id"]!;
    }

    /// <summary>
    /// The copy the bot receives carries a token naming this conversation's user, signed here: what lets the bot trust
    /// <c>from.id</c> when authentication is on. The transcript the client reads keeps its own activity unchanged.
    /// </summary>
    private JsonObject WithUserToken(DirectLineConversation conversation, JsonObject activity)
    {
        var delivered = (JsonObject)activity.DeepClone();
        var channelData = delivered["channelData"] as JsonObject ?? new JsonObject();
        channelData[Conversation.UserDirectory.UserTokenProperty] =
            tokens.Issue(conversation.Id, conversation.UserId ?? "user", conversation.UserName);
        delivered["channelData"] = channelData;
        return delivered;
    }

    /// <summary>Stores an activity the bot sent through the connector API; returns its id.</summary>
    public string PostFromBot(DirectLineConversation conversation, JsonObject activity, string? replyToId)
    {
        StampFromBot(conversation, activity, replyToId);
        return (string)conversation.Append(activity)["id"]!;
    }

    public bool UpdateFromBot(DirectLineConversation conversation, string activityId, JsonObject activity)
    {
        StampFromBot(conversation, activity, (string?)activity["replyToId"]);
        return conversation.Replace(activityId, activity);
    }

    /// <summary>
    /// This host's own base address, which becomes the <c>serviceUrl</c> the bot replies to. The server's
    /// bound address is preferred over the request's Host header: behind a port mapping the browser's view of
    /// the host is not reachable from inside it.
    /// </summary>
    public Uri ServiceUrl(HttpRequest request)
    {
        var pathBase = request.PathBase.Value + "/";
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses
            .OrderBy(a => a.StartsWith("https:", StringComparison.OrdinalIgnoreCase) ? 1 : 0)
            .Select(a => a.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal))
            .Select(a => Uri.TryCreate(a, UriKind.Absolute, out var uri) ? uri : null)
            .FirstOrDefault(uri => uri is not null);
        if (address is null)
        {
            return new Uri($"{request.Scheme}://{request.Host}{pathBase}");
        }

        var host = address.Host is "0.0.0.0" or "[::]" ? "localhost" : address.Host;
        return new UriBuilder(address.Scheme, host, address.Port, pathBase).Uri;
    }

    private void StampFromBot(DirectLineConversation conversation, JsonObject activity, string? replyToId)
    {
        activity["timestamp"] = timeProvider.GetUtcNow();
        activity["conversation"] = new JsonObject { ["id"] = conversation.Id };
        activity["from"] ??= BotAccount();
        activity["recipient"] ??= Account(conversation.UserId ?? "user", conversation.UserName, "user");
        if (string.IsNullOrEmpty((string?)activity["channelId"]))
        {
            activity["channelId"] = DefaultChannelId;
        }

        if (replyToId is not null)
        {
            activity["replyToId"] = replyToId;
        }
    }

    private void Deliver(DirectLineConversation conversation, JsonObject activity, HttpRequest request)
    {
        var endpoint = new Uri(ServiceUrl(request), options.Value.BotEndpoint.TrimStart('/'));
        _ = conversation.EnqueueDelivery(() => DeliverAsync(conversation, activity, endpoint));
    }

    private async Task DeliverAsync(DirectLineConversation conversation, JsonObject activity, Uri endpoint)
    {
        string? failure;
        try
        {
            using var client = httpClientFactory.CreateClient(HttpClientName);
            using var response = await client.PostAsJsonAsync(endpoint, activity, DirectLineJson.Options, lifetime.ApplicationStopping);
            failure = response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            failure = ex.Message;
        }

        if (failure is null)
        {
            return;
        }

        LogDeliveryFailed(endpoint, (string?)activity["type"], failure);

        // Shown in the transcript: on a local test page a silent failure looks like a bot that ignores you.
        conversation.Append(new JsonObject
        {
            ["type"] = "message",
            ["timestamp"] = timeProvider.GetUtcNow(),
            ["channelId"] = DefaultChannelId,
            ["conversation"] = new JsonObject { ["id"] = conversation.Id },
            ["from"] = BotAccount(),
            ["recipient"] = Account(conversation.UserId ?? "user", conversation.UserName, "user"),
            ["text"] = $"Local Direct Line could not deliver the {(string?)activity["type"]} activity to the bot at {endpoint}: {failure}.",
            ["channelData"] = new JsonObject { ["directLineDeliveryFailed"] = true },
        });
    }

    private JsonObject BotAccount() => Account(options.Value.BotId, options.Value.BotName, "bot");

    private static JsonObject Account(string id, string? name, string role)
    {
        var account = new JsonObject { ["id"] = id };
        if (!string.IsNullOrEmpty(name))
        {
            account["name"] = name;
        }

        account["role"] = role;
        return account;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Local Direct Line could not deliver a {ActivityType} activity to {Endpoint}: {Failure}")]
    private partial void LogDeliveryFailed(Uri endpoint, string? activityType, string failure);
}
