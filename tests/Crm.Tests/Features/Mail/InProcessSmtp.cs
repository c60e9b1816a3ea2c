using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Crm.Tests.Features.Mail;

/// <summary>A real SMTP server on a free loopback port, run in the test process; it keeps every message it accepts.</summary>
public sealed class InProcessSmtp : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly SmtpServer.SmtpServer _server;
    private readonly Task _running;

    private InProcessSmtp(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(Received));
        _server = new SmtpServer.SmtpServer(options, services);
        _server.SessionCreated += (_, _) => Interlocked.Increment(ref _sessions);
        _running = _server.StartAsync(_stop.Token);
    }

    private int _sessions;

    public int Port { get; }

    /// <summary>How many SMTP connections were opened.</summary>
    public int Sessions => Volatile.Read(ref _sessions);

    public ConcurrentQueue<MimeMessage> Received { get; } = new();

    public static InProcessSmtp Start() => new(FreePort());

    /// <summary>A port nothing listens on: connecting to it is refused, as with a server that is down.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task<MimeMessage> WaitForAsync(Func<MimeMessage, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (Received.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("The SMTP server received no such message.");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private sealed class Store(ConcurrentQueue<MimeMessage> received) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
