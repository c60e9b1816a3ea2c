using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Crm.Web.Infrastructure.Email;

/// <summary>
/// Why a send failed, in words an admin can act on (the test email's message, the outbox's last error). English
/// resource keys with the server's own words as argument where it gave some; the raw exception goes to the log.
/// </summary>
public static class SmtpErrors
{
    public sealed record Described(string Key, string? Detail);

    public static Described Describe(Exception e) => e switch
    {
        AuthenticationException => new("The server refused the username or password.", e.Message),
        SslHandshakeException => new("The secure connection failed: check the security setting and the port.", null),
        SmtpCommandException c when c.ErrorCode == SmtpErrorCode.RecipientNotAccepted => new("The server refused the recipient's address.", c.Message),
        SmtpCommandException c when c.ErrorCode == SmtpErrorCode.SenderNotAccepted => new("The server refused the sender's address (the from address).", c.Message),
        SmtpCommandException c => new("The server refused the message.", c.Message),
        SmtpProtocolException => new("The server answered in a way that is not SMTP: check the port and the security setting.", null),
        SocketException s when s.SocketErrorCode == SocketError.HostNotFound || s.SocketErrorCode == SocketError.NoData => new("The server's name was not found.", null),
        SocketException => new("Could not connect to the server: check the host and the port.", null),
        TimeoutException or OperationCanceledException => new("The server did not answer in time.", null),
        ServiceNotConnectedException or ServiceNotAuthenticatedException => new("The server closed the connection.", null),
        ParseException or FormatException => new("An address is not valid.", e.Message),
        IOException => new("The connection to the server was lost.", e.Message),
        _ => new("The mail could not be sent.", e.Message),
    };

    /// <summary>The server cannot be reached or talked to at all (not a refusal of one message): no other message would go either.</summary>
    public static bool IsServerUnreachable(Exception e) =>
        e is SocketException or TimeoutException or SslHandshakeException or AuthenticationException or SmtpProtocolException
            or ServiceNotConnectedException or IOException;

    /// <summary>How the outbox stores it: the resource key on the first line (the page translates it), the server's words after.</summary>
    public static string Stored(Exception e)
    {
        var d = Describe(e);
        var line = d.Detail is null ? d.Key : $"{d.Key}\n{d.Detail}";
        return line.Length <= OutboxMessage.MaxErrorLength ? line : line[..OutboxMessage.MaxErrorLength];
    }

    /// <summary>A stored error read back: its key and the server's words.</summary>
    public static Described Read(string stored) =>
        stored.Split('\n', 2) is [var key, var detail] ? new(key, detail) : new(stored, null);
}
