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
/// Delivers one message: over SMTP when a host is configured (at /Admin/Email, else appsettings' <c>Smtp</c>), else as
/// an .eml file in the data folder's mail pickup directory, so the embedded default needs no mail server. Throws when
/// the server refuses or cannot be reached; <see cref="SmtpErrors"/> says why in plain words.
/// </summary>
public sealed class MailSender(SmtpSettingsStore settings, DataPaths paths, TimeProvider clock, ILogger<MailSender> logger)
{
    /// <summary>A server that accepts the connection and then says nothing must not hold a sender for minutes.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public async Task SendAsync(string to, string subject, string text, string? html = null, CancellationToken ct = default)
    {
        var smtp = await settings.CurrentAsync(ct);
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(smtp.FromName, smtp.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody();

        if (smtp.UsesPickupFolder)
        {
            Directory.CreateDirectory(paths.Mail);
            var file = Path.Combine(paths.Mail, $"{clock.GetUtcNow():yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml");
            await message.WriteToAsync(file, ct);
            logger.LogInformation("Mail written to pickup folder {File}", file);
            return;
        }

        using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        await client.ConnectAsync(smtp.Host!, smtp.Port, smtp.SocketOptions, ct);
        if (!string.IsNullOrEmpty(smtp.Username))
        {
            await client.AuthenticateAsync(smtp.Username, smtp.Password ?? string.Empty, ct);
        }

        await client.SendAsync(message, ct);
        await client.DisconnectAsync(true, ct);
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
