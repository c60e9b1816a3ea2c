using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Crm.Web.Infrastructure.Web;

public static class LoggingSetup
{
    public static void AddCrmLogging(this WebApplicationBuilder builder, DataPaths paths)
    {
        // Sinks registered as services (ILogEventSink) are written through the same queue.
        // Each app instance keeps its own logger: with the static one, the last app started in a process (several
        // test hosts at once) would receive every other app's lines.
        builder.Services.AddSerilog(
            (services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Hangfire", LogEventLevel.Information)
            .Enrich.FromLogContext()
            // One background writer for every sink: a request only queues its events, so a slow disk, a full console
            // pipe or a failing sink never holds or fails it. When the queue is full, events are dropped, not waited for.
            .WriteTo.Async(
                sinks =>
                {
                    sinks.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}");
                    sinks.File(
                        Path.Combine(paths.Logs, "crm-.log"),
                        rollingInterval: RollingInterval.Day,
                        retainedFileCountLimit: 31,
                        fileSizeLimitBytes: 50 * 1024 * 1024,
                        rollOnFileSizeLimit: true,
                        shared: true,
                        outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}");
                    foreach (var sink in services.GetServices<ILogEventSink>())
                    {
                        sinks.Sink(sink);
                    }
                },
                bufferSize: 10_000,
                blockWhenFull: false),
            preserveStaticLogger: true);
    }

    public static void UseCrmRequestLogging(this WebApplication app) =>
        app.UseSerilogRequestLogging(o =>
        {
            // The app's own logger: the middleware otherwise writes to the static one, which AddSerilog leaves silent
            // (preserveStaticLogger), and no request line ever reached the log.
            o.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            // Ids only: no personal data in logs.
            // A customer's signed link is a credential: its token is never written to the log.
            o.GetMessageTemplateProperties = (http, path, elapsed, status) =>
            [
                new("RequestMethod", new ScalarValue(http.Request.Method)),
                new("RequestPath", new ScalarValue(WithoutSecrets(path))),
                new("StatusCode", new ScalarValue(status)),
                new("Elapsed", new ScalarValue(elapsed)),
            ];
            o.EnrichDiagnosticContext = (diagnostics, http) =>
            {
                diagnostics.Set("UserId", http.User.Identity?.IsAuthenticated == true ? http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value : null);
                diagnostics.Set("TraceId", System.Diagnostics.Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier);
            };
        });

    /// <summary>"/Support/Ticket/{token}/…" logged as "/Support/Ticket/***/…".</summary>
    public static string WithoutSecrets(string path)
    {
        const string prefix = "/Support/Ticket/";
        if (!path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return path;
        }

        var end = path.IndexOf('/', prefix.Length);
        return prefix + "***" + (end < 0 ? string.Empty : path[end..]);
    }
}
