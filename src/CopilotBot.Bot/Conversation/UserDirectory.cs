using System.Text.Json.Nodes;
using CopilotBot.Bot.DirectLine;
using CopilotBot.Bot.Protocol;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Portfolio;
using Microsoft.Extensions.Options;

namespace CopilotBot.Bot.Conversation;

/// <summary>
/// Who is asking: users.csv matched on the Entra object id (Teams), or in Web Chat on the user id as an e-mail. On
/// Direct Line the client chooses <c>from.id</c>, so with authentication on that id counts only when a Direct Line
/// token this host signed names the same user and conversation (<see cref="UserTokenProperty"/> in channelData).
/// </summary>
internal sealed class UserDirectory(PortfolioService portfolio, DirectLineTokens directLineTokens, IOptions<BotOptions> options)
{
    /// <summary>The channelData property that carries the signed Direct Line token binding the user id to this conversation.</summary>
    public const string UserTokenProperty = "copilotUserToken";

    private readonly bool _authenticationEnabled = options.Value.AuthenticationEnabled;

    public async Task<User?> FindAsync(Activity activity, CancellationToken cancellationToken)
    {
        var from = activity.From;
        if (from is null)
        {
            return null;
        }

        if (!string.IsNullOrWhiteSpace(from.AadObjectId)
            && await FindByObjectIdAsync(from.AadObjectId, cancellationToken) is { } byObjectId)
        {
            return byObjectId;
        }

        // Only Direct Line pages decide the user id (from a token they issue); a Teams from.id is never an email.
        if (ChannelIds.IsWebChat(activity.ChannelId) && from.Id is { } id && id.Contains('@', StringComparison.Ordinal)
            && IsBound(activity, id))
        {
            var users = await portfolio.GetUsersAsync(cancellationToken);
            return users.FirstOrDefault(u => string.Equals(u.Email, id, StringComparison.OrdinalIgnoreCase));
        }

        return null;
    }

    /// <summary>
    /// Without authentication anyone may post any activity, so a binding would prove nothing; with it, a valid channel
    /// token still says nothing about <c>from.id</c>, which only our own signed Direct Line token can vouch for.
    /// </summary>
    private bool IsBound(Activity activity, string userId)
    {
        if (!_authenticationEnabled)
        {
            return true;
        }

        var token = activity.ChannelData is JsonObject data && data[UserTokenProperty] is JsonValue value
            && value.TryGetValue<string>(out var text) ? text : null;
        var claims = directLineTokens.Read(token, out _);
        return claims is not null
            && string.Equals(claims.User, userId, StringComparison.OrdinalIgnoreCase)
            && string.Equals(claims.Conversation, activity.Conversation?.Id, StringComparison.Ordinal);
    }

    /// <summary>The user whose Entra object id (users.csv <c>aad_object_id</c>) this is; also how MCP callers are known.</summary>
    public async Task<User?> FindByObjectIdAsync(string aadObjectId, CancellationToken cancellationToken)
    {
        var users = await portfolio.GetUsersAsync(cancellationToken);
        return users.FirstOrDefault(u =>
            !string.IsNullOrWhiteSpace(u.AadObjectId)
            && string.Equals(u.AadObjectId, aadObjectId, StringComparison.OrdinalIgnoreCase));
    }
}
