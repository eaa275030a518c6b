using CopilotBot.Bot.Cards;
using CopilotBot.Bot.Conversation;
using CopilotBot.Bot.Protocol;
using CopilotBot.Core.Alerts;
using CopilotBot.Core.Domain;
using CopilotBot.Core.Portfolio;
using CopilotBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace CopilotBot.Bot.Alerts;

/// <summary>
/// Delivers alerts and digests as proactive messages through <see cref="ProactiveMessenger"/> (and so the connector's
/// retry and rate-limit rules). A recipient the bot cannot reach yet (never talked to it) stays pending and is tried
/// again on every round; <c>copilot alerts --pending</c> lists them.
/// </summary>
internal sealed partial class AlertDispatcher(
    AlertService alerts,
    DigestBuilder digests,
    PortfolioService portfolio,
    IPortfolioStore store,
    IAlertStore alertStore,
    IConversationReferenceStore references,
    ProactiveMessenger messenger,
    IOptions<AlertOptions> options,
    TimeProvider timeProvider,
    ILogger<AlertDispatcher> logger)
{
    /// <summary>Sends every pending alert to every recipient the bot can reach; returns how many were delivered.</summary>
    public async Task<int> DeliverPendingAsync(CancellationToken cancellationToken)
    {
        var delivered = 0;
        foreach (var (alert, recipient) in await alerts.GetPendingDeliveriesAsync(cancellationToken))
        {
            var channelId = (await references.GetByUserAsync(recipient, cancellationToken)).FirstOrDefault()?.ChannelId;
            if (channelId is null)
            {
                continue; // unreachable until they talk to the bot or install it
            }

            var card = AlertCard.Build(alert, channelId, timeProvider.GetUtcNow());
            if (await TrySendAsync(recipient, text: null, card, cancellationToken))
            {
                await alerts.MarkDeliveredAsync(alert, recipient, cancellationToken);
                delivered++;
            }
        }

        return delivered;
    }

    /// <summary>Sends each manager's and CSM's digest once per scheduled slot, within a day of the slot.</summary>
    public async Task<int> SendDueDigestsAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZone);
        var now = timeProvider.GetUtcNow();
        var localNow = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var users = await store.GetUsersAsync(cancellationToken);
        var sent = 0;
        foreach (var (schedule, kind, role) in new[]
        {
            (settings.ManagerDigest, DigestKind.Manager, UserRole.Manager),
            (settings.CsmDigest, DigestKind.Csm, UserRole.Csm),
        })
        {
            var slot = schedule.LastSlot(localNow);
            if (!schedule.Enabled || localNow - slot > TimeSpan.FromDays(1))
            {
                continue;
            }

            foreach (var user in users.Where(u => u.Role == role))
            {
                sent += await SendDigestAsync(user, kind, DateOnly.FromDateTime(slot), cancellationToken) ? 1 : 0;
            }
        }

        return sent;
    }

    private async Task<bool> SendDigestAsync(User user, DigestKind kind, DateOnly period, CancellationToken cancellationToken)
    {
        if ((await references.GetByUserAsync(user.Email, cancellationToken)).Count == 0
            || (await alertStore.GetDigestSentAsync(user.Email, kind.ToString(), period, cancellationToken)))
        {
            return false;
        }

        var digest = await digests.BuildAsync(await portfolio.GetScopeAsync(user.Email, cancellationToken), cancellationToken);
        if (!await TrySendAsync(user.Email, DigestMarkdown.Render(digest), card: null, cancellationToken))
        {
            return false;
        }

        await alertStore.TryMarkDigestSentAsync(user.Email, kind.ToString(), period, timeProvider.GetUtcNow(), cancellationToken);
        return true;
    }

    private async Task<bool> TrySendAsync(string recipient, string? text, System.Text.Json.Nodes.JsonObject? card, CancellationToken cancellationToken)
    {
        try
        {
            return await messenger.SendToUserAsync(recipient, text, card, cancellationToken);
        }
        catch (Exception ex) when (ex is ConnectorException or HttpRequestException)
        {
            // The connector already retried; the delivery stays pending for the next round.
            LogSendFailed(logger, recipient, ex);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Proactive message to {Recipient} failed; it stays pending")]
    private static partial void LogSendFailed(ILogger logger, string recipient, Exception exception);
}
