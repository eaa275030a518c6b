using System.Threading.Channels;
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

    public ChannelReader<Func<CancellationToken, Task>> Reader => _channel.Reader;
}

/// <summary>Runs queued turns with bounded concurrency until the host stops.</summary>
internal sealed class TurnWorker(TurnQueue queue, IOptions<BotOptions> options, ILogger<TurnWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.MaxConcurrentTurns).Select(_ => ConsumeAsync(stoppingToken)));

    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var work in queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await work(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // Turns handle their own errors; this only guards the worker loop.
                    logger.LogError(ex, "A queued turn failed outside its error handler.");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
