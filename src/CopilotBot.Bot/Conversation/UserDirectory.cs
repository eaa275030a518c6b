using CopilotBot.Bot.Protocol;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Portfolio;

namespace CopilotBot.Bot.Conversation;

/// <summary>Who is asking: users.csv matched on the Entra object id (Teams) or, in Web Chat, the user id as an email.</summary>
internal sealed class UserDirectory(PortfolioService portfolio)
{
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
        if (ChannelIds.IsWebChat(activity.ChannelId) && from.Id is { } id && id.Contains('@', StringComparison.Ordinal))
        {
            var users = await portfolio.GetUsersAsync(cancellationToken);
            return users.FirstOrDefault(u => string.Equals(u.Email, id, StringComparison.OrdinalIgnoreCase));
        }

        return null;
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
