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

        var users = await portfolio.GetUsersAsync(cancellationToken);
        if (!string.IsNullOrWhiteSpace(from.AadObjectId))
        {
            var byObjectId = users.FirstOrDefault(u =>
                !string.IsNullOrWhiteSpace(u.AadObjectId)
                && string.Equals(u.AadObjectId, from.AadObjectId, StringComparison.OrdinalIgnoreCase));
            if (byObjectId is not null)
            {
                return byObjectId;
            }
        }

        // Only Direct Line pages decide the user id (from a token they issue); a Teams from.id is never an email.
        if (ChannelIds.IsWebChat(activity.ChannelId) && from.Id is { } id && id.Contains('@', StringComparison.Ordinal))
        {
            return users.FirstOrDefault(u => string.Equals(u.Email, id, StringComparison.OrdinalIgnoreCase));
        }

        return null;
    }
}
