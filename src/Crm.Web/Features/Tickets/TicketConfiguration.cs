using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Features.Tickets;

public sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> builder)
    {
        builder.Property(t => t.Channel).HasConversion<string>().HasMaxLength(10);
        builder.Property(t => t.Priority).HasConversion<string>().HasMaxLength(10);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.SlaState).HasConversion<string>().HasMaxLength(10);
        builder.Property(t => t.Version).IsConcurrencyToken();

        builder.HasOne(t => t.Contact).WithMany().HasForeignKey(t => t.ContactId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(t => t.Company).WithMany().HasForeignKey(t => t.CompanyId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(t => t.Owner).WithMany().HasForeignKey(t => t.OwnerId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(t => t.Team).WithMany().HasForeignKey(t => t.TeamId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<SlaPolicy>().WithMany().HasForeignKey(t => t.SlaPolicyId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(t => t.Tags).WithOne().HasForeignKey(t => t.TicketId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(t => t.Messages).WithOne().HasForeignKey(m => m.TicketId).OnDelete(DeleteBehavior.Cascade);

        builder.HasQueryFilter(t => t.DeletedAt == null);

        // The number is set after the insert gives the id (a second statement of the same save): empty until then.
        builder.HasIndex(t => t.Number);

        // Queues: open tickets by status, then by the deadline that comes first; the escalation sweep reads the same.
        builder.HasIndex(t => new { t.Status, t.ResolutionDueAt, t.Id }).HasFilter(LiveRows.Filter);
        // Mine, unassigned and my team: the queue's open tickets in deadline order, read in index order (no sort).
        builder.Property(t => t.InQueue).ValueGeneratedOnAddOrUpdate();
        builder.Property(t => t.QueueDue).ValueGeneratedOnAddOrUpdate();
        builder.HasIndex(t => new { t.OwnerId, t.InQueue, t.QueueDue, t.Id }).HasFilter(LiveRows.Filter);
        builder.HasIndex(t => new { t.TeamId, t.InQueue, t.QueueDue, t.Id }).HasFilter(LiveRows.Filter);
        builder.HasIndex(t => new { t.SlaState, t.Status, t.Id }).HasFilter(LiveRows.Filter);

        // The escalation sweep: one range per deadline and per escalation, never a scan of open tickets.
        builder.HasIndex(t => new { t.Status, t.FirstResponseDueAt }).HasFilter(LiveRows.Filter);
        builder.HasIndex(t => new { t.Status, t.FirstResponseWarnAt }).HasFilter(LiveRows.Filter);
        builder.HasIndex(t => new { t.Status, t.ResolutionWarnAt }).HasFilter(LiveRows.Filter);
        builder.HasIndex(t => new { t.CreatedAt, t.Id }).HasFilter(LiveRows.Filter);

        // The dashboard's SLA compliance and resolution time: the tickets resolved in a period.
        builder.HasIndex(t => new { t.ResolvedAt, t.Id }).HasFilter(LiveRows.Filter);

        // The dashboard's open tickets by priority: the open ones only, with what visibility filters on.
        builder.HasIndex(t => new { t.InQueue, t.Priority, t.TeamId, t.OwnerId }).HasFilter(LiveRows.Filter);
        builder.HasIndex(t => new { t.ContactId, t.CreatedAt });
        builder.HasIndex(t => new { t.CompanyId, t.CreatedAt });
        builder.HasDeclaredColumns();
    }
}

public sealed class TicketTagConfiguration : IEntityTypeConfiguration<TicketTag>
{
    public void Configure(EntityTypeBuilder<TicketTag> builder)
    {
        builder.HasKey(t => new { t.TicketId, t.TagId });
        builder.HasOne(t => t.Tag).WithMany().HasForeignKey(t => t.TagId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => new { t.TagId, t.TicketId });
    }
}

public sealed class TicketMessageConfiguration : IEntityTypeConfiguration<TicketMessage>
{
    public void Configure(EntityTypeBuilder<TicketMessage> builder)
    {
        builder.Property(m => m.Kind).HasConversion<string>().HasMaxLength(10);
        builder.Property(m => m.Body).IsRequired();
        builder.Property(m => m.From).HasMaxLength(TicketMessage.MaxFromLength);
        builder.Property(m => m.MessageId).HasMaxLength(TicketMessage.MaxMessageIdLength);
        // No cascade from users: SQL Server refuses a second path to messages (users → tickets → messages).
        builder.HasOne(m => m.Author).WithMany().HasForeignKey(m => m.AuthorId).OnDelete(DeleteBehavior.ClientSetNull);
        builder.HasMany(m => m.Attachments).WithOne().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.TicketId, m.At, m.Id });

        // Threading mail in: a reply names the Message-ID it answers.
        builder.HasIndex(m => m.MessageId);
    }
}

public sealed class TicketAttachmentConfiguration : IEntityTypeConfiguration<TicketAttachment>
{
    public void Configure(EntityTypeBuilder<TicketAttachment> builder)
    {
        builder.Property(a => a.FileName).HasMaxLength(TicketAttachment.MaxFileNameLength).IsRequired();
        builder.Property(a => a.ContentType).HasMaxLength(TicketAttachment.MaxContentTypeLength).IsRequired();
        builder.Property(a => a.StoredName).HasMaxLength(100).IsRequired();
        builder.HasIndex(a => a.MessageId);
    }
}
