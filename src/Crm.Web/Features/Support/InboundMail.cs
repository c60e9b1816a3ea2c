using Crm.Web.Features.Tickets;
using Crm.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Features.Support;

public enum InboundMailOutcome
{
    /// <summary>Being imported (claimed by a run).</summary>
    Pending,

    /// <summary>Added to the ticket it answers.</summary>
    Threaded,

    /// <summary>Opened a new ticket.</summary>
    Opened,

    /// <summary>An auto-reply or a bounce: read, kept out of the tickets so that two robots never answer each other forever.</summary>
    Ignored,
}

/// <summary>
/// One email read from the pickup folder or the IMAP inbox, by its Message-ID: the unique key makes "read twice" (a
/// crash before the file moved, the same mail in both sources) import once.
/// </summary>
public sealed class InboundMail
{
    public const int MaxSourceLength = 20;
    public const int MaxFromLength = 320;
    public const int MaxSubjectLength = 300;

    public long Id { get; set; }

    /// <summary>The Message-ID header, without angle brackets; a made-up one from the content when missing.</summary>
    public string MessageId { get; set; } = string.Empty;

    public string Source { get; set; } = string.Empty;
    public string? From { get; set; }
    public string? Subject { get; set; }
    public InboundMailOutcome Outcome { get; set; }
    public int? TicketId { get; set; }
    public DateTime ReceivedAt { get; set; }
}

public sealed class InboundMailConfiguration : IEntityTypeConfiguration<InboundMail>
{
    public void Configure(EntityTypeBuilder<InboundMail> builder)
    {
        builder.ToTable("InboundMails");
        builder.Property(m => m.MessageId).HasMaxLength(TicketMessage.MaxMessageIdLength).IsRequired();
        builder.Property(m => m.Source).HasMaxLength(InboundMail.MaxSourceLength).IsRequired();
        builder.Property(m => m.From).HasMaxLength(InboundMail.MaxFromLength);
        builder.Property(m => m.Subject).HasMaxLength(InboundMail.MaxSubjectLength);
        builder.Property(m => m.Outcome).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(m => m.MessageId).IsUnique();
        builder.HasIndex(m => m.ReceivedAt);
    }
}

/// <summary>
/// The IMAP inbox support mail is read from, set at /Admin/Email; the password is protected with ASP.NET Data
/// Protection like the SMTP one and never shown back. No row, or no host: only the pickup folder is read.
/// </summary>
public sealed class ImapSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public string? Host { get; set; }
    public int Port { get; set; } = 993;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.SslOnConnect;
    public string? Username { get; set; }
    public string? ProtectedPassword { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public sealed class ImapSettingsConfiguration : IEntityTypeConfiguration<ImapSettings>
{
    public void Configure(EntityTypeBuilder<ImapSettings> builder)
    {
        builder.ToTable("ImapSettings");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Host).HasMaxLength(255);
        builder.Property(s => s.Security).HasConversion<string>().HasMaxLength(30);
        builder.Property(s => s.Username).HasMaxLength(255);
        builder.Property(s => s.ProtectedPassword).HasMaxLength(2000);
    }
}
