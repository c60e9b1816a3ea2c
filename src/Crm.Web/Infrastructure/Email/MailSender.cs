using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Crm.Web.Infrastructure.Email;

public sealed class SmtpOptions
{
    public const string Section = "Smtp";
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public string? Username { get; set; }
    public string? Password { get; set; }
    public bool UseStartTls { get; set; } = true;
    public string From { get; set; } = "crm@localhost";
    public string FromName { get; set; } = "Crm";
}

/// <summary>
/// Delivers mail: over SMTP when a host is configured (at /Admin/Email, else appsettings' <c>Smtp</c>), else as an .eml
/// file in the data folder's mail pickup directory, so the embedded default needs no mail server. Throws when the
/// server refuses or cannot be reached; <see cref="SmtpErrors"/> says why in plain words.
/// </summary>
public sealed class MailSender(SmtpSettingsStore settings, DataPaths paths, TimeProvider clock, ILogger<MailSender> logger)
{
    /// <summary>A server that accepts the connection and then says nothing must not hold a sender for minutes.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public async Task SendAsync(string to, string subject, string text, string? html = null, CancellationToken ct = default)
    {
        await using var session = await OpenAsync(ct);
        await session.SendAsync(to, subject, text, html, ct);
    }

    /// <summary>A session sends many messages over one SMTP connection (the outbox's batches), connecting on first use.</summary>
    public async Task<Session> OpenAsync(CancellationToken ct) => new(await settings.CurrentAsync(ct), paths, clock, logger);

    public sealed class Session(SmtpServerSettings smtp, DataPaths paths, TimeProvider clock, ILogger logger) : IAsyncDisposable
    {
        private SmtpClient? _client;

        /// <param name="messageId">The Message-ID to send with ("&lt;id@host&gt;"); null, MimeKit makes one up.</param>
        /// <param name="headers">Further headers, one "Name: value" a line (<see cref="OutboxMessage.Headers"/>).</param>
        /// <param name="attachment">A file to attach: its full path and the name the recipient sees.</param>
        public async Task SendAsync(string to, string subject, string text, string? html, CancellationToken ct, string? messageId = null, string? headers = null, (string Path, string Name)? attachment = null)
        {
            var message = new MimeMessage();
            if (messageId is { Length: > 2 } && messageId[0] == '<' && messageId[^1] == '>')
            {
                message.MessageId = messageId[1..^1];
            }

            message.From.Add(new MailboxAddress(smtp.FromName, smtp.From));
            message.To.Add(MailboxAddress.Parse(to));
            message.Subject = subject;
            foreach (var line in (headers ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (line.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon)
                {
                    message.Headers.Add(line[..colon].Trim(), line[(colon + 1)..].Trim());
                }
            }

            var body = new BodyBuilder { TextBody = text, HtmlBody = html };
            if (attachment is var (path, name))
            {
                await using var file = File.OpenRead(path);
                await body.Attachments.AddAsync(name, file, ct);
            }

            message.Body = body.ToMessageBody();

            if (smtp.UsesPickupFolder)
            {
                Directory.CreateDirectory(paths.Mail);
                var file = Path.Combine(paths.Mail, $"{clock.GetUtcNow():yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml");
                await message.WriteToAsync(file, ct);
                logger.LogInformation("Mail written to pickup folder {File}", file);
                return;
            }

            try
            {
                if (_client is not { IsConnected: true })
                {
                    _client?.Dispose();
                    _client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
                    await _client.ConnectAsync(smtp.Host!, smtp.Port, smtp.SocketOptions, ct);
                    if (!string.IsNullOrEmpty(smtp.Username))
                    {
                        await _client.AuthenticateAsync(smtp.Username, smtp.Password ?? string.Empty, ct);
                    }
                }

                await _client.SendAsync(message, ct);
            }
            catch
            {
                // The next message starts on a fresh connection rather than on one in an unknown state.
                _client?.Dispose();
                _client = null;
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_client is null)
            {
                return;
            }

            try
            {
                if (_client.IsConnected)
                {
                    await _client.DisconnectAsync(true);
                }
            }
            catch (Exception e) when (e is IOException or MailKit.ServiceNotConnectedException or MailKit.Net.Smtp.SmtpProtocolException or OperationCanceledException)
            {
                // Every message was handed over already; a failed QUIT changes nothing.
            }
            finally
            {
                _client.Dispose();
            }
        }
    }
}

public static class EmailSetup
{
    public static IServiceCollection AddCrmEmail(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SmtpOptions>(configuration.GetSection(SmtpOptions.Section));
        services.AddScoped<MailSender>();
        services.AddScoped<MailOutbox>();
        services.AddScoped<SmtpSettingsStore>();
        services.AddScoped<OutboxSender>();
        services.AddScoped<OutboxKick>();
        services.AddHostedService<OutboxSchedule>();
        services.AddMemoryCache();
        services.AddSingleton<MailQueue>();
        services.AddHostedService<MailQueueWorker>();
        return services;
    }
}
