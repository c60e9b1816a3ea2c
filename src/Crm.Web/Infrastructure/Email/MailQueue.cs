using System.Threading.Channels;

namespace Crm.Web.Infrastructure.Email;

/// <summary>
/// Mail composed and sent after the response, so a page answers in the same time whether or not a mail
/// goes out (forgot-password must not tell which emails have an account). Bounded: a flood of requests
/// drops work rather than memory. In memory only: what is queued when the app stops is lost.
/// </summary>
public sealed class MailQueue(ILogger<MailQueue> logger)
{
    public const int Capacity = 200;

    private readonly Channel<Work> _channel = Channel.CreateBounded<Work>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private int _pending;

    /// <summary>Queued or running work items; tests wait for it to reach zero.</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>Queues work run later in a scope of its own; false (and logged) when the queue is full.</summary>
    public bool TryQueue(string name, Func<IServiceProvider, CancellationToken, Task> work)
    {
        Interlocked.Increment(ref _pending);
        if (_channel.Writer.TryWrite(new Work(name, work)))
        {
            return true;
        }

        Interlocked.Decrement(ref _pending);
        logger.LogWarning("Mail queue full: {Work} dropped", name);
        return false;
    }

    internal ChannelReader<Work> Reader => _channel.Reader;

    internal void Done() => Interlocked.Decrement(ref _pending);

    internal sealed record Work(string Name, Func<IServiceProvider, CancellationToken, Task> Run);
}

/// <summary>Runs the queued mail work one item at a time; a failure is logged and the next item runs.</summary>
public sealed class MailQueueWorker(MailQueue queue, IServiceScopeFactory scopes, ILogger<MailQueueWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var work in queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await work.Run(scope.ServiceProvider, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(e, "Queued mail work {Work} failed", work.Name);
                }
                finally
                {
                    queue.Done();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still queued is dropped, as documented on MailQueue.
        }
    }
}
