using System.Net;
using System.Text.Json;
using CopilotBot.Core.Diagnostics;
using CopilotBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace CopilotBot.Bot.Protocol;

/// <summary>
/// Replies to <c>serviceUrl</c> through a durable outbox: recorded first, then sent at once when nothing earlier in
/// the conversation is still waiting (the low-latency path); a failed send is retried by <see cref="ReplySender"/>
/// with exponential backoff and jitter, honouring 429 Retry-After, until it is delivered or dead-lettered.
/// </summary>
internal sealed partial class ReplyOutbox(
    IPendingReplyStore store,
    ConnectorClient connector,
    IOptions<BotOptions> options,
    TimeProvider timeProvider,
    ILogger<ReplyOutbox> logger)
{
    private readonly BotOptions _options = options.Value;
    private readonly SemaphoreSlim _wake = new(0, 1);

    // Replies this process recorded behind another of their conversation since the sender last found the outbox
    // empty: only then must a delivery wake the sender, which otherwise would query the outbox after every reply.
    private int _queuedBehind;

    /// <summary>Recorded, then sent if it is first in line; the id of the posted activity when it went out now.</summary>
    public async Task<ResourceResponse> SendAsync(Activity activity, CancellationToken cancellationToken)
    {
        activity.Id = null; // bots SHOULD NOT set ids (A2031)
        var now = timeProvider.GetUtcNow();
        var (_, claimed) = await store.EnqueueAndTryClaimAsync(
            ConversationKey(activity), JsonSerializer.Serialize(activity, ActivityJson.Options), now, _options.OutboxLease, cancellationToken);
        if (claimed is null)
        {
            Interlocked.Increment(ref _queuedBehind);
            Wake();
            return new ResourceResponse(null);
        }

        return await AttemptAsync(claimed, activity, cancellationToken) ?? new ResourceResponse(null);
    }

    /// <summary>Wakes the sender early (a reply is waiting behind another).</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another caller woke it first.
            }
        }
    }

    internal Task<bool> WaitForWakeAsync(TimeSpan timeout, CancellationToken cancellationToken) => _wake.WaitAsync(timeout, cancellationToken);

    /// <summary>Read before the sender looks for the next due reply; see <see cref="OutboxFoundEmpty"/>.</summary>
    internal int QueuedBehind => Volatile.Read(ref _queuedBehind);

    /// <summary>
    /// The sender found nothing pending after reading <paramref name="queuedBehindBefore"/>: nothing recorded until
    /// then waits any more. A reply queued in the meantime changed the count, which then stays.
    /// </summary>
    internal void OutboxFoundEmpty(int queuedBehindBefore) => Interlocked.CompareExchange(ref _queuedBehind, 0, queuedBehindBefore);

    /// <summary>One send of a leased reply; delivered, rescheduled or dead-lettered. Null unless delivered.</summary>
    internal async Task<ResourceResponse?> AttemptAsync(PendingReply reply, Activity? activity, CancellationToken cancellationToken)
    {
        using var span = CopilotTelemetry.Source.StartActivity("outbox.send");
        span?.SetTag("outbox.attempt", reply.Attempts + 1);
        string failure;
        TimeSpan? retryAfter = null;
        var permanent = false;
        try
        {
            activity ??= JsonSerializer.Deserialize<Activity>(reply.Payload, ActivityJson.Options)
                ?? throw new JsonException("empty payload");
            var response = await connector.SendAsync(activity, cancellationToken, retryThrottled: false, json: reply.Payload);
            await store.CompleteAsync(reply.Id, CancellationToken.None);
            if (QueuedBehind > 0)
            {
                Wake(); // a reply waiting behind this one may go now
            }

            CopilotTelemetry.OutboxAttempts.Add(1, new KeyValuePair<string, object?>("outcome", "delivered"));
            if (reply.Attempts > 0)
            {
                LogDeliveredLate(logger, reply.Id, reply.Attempts + 1);
            }

            return response;
        }
        catch (ConnectorException ex)
        {
            failure = $"HTTP {(int)ex.Status}";
            retryAfter = ex.RetryAfter;
            permanent = IsPermanent(ex.Status);
        }
        catch (HttpRequestException ex)
        {
            failure = ex.HttpRequestError.ToString();
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            failure = "timeout";
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or UriFormatException or NotSupportedException or ArgumentException)
        {
            failure = ex.GetType().Name;
            permanent = true;
        }

        var attempts = reply.Attempts + 1;
        if (permanent || attempts >= _options.OutboxMaxAttempts)
        {
            await store.DeadLetterAsync(reply.Id, failure, CancellationToken.None);
            CopilotTelemetry.OutboxAttempts.Add(1, new KeyValuePair<string, object?>("outcome", "dead_letter"));
            LogDeadLettered(logger, reply.Id, attempts, failure);
            Wake(); // the next reply of the conversation may go now
            return null;
        }

        var delay = Backoff(attempts, retryAfter);
        await store.FailAsync(reply.Id, timeProvider.GetUtcNow() + delay, failure, CancellationToken.None);
        CopilotTelemetry.OutboxAttempts.Add(1, new KeyValuePair<string, object?>("outcome", "retry"));
        LogRetrying(logger, reply.Id, attempts, failure, delay.TotalSeconds);
        Wake();
        return null;
    }

    /// <summary>Exponential (base × 2^(n-1), capped) with ±25% jitter so that many failed replies do not retry in lockstep; at least Retry-After.</summary>
    internal TimeSpan Backoff(int attempts, TimeSpan? retryAfter)
    {
        var exponential = _options.OutboxBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempts - 1, 30));
        var capped = Math.Min(exponential, _options.OutboxMaxDelay.TotalMilliseconds);
        var jittered = capped * (0.75 + (Random.Shared.NextDouble() * 0.5));
        var delay = TimeSpan.FromMilliseconds(jittered);
        return retryAfter is { } wait && wait > delay ? wait : delay;
    }

    // 4xx means the channel will never take it (gone conversation, uninstalled app, bad activity); 408 and 429 are transient.
    private static bool IsPermanent(HttpStatusCode status) =>
        (int)status is >= 400 and < 500 && status is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);

    private static string ConversationKey(Activity activity) => $"{activity.ServiceUrl}|{activity.Conversation?.Id}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reply {ReplyId} not delivered (attempt {Attempt}: {Failure}); retrying in {DelaySeconds:0.0} s")]
    private static partial void LogRetrying(ILogger logger, long replyId, int attempt, string failure, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reply {ReplyId} dead-lettered after {Attempts} attempt(s): {Failure}")]
    private static partial void LogDeadLettered(ILogger logger, long replyId, int attempts, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reply {ReplyId} delivered on attempt {Attempt}")]
    private static partial void LogDeliveredLate(ILogger logger, long replyId, int attempt);
}

/// <summary>
/// Sends what the outbox holds: replies whose immediate send failed, that waited behind another, or that were
/// pending when the process stopped. Conversations go in parallel, each in order.
/// </summary>
internal sealed partial class ReplySender(
    ReplyOutbox outbox,
    IPendingReplyStore store,
    IOptions<BotOptions> options,
    TimeProvider timeProvider,
    ILogger<ReplySender> logger) : BackgroundService
{
    private const int BatchSize = 32;
    private readonly BotOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await store.PurgeDeliveredAsync(timeProvider.GetUtcNow() - TimeSpan.FromDays(7), stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var claimed = await store.ClaimDueAsync(timeProvider.GetUtcNow(), _options.OutboxLease, BatchSize, stoppingToken);
                    if (claimed.Count > 0)
                    {
                        await Task.WhenAll(claimed.Select(r => outbox.AttemptAsync(r, null, stoppingToken)));
                        continue;
                    }

                    var queuedBehind = outbox.QueuedBehind;
                    var next = await store.NextDueAsync(stoppingToken);
                    if (next is null)
                    {
                        outbox.OutboxFoundEmpty(queuedBehind);
                    }

                    var wait = next is null ? _options.OutboxPollInterval : next.Value - timeProvider.GetUtcNow();
                    wait = wait < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : wait > _options.OutboxPollInterval ? _options.OutboxPollInterval : wait;
                    await outbox.WaitForWakeAsync(wait, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The store itself failed (disk, lock); try again shortly rather than stop sending for good.
                    LogSenderError(logger, ex);
                    await Task.Delay(_options.OutboxPollInterval, timeProvider, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The reply sender could not read the outbox")]
    private static partial void LogSenderError(ILogger logger, Exception exception);
}
