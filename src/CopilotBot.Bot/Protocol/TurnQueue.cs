using System.Collections.Concurrent;
using System.Threading.Channels;
using CopilotBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace CopilotBot.Bot.Protocol;

/// <summary>
/// Turns that answer through the connector run here, after the channel already got its 200: the channel's 15 s
/// limit then never depends on how long a draft takes.
/// </summary>
internal sealed class TurnQueue(IOptions<BotOptions> options)
{
    private readonly Channel<Func<CancellationToken, Task>> _channel =
        Channel.CreateBounded<Func<CancellationToken, Task>>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
        });

    public bool TryEnqueue(Func<CancellationToken, Task> work) => _channel.Writer.TryWrite(work);

    /// <summary>Waits for room: for recovered work, which no channel is waiting on.</summary>
    public ValueTask EnqueueAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken) => _channel.Writer.WriteAsync(work, cancellationToken);

    public ChannelReader<Func<CancellationToken, Task>> Reader => _channel.Reader;
}

/// <summary>
/// The durable side of the queue: an activity is recorded in the inbox before the channel is told it arrived, held
/// (leased) by this instance while it waits and runs, and forgotten when its turn has run. What this instance could
/// not finish is released when it stops, or found by any instance once its lease runs out after a crash.
/// </summary>
internal sealed partial class TurnInbox(
    IInboundActivityStore store,
    TurnQueue queue,
    IOptions<BotOptions> options,
    TimeProvider timeProvider,
    ILogger<TurnInbox> logger)
{
    private readonly BotOptions _options = options.Value;
    private readonly ConcurrentDictionary<long, byte> _held = new();

    /// <summary>Recorded, then queued; false when the queue is full (the record is dropped again, and the channel told to retry).</summary>
    public async Task<bool> AcceptAsync(string payload, Func<CancellationToken, Task> turn, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var id = await store.RecordAsync(payload, now, now + _options.InboxLease, cancellationToken);
        _held[id] = 0;
        if (queue.TryEnqueue(Work(id, turn)))
        {
            return true;
        }

        _held.TryRemove(id, out _);
        await store.CompleteAsync(id, CancellationToken.None);
        return false;
    }

    /// <summary>Queues a recovered activity's turn (its lease is already this instance's), waiting for room.</summary>
    public async Task RequeueAsync(long id, Func<CancellationToken, Task> turn, CancellationToken cancellationToken)
    {
        _held[id] = 0;
        await queue.EnqueueAsync(Work(id, turn), cancellationToken);
    }

    /// <summary>Forgets an activity that will not be run (unreadable, or given up on after too many attempts).</summary>
    public Task DropAsync(long id) => store.CompleteAsync(id, CancellationToken.None);

    /// <summary>Keeps the leases of what this instance holds from running out while it waits in the queue.</summary>
    public Task RenewAsync(CancellationToken cancellationToken) =>
        _held.IsEmpty ? Task.CompletedTask : store.RenewAsync([.. _held.Keys], timeProvider.GetUtcNow() + _options.InboxLease, cancellationToken);

    /// <summary>Gives back what this instance still holds (it is stopping): the next instance to start runs it at once.</summary>
    public async Task ReleaseAsync()
    {
        var left = _held.Keys.ToList();
        if (left.Count == 0)
        {
            return;
        }

        await store.ReleaseAsync(left, CancellationToken.None);
        LogReleased(logger, left.Count);
    }

    private Func<CancellationToken, Task> Work(long id, Func<CancellationToken, Task> turn) => async cancellationToken =>
    {
        try
        {
            await turn(cancellationToken);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Cut short by the host stopping: the activity stays recorded and is run again after the restart.
            return;
        }

        _held.TryRemove(id, out _);
        await store.CompleteAsync(id, CancellationToken.None);
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping with {Count} acknowledged activities not handled yet; they stay in the inbox for the next start")]
    private static partial void LogReleased(ILogger logger, int count);
}

/// <summary>
/// Runs queued turns with bounded concurrency. When the host stops, the turns already queued are still run (drained)
/// for up to <see cref="BotOptions.DrainTimeout"/>; what is left then stays in the inbox for the next start.
/// </summary>
internal sealed class TurnWorker(TurnQueue queue, TurnInbox inbox, IOptions<BotOptions> options, ILogger<TurnWorker> logger) : BackgroundService
{
    private readonly CancellationTokenSource _drainDeadline = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var drain = stoppingToken.Register(() => _drainDeadline.CancelAfter(options.Value.DrainTimeout));
        await Task.WhenAll(Enumerable.Range(0, options.Value.MaxConcurrentTurns).Select(_ => ConsumeAsync(stoppingToken)));
        await inbox.ReleaseAsync();
    }

    public override void Dispose()
    {
        _drainDeadline.Dispose();
        base.Dispose();
    }

    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        var deadline = _drainDeadline.Token;
        while (!deadline.IsCancellationRequested)
        {
            if (!queue.Reader.TryRead(out var work))
            {
                if (stoppingToken.IsCancellationRequested)
                {
                    return; // drained
                }

                try
                {
                    if (!await queue.Reader.WaitToReadAsync(stoppingToken))
                    {
                        return;
                    }
                }
                catch (OperationCanceledException)
                {
                    // Stopping: what is queued is still run, until the drain deadline.
                }

                continue;
            }

            try
            {
                await work(deadline);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                if (!deadline.IsCancellationRequested)
                {
                    // Turns handle their own errors; this only guards the worker loop.
                    logger.LogError(ex, "A queued turn failed outside its error handler.");
                }
            }
        }
    }
}
