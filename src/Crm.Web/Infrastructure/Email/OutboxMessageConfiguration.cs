using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Infrastructure.Email;

public sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("Outbox");
        builder.Property(m => m.To).HasMaxLength(OutboxMessage.MaxAddressLength).IsRequired();
        builder.Property(m => m.Subject).HasMaxLength(OutboxMessage.MaxSubjectLength).IsRequired();
        builder.Property(m => m.Text).IsRequired();
        builder.Property(m => m.Key).HasMaxLength(OutboxMessage.MaxKeyLength);
        builder.Property(m => m.MessageId).HasMaxLength(OutboxMessage.MaxMessageIdLength);
        builder.Property(m => m.Headers).HasMaxLength(OutboxMessage.MaxHeadersLength);
        builder.Property(m => m.AttachmentPath).HasMaxLength(OutboxMessage.MaxAttachmentPathLength);
        builder.Property(m => m.AttachmentName).HasMaxLength(OutboxMessage.MaxAttachmentNameLength);
        builder.Property(m => m.LastError).HasMaxLength(OutboxMessage.MaxErrorLength);
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(10);
        builder.HasIndex(m => m.Key).IsUnique().HasFilter("[Key] IS NOT NULL");

        // The sender: pending mail whose time has come.
        builder.HasIndex(m => new { m.Status, m.NextAttemptAt });
    }
}
