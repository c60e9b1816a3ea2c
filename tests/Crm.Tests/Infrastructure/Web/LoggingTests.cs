using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace Crm.Tests.Infrastructure.Web;

/// <summary>Logging is off the request path: a sink that hangs or throws never holds or fails a request.</summary>
public sealed class LoggingTests
{
    [Fact]
    public async Task A_sink_that_hangs_does_not_hold_a_request()
    {
        using var hanging = new HangingSink();
        await using var app = new SinkAppFactory(hanging);
        var client = app.CreateBrowserLikeClient();

        try
        {
            // The start-up lines already hold the writer in the sink.
            Assert.True(hanging.Entered.Wait(TimeSpan.FromSeconds(20)), "the sink was never written to: the test would prove nothing");

            var request = client.GetAsync("/Account/Login");
            var finished = await Task.WhenAny(request, Task.Delay(TimeSpan.FromSeconds(20)));

            Assert.Same(request, finished);
            Assert.Equal(HttpStatusCode.OK, (await request).StatusCode);
        }
        finally
        {
            hanging.Release();
        }
    }

    [Fact]
    public async Task A_sink_that_throws_does_not_fail_a_request()
    {
        var failing = new ThrowingSink();
        await using var app = new SinkAppFactory(failing);
        var client = app.CreateBrowserLikeClient();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
        }

        await WaitUntilAsync(() => failing.Calls > 0);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
    }

    [Fact]
    public async Task Each_request_leaves_a_line_in_the_server_log()
    {
        await using var app = new CrmAppFactory();
        Assert.Equal(HttpStatusCode.OK, (await app.CreateBrowserLikeClient().GetAsync("/Account/Login")).StatusCode);

        await ServerLog.WaitForAsync(app.DataDirectory, line => line.Contains("HTTP GET /Account/Login responded 200", StringComparison.Ordinal));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), "the sink was never written to: the test would prove nothing");
    }

    private sealed class SinkAppFactory(ILogEventSink sink) : CrmAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton(sink));
        }
    }

    private sealed class HangingSink : ILogEventSink, IDisposable
    {
        private readonly ManualResetEventSlim _release = new();

        public ManualResetEventSlim Entered { get; } = new();

        public void Emit(LogEvent logEvent)
        {
            Entered.Set();
            _release.Wait(TimeSpan.FromSeconds(30));
        }

        public void Release() => _release.Set();

        public void Dispose()
        {
            _release.Set();
            _release.Dispose();
            Entered.Dispose();
        }
    }

    private sealed class ThrowingSink : ILogEventSink
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public void Emit(LogEvent logEvent)
        {
            Interlocked.Increment(ref _calls);
            throw new IOException("The log disk is full.");
        }
    }
}
